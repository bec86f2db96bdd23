#include "geo/synth/tessellation.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;
using sna::geo::detail::Tessellation;

namespace {

Polygon square(double size) {
    return Polygon{{Ring{{0, 0}, {size, 0}, {size, size}, {0, size}}}};
}

}  // namespace

TEST_CASE("Tessellation: cells of four seeds tile a square", "[synth]") {
    Tessellation cells(square(100), {{25, 25}, {75, 25}, {25, 75}, {75, 75}}, 0.01);
    REQUIRE(cells.size() == 4);
    CHECK(cells.region_area() == Approx(10000));
    double sum = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        CHECK(cells.cell_area(i) == Approx(2500));
        CHECK(area(cells.cell(i)) == Approx(2500));
        sum += cells.cell_area(i);
    }
    CHECK(sum == Approx(10000));

    const MultiPolygon all = cells.union_of({0, 1, 2, 3});
    REQUIRE(all.polygons.size() == 1);
    CHECK(all.polygons.front().rings.size() == 1);  // dissolved without slivers or holes
    CHECK(area(all) == Approx(10000));
}

TEST_CASE("Tessellation: a concave region clips cells and contains() excludes boundaries",
          "[synth]") {
    // An L shape: the seed at (80, 80) lies outside it, so is not used; the others are inside.
    const Polygon l_shape{{Ring{{0, 0}, {100, 0}, {100, 40}, {40, 40}, {40, 100}, {0, 100}}}};
    Tessellation cells(l_shape, {{20, 20}, {80, 20}, {20, 80}}, 0.01);
    REQUIRE(cells.size() == 3);
    double sum = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) sum += cells.cell_area(i);
    CHECK(sum == Approx(100 * 40 + 40 * 60));

    std::size_t holder = cells.size();
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells.contains(i, Point{20, 20})) holder = i;
    }
    REQUIRE(holder < cells.size());
    CHECK(cells.cell_centroid(holder).x < 50);
    CHECK_FALSE(cells.contains(holder, Point{0, 10}));  // on the region's edge
    CHECK(cells.contains(holder, Point{10, 10}, 9.9));
    CHECK_FALSE(cells.contains(holder, Point{10, 10}, 10.1));  // 10 m from the region's edge
}
