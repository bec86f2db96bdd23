#pragma once
/// Test support: gzip decoding straight through zlib's inflate (not the server's geo::gzip
/// code), so a compressed response is checked by a decoder the server does not share.

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace sna::test {

/// The bytes of one gzip member; throws std::runtime_error when `data` is not complete gzip.
inline std::string gunzip(std::string_view data) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2 failed");
    std::string out;
    char buffer[16384];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
    }
    const bool complete = rc == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    if (!complete) throw std::runtime_error("not a complete gzip member");
    return out;
}

}  // namespace sna::test
