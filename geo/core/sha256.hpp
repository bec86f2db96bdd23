#pragma once
/// SHA-256 (FIPS 180-4), used for the data version and ETags.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sna::geo {

class Sha256 {
public:
    Sha256();
    void update(std::string_view data);
    /// Finishes and returns the lowercase hex digest; the object is spent afterwards.
    std::string hex_digest();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0;
};

std::string sha256_hex(std::string_view data);

}  // namespace sna::geo
