#include "geo/tiles/clip.hpp"

#include "geo/tiles/ring_cleanup.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

const BBox unit_box{0, 0, 10, 10};

Ring square(double x0, double y0, double x1, double y1) {
    return Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

}  // namespace

TEST_CASE("clip_ring keeps a ring inside the box and drops one outside") {
    CHECK(clip_ring(square(2, 2, 4, 4), unit_box).size() == 4);
    CHECK(clip_ring(square(20, 20, 30, 30), unit_box).empty());
}

TEST_CASE("clip_ring cuts a crossing ring to the box") {
    const Ring clipped = clip_ring(square(5, 5, 15, 15), unit_box);
    CHECK(std::abs(signed_area(clipped)) == Approx(25));
    CHECK(bbox_of(clipped).max_x == 10);
    CHECK(bbox_of(clipped).max_y == 10);
    // Orientation survives clipping.
    CHECK(signed_area(clipped) > 0);
}

TEST_CASE("clip_ring accepts a closed ring and returns an open one") {
    Ring closed = square(-5, -5, 5, 5);
    closed.push_back(closed.front());
    const Ring clipped = clip_ring(closed, unit_box);
    CHECK(clipped.size() == 4);
    CHECK(clipped.front() != clipped.back());
    CHECK(std::abs(signed_area(clipped)) == Approx(25));
}

TEST_CASE("clip_polygon clips holes and drops degenerate rings") {
    Polygon polygon{{square(-5, -5, 15, 15), square(8, 2, 12, 4), square(20, 20, 21, 21)}};
    const auto clipped = clip_polygon(polygon, unit_box);
    REQUIRE(clipped);
    REQUIRE(clipped->rings.size() == 2);  // the hole outside the box is gone
    CHECK(std::abs(signed_area(clipped->rings[0])) == Approx(100));
    CHECK(std::abs(signed_area(clipped->rings[1])) == Approx(4));
    CHECK(area(*clipped) == Approx(96));
}

TEST_CASE("clip_polygon drops a polygon whose exterior lies on the box edge only") {
    // Touches the box along x = 10 but has no area inside it.
    CHECK_FALSE(clip_polygon(Polygon{{square(10, 2, 12, 4)}}, unit_box));
}

TEST_CASE("clip_multipolygon keeps only the parts that reach the box") {
    MultiPolygon multi{{Polygon{{square(1, 1, 2, 2)}}, Polygon{{square(50, 50, 60, 60)}},
                        Polygon{{square(9, 9, 11, 11)}}}};
    const MultiPolygon clipped = clip_multipolygon(multi, unit_box);
    REQUIRE(clipped.polygons.size() == 2);
    CHECK(area(clipped) == Approx(2));
}

TEST_CASE("clip_ring on a concave ring keeps the area inside the box") {
    // A U shape whose two arms leave the box: Sutherland-Hodgman joins them along the edge
    // with zero-width edges, which adds no area.
    const Ring u{{2, 2}, {8, 2}, {8, 14}, {6, 14}, {6, 4}, {4, 4}, {4, 14}, {2, 14}};
    const Ring clipped = clip_ring(u, unit_box);
    CHECK(std::abs(signed_area(clipped)) == Approx(6 * 2 + 2 * 6 * 2));
    CHECK_FALSE(is_degenerate_ring(clipped));
}

TEST_CASE("clip_points keeps points inside or on the box") {
    const auto kept = clip_points({{1, 1}, {10, 10}, {11, 5}, {-0.1, 3}}, unit_box);
    REQUIRE(kept.size() == 2);
    CHECK(kept[1] == Point{10, 10});
}

TEST_CASE("is_degenerate_ring spots rings without area") {
    CHECK(is_degenerate_ring(Ring{{0, 0}, {1, 1}}));
    CHECK(is_degenerate_ring(Ring{{0, 0}, {1, 1}, {2, 2}, {0, 0}}));
    CHECK(is_degenerate_ring(Ring{{0, 0}, {1, 0}, {1, 0}, {0, 0}}));
    CHECK_FALSE(is_degenerate_ring(Ring{{0, 0}, {1, 0}, {0, 1}}));
}
