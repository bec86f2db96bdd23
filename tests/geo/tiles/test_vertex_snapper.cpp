#include "geo/tiles/vertex_snapper.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("VertexSnapper merges points within the distance into the first one seen") {
    VertexSnapper snapper{0.01};
    const Point first{-211507.0325, 6887385.3102};
    CHECK(snapper.snap(first) == first);
    CHECK(snapper.snap(Point{first.x + 0.004, first.y - 0.003}) == first);  // 5 mm away
    const Point far{first.x + 0.02, first.y};
    CHECK(snapper.snap(far) == far);  // 2 cm away: a point of its own
    CHECK(snapper.size() == 2);
}

TEST_CASE("VertexSnapper finds neighbours across grid cell borders") {
    VertexSnapper snapper{1.0};
    // Cells are 2 units wide; these pairs straddle the cell borders at x = 0, y = 0 and both.
    for (const auto& [a, b] : {std::pair{Point{-0.1, 5.0}, Point{0.1, 5.0}},
                               std::pair{Point{5.0, 0.3}, Point{5.0, -0.3}},
                               std::pair{Point{-20.2, -20.2}, Point{-19.8, -19.8}}}) {
        const Point rep = snapper.snap(a);
        CHECK(snapper.snap(b) == rep);
    }
    CHECK(snapper.size() == 3);
}
