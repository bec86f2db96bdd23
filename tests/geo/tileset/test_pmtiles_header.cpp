#include "geo/tileset/pmtiles_header.hpp"

#include "geo/core/errors.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

PmtilesHeader sample() {
    PmtilesHeader h;
    h.root_offset = 127;
    h.root_length = 900;
    h.metadata_offset = 1027;
    h.metadata_length = 333;
    h.leaves_offset = 1360;
    h.leaves_length = 4000;
    h.tile_data_offset = 5360;
    h.tile_data_length = std::uint64_t{5} << 33;
    h.addressed_tiles = 23000;
    h.tile_entries = 21000;
    h.tile_contents = 20000;
    h.clustered = true;
    h.internal_compression = PmtilesCompression::gzip;
    h.tile_compression = PmtilesCompression::gzip;
    h.tile_type = PmtilesTileType::mvt;
    h.min_zoom = 8;
    h.max_zoom = 16;
    h.min_lon_e7 = to_e7(-2.2);
    h.min_lat_e7 = to_e7(52.3);
    h.max_lon_e7 = to_e7(-1.4);
    h.max_lat_e7 = to_e7(52.7);
    h.center_zoom = 9;
    h.center_lon_e7 = to_e7(-1.8);
    h.center_lat_e7 = to_e7(52.5);
    return h;
}

}  // namespace

TEST_CASE("A PMTiles header is 127 little-endian bytes at the offsets of the spec") {
    const std::string b = serialize_header(sample());
    REQUIRE(b.size() == 127);
    CHECK(b.substr(0, 7) == "PMTiles");
    CHECK(b[7] == 3);
    CHECK(static_cast<unsigned char>(b[8]) == 127);  // root offset, low byte first
    CHECK(b.substr(9, 7) == std::string(7, '\0'));
    CHECK(static_cast<unsigned char>(b[68]) == 10);  // tile data length 5 << 33: byte 4 = 0x0A
    CHECK(b[96] == 1);                               // clustered
    CHECK(b[97] == 2);                               // internal compression gzip
    CHECK(b[98] == 2);                               // tile compression gzip
    CHECK(b[99] == 1);                               // MVT
    CHECK(b[100] == 8);
    CHECK(b[101] == 16);
    // min lon -22,000,000 = 0xFEB04E80 in two's complement, little-endian.
    CHECK(static_cast<unsigned char>(b[102]) == 0x80);
    CHECK(static_cast<unsigned char>(b[103]) == 0x4E);
    CHECK(static_cast<unsigned char>(b[104]) == 0xB0);
    CHECK(static_cast<unsigned char>(b[105]) == 0xFE);
    CHECK(b[118] == 9);
}

TEST_CASE("A PMTiles header survives a round trip") {
    const PmtilesHeader h = sample();
    const PmtilesHeader back = parse_header(serialize_header(h), "t.pmtiles");
    CHECK(back.root_offset == h.root_offset);
    CHECK(back.root_length == h.root_length);
    CHECK(back.metadata_offset == h.metadata_offset);
    CHECK(back.metadata_length == h.metadata_length);
    CHECK(back.leaves_offset == h.leaves_offset);
    CHECK(back.leaves_length == h.leaves_length);
    CHECK(back.tile_data_offset == h.tile_data_offset);
    CHECK(back.tile_data_length == h.tile_data_length);
    CHECK(back.addressed_tiles == h.addressed_tiles);
    CHECK(back.tile_entries == h.tile_entries);
    CHECK(back.tile_contents == h.tile_contents);
    CHECK(back.clustered);
    CHECK(back.internal_compression == PmtilesCompression::gzip);
    CHECK(back.tile_compression == PmtilesCompression::gzip);
    CHECK(back.tile_type == PmtilesTileType::mvt);
    CHECK(back.min_zoom == 8);
    CHECK(back.max_zoom == 16);
    CHECK(back.min_lon_e7 == -22000000);
    CHECK(back.min_lat_e7 == 523000000);
    CHECK(back.max_lon_e7 == -14000000);
    CHECK(back.max_lat_e7 == 527000000);
    CHECK(back.center_zoom == 9);
    CHECK(back.center_lon_e7 == -18000000);
    CHECK(back.center_lat_e7 == 525000000);
}

TEST_CASE("Bytes that are not a PMTiles v3 header are refused with the file named") {
    std::string b = serialize_header(sample());
    CHECK_THROWS_WITH(parse_header(b.substr(0, 100), "x.pmtiles"),
                      Catch::Contains("x.pmtiles") && Catch::Contains("not a PMTiles archive"));
    std::string sqlite = b;
    sqlite.replace(0, 7, "SQLite ");
    CHECK_THROWS_AS(parse_header(sqlite, "x.pmtiles"), DataError);
    b[7] = 2;
    CHECK_THROWS_WITH(parse_header(b, "x.pmtiles"), Catch::Contains("version 2"));
}
