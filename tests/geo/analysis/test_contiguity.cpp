#include "geo/analysis/contiguity.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

using List = std::vector<std::uint32_t>;

MultiPolygon rectangle(double x0, double y0, double x1, double y1) {
    // Closed ring, counter-clockwise.
    return MultiPolygon{{Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}}};
}

}  // namespace

TEST_CASE("5x5 grid: rook neighbours share an edge, corner contacts do not count") {
    std::vector<MultiPolygon> grid;
    for (int row = 0; row < 5; ++row) {
        for (int col = 0; col < 5; ++col) grid.push_back(rectangle(col, row, col + 1, row + 1));
    }
    const auto nb = rook_contiguity(grid);
    REQUIRE(nb.size() == 25);
    for (int row = 0; row < 5; ++row) {
        for (int col = 0; col < 5; ++col) {
            List expected;
            if (row > 0) expected.push_back(static_cast<std::uint32_t>((row - 1) * 5 + col));
            if (col > 0) expected.push_back(static_cast<std::uint32_t>(row * 5 + col - 1));
            if (col < 4) expected.push_back(static_cast<std::uint32_t>(row * 5 + col + 1));
            if (row < 4) expected.push_back(static_cast<std::uint32_t>((row + 1) * 5 + col));
            INFO("cell row " << row << " col " << col);
            CHECK(nb[static_cast<std::size_t>(row * 5 + col)] == expected);
        }
    }
    CHECK(islands(nb).empty());
}

TEST_CASE("a T-junction: an edge lying along a longer edge is a shared boundary") {
    // A long rectangle under two squares; its top edge (0,1)–(2,1) has no vertex at (1,1), so it
    // shares only one vertex with each square, and the collinear-edge test has to find them.
    const std::vector<MultiPolygon> areas = {rectangle(0, 0, 2, 1), rectangle(0, 1, 1, 2),
                                             rectangle(1, 1, 2, 2)};
    const auto nb = rook_contiguity(areas);
    CHECK(nb[0] == List{1, 2});
    CHECK(nb[1] == List{0, 2});
    CHECK(nb[2] == List{0, 1});
}

TEST_CASE("touching at a single corner is not rook contiguity") {
    const auto nb = rook_contiguity({rectangle(0, 0, 1, 1), rectangle(1, 1, 2, 2)});
    CHECK(nb[0].empty());
    CHECK(nb[1].empty());
    CHECK(islands(nb) == List{0, 1});
}

TEST_CASE("a tolerance joins boundaries that were digitised separately") {
    // B's left edge is 0.5 mm right of A's right edge and its vertices are shifted by < 1 mm.
    const std::vector<MultiPolygon> areas = {rectangle(0, 0, 1, 1),
                                             rectangle(1.0005, 0.0003, 2, 1.0002)};
    CHECK(rook_contiguity(areas)[0].empty());
    ContiguityOptions options;
    options.tolerance = 0.001;
    CHECK(rook_contiguity(areas, options)[0] == List{1});
    // A gap wider than the tolerance stays a gap.
    const std::vector<MultiPolygon> apart = {rectangle(0, 0, 1, 1), rectangle(1.01, 0, 2, 1)};
    CHECK(rook_contiguity(apart, options)[0].empty());
}

TEST_CASE("a tolerance does not turn a corner contact into an edge") {
    ContiguityOptions options;
    options.tolerance = 0.01;
    // Each area has two vertices within 0.005 of the shared corner: still a point contact.
    MultiPolygon a{{Polygon{{Ring{{0, 0}, {1, 0}, {1, 0.995}, {0.995, 1}, {0, 1}}}}}};
    MultiPolygon b{{Polygon{{Ring{{1.004, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1.004}}}}}};
    const auto nb = rook_contiguity({a, b}, options);
    CHECK(nb[0].empty());
}

TEST_CASE("holes, multipolygons, orientation and far-away islands") {
    // 0: a square with a hole; 1: the enclave filling the hole (clockwise ring);
    // 2: two parts, one touching 0's right side; 3: far away.
    MultiPolygon with_hole{
        {Polygon{{Ring{{0, 0}, {3, 0}, {3, 3}, {0, 3}}, Ring{{1, 1}, {1, 2}, {2, 2}, {2, 1}}}}}};
    MultiPolygon enclave{{Polygon{{Ring{{1, 1}, {1, 2}, {2, 2}, {2, 1}}}}}};
    MultiPolygon two_parts = rectangle(10, 10, 11, 11);
    two_parts.polygons.push_back(rectangle(3, 1, 4, 2).polygons.front());
    const std::vector<MultiPolygon> areas = {with_hole, enclave, two_parts,
                                             rectangle(50, 50, 51, 51)};
    const auto nb = rook_contiguity(areas);
    CHECK(nb[0] == List{1, 2});
    CHECK(nb[1] == List{0});
    CHECK(nb[2] == List{0});
    CHECK(islands(nb) == List{3});
}

TEST_CASE("no areas, one area, empty geometry") {
    CHECK(rook_contiguity({}).empty());
    const auto nb = rook_contiguity({rectangle(0, 0, 1, 1), MultiPolygon{}});
    CHECK(nb[0].empty());
    CHECK(nb[1].empty());
}
