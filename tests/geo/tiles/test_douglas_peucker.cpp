#include "geo/tiles/douglas_peucker.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("simplify_polyline keeps end points and drops points within tolerance") {
    const std::vector<Point> line{{0, 0}, {1, 0.1}, {2, -0.1}, {3, 1}, {4, 0.1}, {5, 0}};
    const auto simplified = simplify_polyline(line, 0.8);
    CHECK(simplified == std::vector<Point>{{0, 0}, {3, 1}, {5, 0}});
    // (2, -0.1) is 0.73 from the segment (0, 0)-(3, 1): kept once the tolerance is below that.
    CHECK(simplify_polyline(line, 0.7).size() == 4);
    CHECK(simplify_polyline(line, 0.0).size() == line.size());
    CHECK(simplify_polyline(line, 100.0) == std::vector<Point>{{0, 0}, {5, 0}});
}

TEST_CASE("simplify_polyline measures distance to the segment, not the infinite line") {
    // (12, 0) is on the line through the end points but 2 beyond the segment's end.
    const std::vector<Point> line{{0, 0}, {12, 0}, {10, 0}};
    CHECK(simplify_polyline(line, 1.0).size() == 3);
    CHECK(simplify_polyline(line, 3.0).size() == 2);
}

TEST_CASE("simplify_polyline forced levels keep a minimum shape") {
    const std::vector<Point> flat{{0, 0}, {1, 0.01}, {2, 0.02}, {3, 0.01}, {4, 0}};
    CHECK(simplify_polyline(flat, 1.0).size() == 2);
    const auto one = simplify_polyline(flat, 1.0, 1);
    CHECK(one == std::vector<Point>{{0, 0}, {2, 0.02}, {4, 0}});
    // A closed polyline measures from its single end point first.
    const std::vector<Point> loop{{0, 0}, {1, 0}, {2, 0.5}, {1, 1}, {0, 1}, {0, 0}};
    const auto kept = simplify_polyline(loop, 10.0, 2);
    CHECK(kept.size() >= 4);
    CHECK(kept.front() == kept.back());
    CHECK(simplify_polyline(loop, 10.0).size() == 2);
}
