#include "geo/analysis/area_locator.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {
Ring rect(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}
}  // namespace

TEST_CASE("point-in-polygon join: edges, vertices, holes, islands") {
    // Area 0: a square with a hole; area 1: its neighbour on the right;
    // area 2: an island filling area 0's hole exactly.
    std::vector<MultiPolygon> areas = {
        MultiPolygon{{Polygon{{rect(0, 0, 4, 4), rect(1, 1, 2, 2)}}}},
        MultiPolygon{{Polygon{{rect(4, 0, 8, 4)}}}},
        MultiPolygon{{Polygon{{rect(1, 1, 2, 2)}}}},
    };
    const AreaLocator locator(areas);
    CHECK(locator.locate({0.5, 0.5}) == 0u);
    CHECK(locator.locate({6, 2}) == 1u);
    CHECK(locator.locate({1.5, 1.5}) == 2u);  // inside the hole → the island, not area 0
    CHECK(locator.locate({4, 2}) == 0u);      // shared edge → the lower index, once
    CHECK(locator.locate({4, 4}) == 0u);      // shared vertex
    CHECK(locator.locate({1, 1.5}) == 0u);    // on the hole edge: area 0 (lowest index touching)
    CHECK_FALSE(locator.locate({9, 2}).has_value());
    CHECK_FALSE(locator.locate({-0.001, 2}).has_value());
}

TEST_CASE("a hole with nothing in it leaves points unjoined") {
    const AreaLocator locator({MultiPolygon{{Polygon{{rect(0, 0, 4, 4), rect(1, 1, 3, 3)}}}}});
    CHECK_FALSE(locator.locate({2, 2}).has_value());
    CHECK(locator.locate({0.5, 2}) == 0u);
}
