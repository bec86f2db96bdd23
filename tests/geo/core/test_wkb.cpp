#include "geo/core/errors.hpp"
#include "geo/core/wkb.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("WKB round trip of a multipolygon with a hole") {
    MultiPolygon m{{Polygon{{{{0, 0}, {4, 0}, {4, 4}, {0, 4}}, {{1, 1}, {1, 2}, {2, 2}, {2, 1}}}},
                    Polygon{{{{10, 10}, {11, 10}, {11, 11}}}}}};
    const MultiPolygon back = multipolygon_from_wkb(to_wkb(m));
    REQUIRE(back.polygons.size() == 2);
    CHECK(back.polygons[0].rings.size() == 2);
    CHECK(back.polygons[0].rings[1][2] == Point{2, 2});
    CHECK(area(back) == Approx(area(m)));
    CHECK(point_from_wkb(to_wkb(Point{-1.9, 52.5})) == Point{-1.9, 52.5});
}

TEST_CASE("truncated WKB is a DataError") {
    const std::string wkb = to_wkb(Point{1, 2});
    CHECK_THROWS_AS(point_from_wkb(wkb.substr(0, 10)), DataError);
    CHECK_THROWS_AS(multipolygon_from_wkb(wkb), DataError);
}
