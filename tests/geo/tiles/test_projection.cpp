#include "geo/tiles/projection.hpp"

#include "geo/tiles/mercator.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("project_to_mercator keeps structure and projects every vertex") {
    MultiPolygon lonlat;
    lonlat.polygons.push_back(Polygon{{Ring{{-2, 52}, {-1, 52}, {-1, 53}, {-2, 53}},
                                       Ring{{-1.6, 52.4}, {-1.6, 52.6}, {-1.4, 52.6}}}});
    lonlat.polygons.push_back(Polygon{{Ring{{0, 0}, {1, 0}, {1, 1}}}});
    const MultiPolygon metres = project_to_mercator(lonlat);
    REQUIRE(metres.polygons.size() == 2);
    REQUIRE(metres.polygons[0].rings.size() == 2);
    CHECK(metres.polygons[0].rings[1].size() == 3);
    const Point p = metres.polygons[0].rings[0][2];
    const Point expected = lonlat_to_mercator(Point{-1, 53});
    CHECK(p == expected);
    // Latitude beyond the Web Mercator limit is clamped, not turned into infinity.
    const auto poles = project_points_to_mercator({Point{0, 90}, Point{0, -90}});
    CHECK(poles[0].y == Approx(mercator_half_world));
    CHECK(poles[1].y == Approx(-mercator_half_world));
}
