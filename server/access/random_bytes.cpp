#include "server/access/random_bytes.hpp"

#include <fstream>
#include <stdexcept>

namespace sna::server {

std::string random_bytes(std::size_t count) {
    std::ifstream random("/dev/urandom", std::ios::binary);
    std::string out(count, '\0');
    if (!random.read(out.data(), static_cast<std::streamsize>(count)))
        throw std::runtime_error("cannot read /dev/urandom");
    return out;
}

}  // namespace sna::server
