#pragma once
/// gzip (RFC 1952) compression for tiles sent with Content-Encoding: gzip.

#include <cstddef>
#include <string>
#include <string_view>

namespace sna::geo {

/// Default zlib compression level: a good size/speed balance for tiles.
constexpr int default_gzip_level = 6;

/// Upper bound on decompressed output, so a hostile input cannot exhaust memory.
constexpr std::size_t default_max_gunzip_size = std::size_t{256} << 20U;

/// True if the data starts with the gzip magic bytes 1f 8b.
bool is_gzip(std::string_view data);

/// Compresses to the gzip format.
/// @throws Error if zlib fails; @pre 0 <= level <= 9
std::string gzip_compress(std::string_view data, int level = default_gzip_level);

/// Decompresses gzip data (a single member).
/// @throws Error if the data is not valid gzip, is truncated, or inflates beyond max_size.
std::string gzip_decompress(std::string_view data, std::size_t max_size = default_max_gunzip_size);

}  // namespace sna::geo
