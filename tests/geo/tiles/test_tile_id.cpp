#include "geo/tiles/tile_id.hpp"

#include "geo/tiles/mercator.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("TileId::parse accepts canonical tile addresses") {
    const auto tile = TileId::parse("12", "2026", "1344");
    REQUIRE(tile);
    CHECK(*tile == TileId{12, 2026, 1344});
    CHECK(TileId::parse("0", "0", "0") == TileId{0, 0, 0});
    CHECK(TileId::parse("24", "16777215", "16777215") == TileId{24, 16777215, 16777215});
}

TEST_CASE("TileId::parse rejects bad input") {
    for (const char* bad : {"", "-1", "+1", "1a", " 1", "1 ", "01", "1.0", "0x1", "99999999999"}) {
        INFO("x = '" << bad << "'");
        CHECK_FALSE(TileId::parse("5", bad, "0"));
        CHECK_FALSE(TileId::parse(bad, "0", "0"));
    }
    CHECK_FALSE(TileId::parse("25", "0", "0"));      // beyond default_max_zoom
    CHECK_FALSE(TileId::parse("14", "0", "0", 13));  // beyond a configured max zoom
    CHECK_FALSE(TileId::parse("3", "8", "0"));       // x >= 2^z
    CHECK_FALSE(TileId::parse("3", "0", "8"));       // y >= 2^z
    CHECK_FALSE(TileId::parse("0", "1", "0"));
    CHECK_FALSE(TileId::parse("4294967296", "0", "0"));  // uint32 overflow
}

TEST_CASE("tile_bounds covers the world at zoom 0 and splits at zoom 1") {
    const BBox world = tile_bounds(TileId{0, 0, 0});
    CHECK(world.min_x == Approx(-mercator_half_world));
    CHECK(world.max_y == Approx(mercator_half_world));
    const BBox north_west = tile_bounds(TileId{1, 0, 0});
    CHECK(north_west.max_x == Approx(0.0).margin(1e-6));
    CHECK(north_west.min_y == Approx(0.0).margin(1e-6));
    CHECK(north_west.max_y == Approx(mercator_half_world));
}

TEST_CASE("tiles_covering finds the tiles of a lon/lat box") {
    // Birmingham city centre at z12 is tile 2026/1344 (OSM slippy-map formula).
    const auto one = tiles_covering(BBox{-1.90, 52.48, -1.90, 52.48}, 12);
    REQUIRE(one);
    CHECK(one->count() == 1);
    CHECK(one->contains(TileId{12, 2026, 1344}));

    const auto west_midlands = tiles_covering(BBox{-2.2, 52.35, -1.45, 52.7}, 10);
    REQUIRE(west_midlands);
    CHECK(west_midlands->min_x == 505);
    CHECK(west_midlands->max_x == 507);
    CHECK(west_midlands->min_y == 334);
    CHECK(west_midlands->max_y == 336);

    const auto whole = tiles_covering(BBox{-180, -90, 180, 90}, 2);
    REQUIRE(whole);
    CHECK(whole->count() == 16);
    CHECK_FALSE(tiles_covering(BBox{}, 5));
}
