#include "geo/analysis/school_surroundings.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace sna::geo;

namespace {

constexpr double pi = 3.14159265358979323846;

MultiPolygon rectangle(double x0, double y0, double x1, double y1) {
    return MultiPolygon{{Polygon{{Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}}};
}

}  // namespace

TEST_CASE("the circle polygon has the area of the circle") {
    const auto c = circle_polygon({100, 200}, 3);
    CHECK(c.size() == 128);
    CHECK(signed_area(c) == Approx(pi * 9).epsilon(1e-12));  // counter-clockwise: positive
}

TEST_CASE("four squares around the centre get a quarter each") {
    // Unit squares in the four quadrants; the 128-gon is symmetric under quarter turns.
    const std::vector<MultiPolygon> areas = {rectangle(-1, -1, 0, 0), rectangle(0, -1, 1, 0),
                                             rectangle(-1, 0, 0, 1), rectangle(0, 0, 1, 1)};
    const auto shares = circle_shares(areas, {0, 0}, 0.5);
    REQUIRE(shares.size() == 4);
    for (const auto& s : shares) {
        CHECK(s.weight == Approx(0.25).epsilon(1e-12));
        CHECK(s.overlap == Approx(pi * 0.25 / 4).epsilon(1e-12));
        CHECK(s.area_fraction == Approx(pi * 0.25 / 4).epsilon(1e-12));
    }
    const auto mean = area_weighted_mean(shares, {10.0, 20.0, 30.0, 40.0});
    REQUIRE(mean);
    CHECK(mean->value == Approx(25));
    CHECK(mean->coverage == Approx(1));
}

TEST_CASE("a circle inside one area gives that area weight 1") {
    const std::vector<MultiPolygon> areas = {rectangle(0, 0, 1, 1), rectangle(1, 0, 2, 1)};
    const auto shares = circle_shares(areas, {0.5, 0.5}, 0.1);
    REQUIRE(shares.size() == 1);
    CHECK(shares[0].area == 0);
    CHECK(shares[0].weight == 1);
    CHECK(shares[0].area_fraction == Approx(pi * 0.01).epsilon(1e-12));
    CHECK(area_weighted_mean(shares, {7.0, 99.0})->value == 7);
}

TEST_CASE("a circle covering a whole area takes all of it, half-planes take half the circle") {
    CHECK(intersection_area(rectangle(0, 0, 1, 1), circle_polygon({0.5, 0.5}, 10)) ==
          Approx(1).epsilon(1e-12));
    // The polygon is symmetric about the y axis, so x >= 0 holds exactly half of it.
    CHECK(intersection_area(rectangle(0, -50, 100, 50), circle_polygon({0, 0}, 10)) ==
          Approx(pi * 50).epsilon(1e-12));
}

TEST_CASE("Sutherland-Hodgman keeps the area of a non-convex subject") {
    // A U: [−2,2]² minus the notch [−1,1]×[−1,2]. Clipped to [−1.5,1.5]²:
    // 3 × 3 − (2 × 2.5) = 4, although the clipped ring has zero-width bridges.
    const Ring u = {{-2, -2}, {2, -2}, {2, 2}, {1, 2}, {1, -1}, {-1, -1}, {-1, 2}, {-2, 2}};
    const Ring square = {{-1.5, -1.5}, {1.5, -1.5}, {1.5, 1.5}, {-1.5, 1.5}};
    CHECK(std::abs(signed_area(clip_to_convex(u, square))) == Approx(4));
    // Clockwise subjects work too.
    const Ring reversed(u.rbegin(), u.rend());
    CHECK(std::abs(signed_area(clip_to_convex(reversed, square))) == Approx(4));
}

TEST_CASE("holes are subtracted") {
    // [−2,2]² with the hole [−0.5,0.5]², circle r = 1 at the origin: π − 1.
    MultiPolygon holed{{Polygon{{Ring{{-2, -2}, {2, -2}, {2, 2}, {-2, 2}},
                                 Ring{{-0.5, -0.5}, {-0.5, 0.5}, {0.5, 0.5}, {0.5, -0.5}}}}}};
    CHECK(intersection_area(holed, circle_polygon({0, 0}, 1)) == Approx(pi - 1).epsilon(1e-12));
}

// Two 10 × 20 m areas either side of x = 0, circle r = 5 m centred at (−2, 0). The part right of
// x = 0 is a circular segment at distance d = 2: r² acos(d/r) − d √(r² − d²) = 19.816836 m²;
// the left part is 25π − 19.816836 = 58.722981 m² (Python, math module). So
//   weights 0.747684, 0.252316; area fractions 0.293615, 0.099084;
//   scores 20 and 60 → 30.092632;
//   counts 100 and 10, populations 1000 and 4000 → count 30.352332, population 689.951616,
//   rate 43.991972 per 1,000 (apportion, then divide).
TEST_CASE("rates are apportioned by area share, scores weighted by circle share") {
    const std::vector<MultiPolygon> areas = {rectangle(-10, -10, 0, 10), rectangle(0, -10, 10, 10)};
    const auto shares = circle_shares(areas, {-2, 0}, 5);
    REQUIRE(shares.size() == 2);
    // The 128-gon differs from the circle by ~1e-4 in a segment this size.
    CHECK(shares[0].weight == Approx(0.7476842123).epsilon(1e-3));
    CHECK(shares[1].area_fraction == Approx(0.0990841781).epsilon(1e-3));
    CHECK(area_weighted_mean(shares, {20.0, 60.0})->value == Approx(30.0926315094).epsilon(1e-3));
    const auto rate = area_weighted_rate(shares, {100.0, 10.0}, {1000.0, 4000.0}, 1000);
    REQUIRE(rate);
    CHECK(rate->count == Approx(30.3523321371).epsilon(1e-3));
    CHECK(rate->population == Approx(689.9516161228).epsilon(1e-3));
    CHECK(rate->rate == Approx(43.9919719410).epsilon(1e-3));
}

TEST_CASE("missing values and empty surroundings") {
    const std::vector<MultiPolygon> areas = {rectangle(-1, -1, 0, 1), rectangle(0, -1, 1, 1)};
    const auto shares = circle_shares(areas, {0, 0}, 0.5);
    const auto mean = area_weighted_mean(shares, {std::nullopt, 8.0});
    REQUIRE(mean);
    CHECK(mean->value == 8);
    CHECK(mean->coverage == Approx(0.5));
    CHECK_FALSE(area_weighted_mean(shares, {std::nullopt, std::nullopt}));
    CHECK_FALSE(area_weighted_rate(shares, {1.0, 2.0}, {std::nullopt, 0.0}, 1000));
    CHECK(circle_shares(areas, {100, 100}, 1).empty());
}
