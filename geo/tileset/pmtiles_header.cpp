#include "geo/tileset/pmtiles_header.hpp"

#include "geo/core/errors.hpp"

#include <cassert>
#include <cmath>

namespace sna::geo {

namespace {

constexpr std::string_view magic = "PMTiles";
constexpr std::uint8_t spec_version = 3;

template <typename T>
void put_le(std::string& out, T value) {
    auto bits = static_cast<std::uint64_t>(value);
    for (std::size_t i = 0; i < sizeof(T); ++i) {
        out.push_back(static_cast<char>(bits & 0xFFU));
        bits >>= 8U;
    }
}

template <typename T>
T get_le(std::string_view bytes, std::size_t at) {
    std::uint64_t bits = 0;
    for (std::size_t i = sizeof(T); i > 0; --i)
        bits = (bits << 8U) | static_cast<unsigned char>(bytes[at + i - 1]);
    return static_cast<T>(bits);
}

}  // namespace

std::int32_t to_e7(double degrees) {
    assert(std::abs(degrees) <= 180.0);
    return static_cast<std::int32_t>(std::lround(degrees * 1e7));
}

std::string serialize_header(const PmtilesHeader& h) {
    std::string out(magic);
    out.push_back(static_cast<char>(spec_version));
    for (const std::uint64_t v :
         {h.root_offset, h.root_length, h.metadata_offset, h.metadata_length, h.leaves_offset,
          h.leaves_length, h.tile_data_offset, h.tile_data_length, h.addressed_tiles,
          h.tile_entries, h.tile_contents})
        put_le(out, v);
    for (const std::uint8_t v : {static_cast<std::uint8_t>(h.clustered ? 1 : 0),
                                 static_cast<std::uint8_t>(h.internal_compression),
                                 static_cast<std::uint8_t>(h.tile_compression),
                                 static_cast<std::uint8_t>(h.tile_type), h.min_zoom, h.max_zoom})
        put_le(out, v);
    for (const std::int32_t v : {h.min_lon_e7, h.min_lat_e7, h.max_lon_e7, h.max_lat_e7})
        put_le(out, static_cast<std::uint32_t>(v));
    put_le(out, h.center_zoom);
    put_le(out, static_cast<std::uint32_t>(h.center_lon_e7));
    put_le(out, static_cast<std::uint32_t>(h.center_lat_e7));
    assert(out.size() == pmtiles_header_bytes);
    return out;
}

PmtilesHeader parse_header(std::string_view bytes, const std::string& where) {
    if (bytes.size() < pmtiles_header_bytes || bytes.substr(0, magic.size()) != magic)
        throw DataError({where, "", ""}, "not a PMTiles archive (no 127-byte 'PMTiles' header)");
    if (static_cast<std::uint8_t>(bytes[7]) != spec_version)
        throw DataError({where, "", ""}, "PMTiles version " +
                                             std::to_string(static_cast<int>(bytes[7])) +
                                             " is not supported (only 3)");
    PmtilesHeader h;
    std::uint64_t* const fields[] = {&h.root_offset,      &h.root_length,      &h.metadata_offset,
                                     &h.metadata_length,  &h.leaves_offset,    &h.leaves_length,
                                     &h.tile_data_offset, &h.tile_data_length, &h.addressed_tiles,
                                     &h.tile_entries,     &h.tile_contents};
    std::size_t at = 8;
    for (std::uint64_t* f : fields) {
        *f = get_le<std::uint64_t>(bytes, at);
        at += 8;
    }
    h.clustered = bytes[96] == 1;
    h.internal_compression = static_cast<PmtilesCompression>(bytes[97]);
    h.tile_compression = static_cast<PmtilesCompression>(bytes[98]);
    h.tile_type = static_cast<PmtilesTileType>(bytes[99]);
    h.min_zoom = static_cast<std::uint8_t>(bytes[100]);
    h.max_zoom = static_cast<std::uint8_t>(bytes[101]);
    h.min_lon_e7 = static_cast<std::int32_t>(get_le<std::uint32_t>(bytes, 102));
    h.min_lat_e7 = static_cast<std::int32_t>(get_le<std::uint32_t>(bytes, 106));
    h.max_lon_e7 = static_cast<std::int32_t>(get_le<std::uint32_t>(bytes, 110));
    h.max_lat_e7 = static_cast<std::int32_t>(get_le<std::uint32_t>(bytes, 114));
    h.center_zoom = static_cast<std::uint8_t>(bytes[118]);
    h.center_lon_e7 = static_cast<std::int32_t>(get_le<std::uint32_t>(bytes, 119));
    h.center_lat_e7 = static_cast<std::int32_t>(get_le<std::uint32_t>(bytes, 123));
    return h;
}

}  // namespace sna::geo
