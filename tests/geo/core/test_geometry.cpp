#include "geo/core/geometry.hpp"
#include "geo/core/packed_rtree.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {
Ring square(double x0, double y0, double size) {
    return {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}};
}
}  // namespace

TEST_CASE("shoelace area and orientation") {
    const Ring ccw = square(0, 0, 2);
    CHECK(signed_area(ccw) == Approx(4.0));
    const Ring cw(ccw.rbegin(), ccw.rend());
    CHECK(signed_area(cw) == Approx(-4.0));
    Polygon with_hole{{square(0, 0, 4), square(1, 1, 1)}};
    CHECK(area(with_hole) == Approx(15.0));
}

TEST_CASE("locate: inside, outside, on edges and vertices, in holes") {
    const Polygon p{{square(0, 0, 4), square(1, 1, 2)}};
    CHECK(locate(Point{0.5, 0.5}, p) == Location::inside);
    CHECK(locate(Point{2, 2}, p) == Location::outside);   // in the hole
    CHECK(locate(Point{1, 2}, p) == Location::boundary);  // on the hole's edge
    CHECK(locate(Point{4, 2}, p) == Location::boundary);  // on the outer edge
    CHECK(locate(Point{0, 0}, p) == Location::boundary);  // on a vertex
    CHECK(locate(Point{5, 2}, p) == Location::outside);
    CHECK(locate(Point{-1, 0}, p) == Location::outside);  // level with a vertex
}

TEST_CASE("point_on_surface lies inside a concave polygon") {
    // A U shape whose centroid falls in the notch.
    const Ring u = {{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}};
    const MultiPolygon m{{Polygon{{u}}}};
    CHECK(locate(point_on_surface(m), m) == Location::inside);
}

TEST_CASE("packed R-tree finds exactly the intersecting boxes") {
    std::vector<BBox> boxes;
    for (int i = 0; i < 1000; ++i) {
        const double x = i % 40, y = i / 40;
        boxes.push_back(BBox{x, y, x + 0.5, y + 0.5});
    }
    const PackedRTree tree(boxes);
    std::vector<std::uint32_t> hits;
    tree.search(BBox{10.2, 3.2, 12.3, 4.3}, hits);
    std::sort(hits.begin(), hits.end());
    std::vector<std::uint32_t> expected;
    for (std::uint32_t i = 0; i < boxes.size(); ++i) {
        if (boxes[i].intersects(BBox{10.2, 3.2, 12.3, 4.3})) expected.push_back(i);
    }
    CHECK(hits == expected);
    CHECK(expected.size() == 6);
}
