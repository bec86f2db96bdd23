#include "geo/tileset/pmtiles_tile_id.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace sna::geo;

TEST_CASE("PMTiles tile ids match the table in the v3 spec") {
    CHECK(pmtiles_tile_id({0, 0, 0}) == 0);
    CHECK(pmtiles_tile_id({1, 0, 0}) == 1);
    CHECK(pmtiles_tile_id({1, 0, 1}) == 2);
    CHECK(pmtiles_tile_id({1, 1, 1}) == 3);
    CHECK(pmtiles_tile_id({1, 1, 0}) == 4);
    CHECK(pmtiles_tile_id({2, 0, 0}) == 5);
    CHECK(pmtiles_tile_id({12, 3423, 1763}) == 19078479);
}

TEST_CASE("PMTiles tile ids number each zoom's tiles contiguously after the shallower zooms") {
    // z0..6: every id from 0 to 5460 once, in zoom order, and back to the same tile.
    std::set<std::uint64_t> seen;
    std::uint64_t first_of_zoom = 0;
    for (std::uint32_t z = 0; z <= 6; ++z) {
        const std::uint32_t n = 1U << z;
        for (std::uint32_t x = 0; x < n; ++x) {
            for (std::uint32_t y = 0; y < n; ++y) {
                const std::uint64_t id = pmtiles_tile_id({z, x, y});
                CHECK(id >= first_of_zoom);
                CHECK(id < first_of_zoom + std::uint64_t{n} * n);
                seen.insert(id);
                CHECK(tile_of_pmtiles_id(id) == TileId{z, x, y});
            }
        }
        first_of_zoom += std::uint64_t{n} * n;
    }
    CHECK(seen.size() == first_of_zoom);
    CHECK(*seen.rbegin() == first_of_zoom - 1);
}

TEST_CASE("PMTiles tile ids follow a Hilbert curve: consecutive ids are neighbouring tiles") {
    for (std::uint64_t id = pmtiles_tile_id({8, 0, 0}); id + 1 < pmtiles_tile_id({9, 0, 0}); ++id) {
        const TileId a = tile_of_pmtiles_id(id), b = tile_of_pmtiles_id(id + 1);
        const auto dx = a.x > b.x ? a.x - b.x : b.x - a.x;
        const auto dy = a.y > b.y ? a.y - b.y : b.y - a.y;
        REQUIRE(dx + dy == 1);
    }
}

TEST_CASE("PMTiles tile ids round-trip at deep zooms") {
    const TileId deep{26, (1U << 26) - 1, 12345678};
    CHECK(tile_of_pmtiles_id(pmtiles_tile_id(deep)) == deep);
    const TileId england{16, 32500, 21600};
    CHECK(tile_of_pmtiles_id(pmtiles_tile_id(england)) == england);
}
