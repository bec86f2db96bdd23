#pragma once
/// The 127-byte PMTiles v3 header (spec chapter 3): section offsets and lengths, counts,
/// compression, tile type, zooms, bounds and centre.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sna::geo {

constexpr std::size_t pmtiles_header_bytes = 127;

/// Spec 3.3.
enum class PmtilesCompression : std::uint8_t {
    unknown = 0,
    none = 1,
    gzip = 2,
    brotli = 3,
    zstd = 4
};
/// Spec 3.2, "Tile Type".
enum class PmtilesTileType : std::uint8_t {
    unknown = 0,
    mvt = 1,
    png = 2,
    jpeg = 3,
    webp = 4,
    avif = 5
};

struct PmtilesHeader {
    std::uint64_t root_offset = 0;
    std::uint64_t root_length = 0;
    std::uint64_t metadata_offset = 0;
    std::uint64_t metadata_length = 0;
    std::uint64_t leaves_offset = 0;
    std::uint64_t leaves_length = 0;
    std::uint64_t tile_data_offset = 0;
    std::uint64_t tile_data_length = 0;
    std::uint64_t addressed_tiles = 0;  ///< sum of run lengths
    std::uint64_t tile_entries = 0;     ///< entries with run length > 0
    std::uint64_t tile_contents = 0;    ///< distinct blobs in the tile data
    bool clustered = false;
    PmtilesCompression internal_compression = PmtilesCompression::gzip;
    PmtilesCompression tile_compression = PmtilesCompression::gzip;
    PmtilesTileType tile_type = PmtilesTileType::mvt;
    std::uint8_t min_zoom = 0;
    std::uint8_t max_zoom = 0;
    /// Degrees times 10^7 (spec 3.4), as stored.
    std::int32_t min_lon_e7 = 0, min_lat_e7 = 0, max_lon_e7 = 0, max_lat_e7 = 0;
    std::uint8_t center_zoom = 0;
    std::int32_t center_lon_e7 = 0, center_lat_e7 = 0;
};

/// Degrees as the header stores them (times 10^7, rounded to nearest).
/// @pre -180 <= degrees <= 180
std::int32_t to_e7(double degrees);

/// Exactly pmtiles_header_bytes bytes, little-endian.
std::string serialize_header(const PmtilesHeader& header);

/// @throws DataError naming `where` when the bytes are short, lack the "PMTiles" magic or are
/// not version 3.
PmtilesHeader parse_header(std::string_view bytes, const std::string& where);

}  // namespace sna::geo
