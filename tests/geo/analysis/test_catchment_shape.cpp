// Circles on the ground and content addresses of shapes.

#include "geo/analysis/catchment_shape.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace sna::geo;

namespace {

/// Great-circle distance in metres (haversine), independent of the circle's own formula.
double haversine(Point a, Point b) {
    const double r = 3.14159265358979323846 / 180;
    const double dlat = (b.y - a.y) * r, dlon = (b.x - a.x) * r;
    const double h =
        std::sin(dlat / 2) * std::sin(dlat / 2) +
        std::cos(a.y * r) * std::cos(b.y * r) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * earth_radius_m * std::asin(std::sqrt(h));
}

}  // namespace

TEST_CASE("geodesic_circle: every vertex is the radius away, counter-clockwise") {
    const Point centre{-1.8998, 52.4796};  // Birmingham
    const Ring ring = geodesic_circle(centre, 1500, 64);
    REQUIRE(ring.size() == 64);
    for (const Point& p : ring) CHECK(haversine(centre, p) == Approx(1500).epsilon(1e-9));
    CHECK(signed_area(ring) > 0);
    // The first vertex is due north.
    CHECK(ring[0].x == Approx(centre.x));
    CHECK(ring[0].y > centre.y);
}

TEST_CASE("canonical_text and shape_digest: fixed decimals, no negative zero") {
    const MultiPolygon a{{Polygon{{{{-0.0, 1}, {1, 1}, {1, 2}}}}}};
    CHECK(canonical_text(a, 2) == "0.00 1.00,1.00 1.00,1.00 2.00");
    const MultiPolygon two{
        {Polygon{{{{0, 0}, {1, 0}, {1, 1}}, {{0.2, 0.2}, {0.3, 0.2}, {0.3, 0.3}}}},
         Polygon{{{{5, 5}, {6, 5}, {6, 6}}}}}};
    CHECK(canonical_text(two, 1) ==
          "0.0 0.0,1.0 0.0,1.0 1.0;0.2 0.2,0.3 0.2,0.3 0.3|5.0 5.0,6.0 5.0,6.0 6.0");
    CHECK(shape_digest(a, 6) != shape_digest(two, 6));
    CHECK(vertex_count(two) == 9);
}
