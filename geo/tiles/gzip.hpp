#pragma once
/// gzip (RFC 1952) compression for tiles sent with Content-Encoding: gzip.

#include <cstddef>
#include <string>
#include <string_view>

namespace sna::geo {

/// Default zlib compression level: a good size/speed balance for tiles.
constexpr int default_gzip_level = 6;

/// The level for a body compressed for one or few requests (an uncached tile, an API answer):
/// above 256 KiB, level 4, which takes about 40 % of level 6's time for 2–7 % more bytes (a
/// 4.8 MB composite: 154 → 65 ms; a 2.5 MB z6 tile over 35,000 areas: 100 → 42 ms, 992 →
/// 1,033 KB); below, the default. Level 1 would be faster still but about 10–20 % larger.
int quick_gzip_level(std::size_t size);

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
