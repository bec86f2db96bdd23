#include "geo/analysis/priority_schools.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

MultiPolygon square(double x0, double x1) {
    return MultiPolygon{{Polygon{{Ring{{x0, 0}, {x1, 0}, {x1, 1000}, {x0, 1000}, {x0, 0}}}}}};
}

}  // namespace

// Two 1 km squares side by side: A = [0, 1000], B = [1000, 2000] (metres). Worked by hand:
// - score column (area-weighted mean): A 10, B 20 → S1 (inside A) 10, S2 (inside B) 20, S3 (on
//   the shared edge, half in each) 15;
// - rate column (apportioned): A 10 events / 1,000 residents, B 30 / 1,000, per 1,000 → S1 10,
//   S2 30, S3 (10 + 30) · f / (2,000 · f) · 1,000 = 20 whatever the share f;
// - school rate: S1 5 of 100 pupils = 5 % (Wilson 95 %: 2.154 %–11.175 %), S2 20 of 100 = 20 %,
//   S3 150 of 100 is impossible → not used (imputed by the composite as the mean, z = 0).
// z-scores (population sd): scores and rates each give S1 −1.2247, S2 +1.2247, S3 0; the school
// rate gives S1 −1, S2 +1, S3 0. Sums: S1 −3.4495, S2 +3.4495, S3 0 → ranks S2 1, S3 2, S1 3.
TEST_CASE("priority schools: surroundings, own rates and ranks worked by hand", "[priority]") {
    const std::vector<MultiPolygon> areas = {square(0, 1000), square(1000, 2000)};
    const PackedRTree index({bbox_of(areas[0]), bbox_of(areas[1])});
    SurroundingColumn score;
    score.values = {10.0, 20.0};
    SurroundingColumn rate;
    rate.is_rate = true;
    rate.values = {10.0, 30.0};
    rate.numerators = {10.0, 30.0};
    rate.denominators = {1000.0, 1000.0};
    rate.multiplier = 1000;
    const std::vector<SchoolCounts> schools = {
        {{500, 500}, 100.0, {5.0}}, {{1500, 500}, 100.0, {20.0}}, {{1000, 500}, 100.0, {150.0}}};

    const auto ranked =
        rank_priority_schools(areas, index, {score, rate}, schools, {IntervalFamily::wilson}, 100);
    REQUIRE(ranked.size() == 3);
    CHECK(*ranked[0].surroundings[0] == Approx(10));
    CHECK(*ranked[1].surroundings[0] == Approx(20));
    CHECK(*ranked[2].surroundings[0] == Approx(15).epsilon(1e-9));
    CHECK(*ranked[0].surroundings[1] == Approx(10));
    CHECK(*ranked[1].surroundings[1] == Approx(30));
    CHECK(*ranked[2].surroundings[1] == Approx(20).epsilon(1e-9));

    REQUIRE(ranked[0].rates[0]);
    CHECK(ranked[0].rates[0]->percent == Approx(5));
    CHECK(ranked[0].rates[0]->lower == Approx(2.154).epsilon(1e-3));
    CHECK(ranked[0].rates[0]->upper == Approx(11.175).epsilon(1e-3));
    CHECK_FALSE(ranked[2].rates[0]);

    CHECK(ranked[1].rank == 1);
    CHECK(ranked[2].rank == 2);
    CHECK(ranked[0].rank == 3);
    CHECK(ranked[1].score == Approx(3.4495).epsilon(1e-4));
    CHECK(ranked[2].score == Approx(0).margin(1e-9));
}

TEST_CASE("priority schools: a school without pupils has no own rate", "[priority]") {
    const std::vector<MultiPolygon> areas = {square(0, 1000)};
    const PackedRTree index({bbox_of(areas[0])});
    SurroundingColumn score;
    score.values = {7.0};
    const auto ranked = rank_priority_schools(
        areas, index, {score}, {{{500, 500}, std::nullopt, {3.0}}, {{200, 200}, 0.0, {0.0}}},
        {IntervalFamily::poisson}, 50);
    REQUIRE(ranked.size() == 2);
    CHECK_FALSE(ranked[0].rates[0]);
    CHECK_FALSE(ranked[1].rates[0]);
    CHECK(*ranked[0].surroundings[0] == Approx(7));
}

TEST_CASE("priority schools: no schools, no rows", "[priority]") {
    const std::vector<MultiPolygon> areas = {square(0, 1000)};
    const PackedRTree index({bbox_of(areas[0])});
    CHECK(rank_priority_schools(areas, index, {}, {}, {}, 100).empty());
}

TEST_CASE("priority schools: events get an exact Poisson interval, people a Wilson one",
          "[priority]") {
    const std::vector<MultiPolygon> areas = {square(0, 1000)};
    const PackedRTree index({bbox_of(areas[0])});
    // 3 permanent exclusions among 100 pupils: exact Poisson 95 % limits of 3 are 0.6187 and
    // 8.7673 (Garwood), i.e. 0.619 %–8.767 %; as 3 pupils of 100, Wilson gives 1.026 %–8.458 %.
    const std::vector<SchoolCounts> school = {{{500, 500}, 100.0, {3.0, 3.0}}};
    const auto ranked = rank_priority_schools(
        areas, index, {}, school, {IntervalFamily::poisson, IntervalFamily::wilson}, 50);
    REQUIRE(ranked[0].rates[0]);
    CHECK(ranked[0].rates[0]->lower == Approx(0.6187).epsilon(1e-3));
    CHECK(ranked[0].rates[0]->upper == Approx(8.7673).epsilon(1e-3));
    REQUIRE(ranked[0].rates[1]);
    CHECK(ranked[0].rates[1]->lower == Approx(1.026).epsilon(2e-3));
    CHECK(ranked[0].rates[1]->upper == Approx(8.458).epsilon(2e-3));
}

TEST_CASE("priority schools: the checkpoint runs before each school and can stop the work",
          "[priority]") {
    const std::vector<MultiPolygon> areas = {square(0, 1000)};
    const PackedRTree index({bbox_of(areas[0])});
    SurroundingColumn score;
    score.values = {10.0};
    const std::vector<SchoolCounts> schools = {
        {{100, 500}, 100.0, {5.0}}, {{500, 500}, 100.0, {5.0}}, {{900, 500}, 100.0, {5.0}}};
    int calls = 0;
    CHECK(rank_priority_schools(areas, index, {score}, schools, {IntervalFamily::wilson}, 100, [&] {
              ++calls;
          }).size() == 3);
    CHECK(calls == 3);
    calls = 0;
    const auto stop_at_second = [&] {
        if (++calls == 2) throw std::runtime_error("abandoned");
    };
    CHECK_THROWS_WITH(rank_priority_schools(areas, index, {score}, schools,
                                            {IntervalFamily::wilson}, 100, stop_at_second),
                      "abandoned");
    CHECK(calls == 2);
}
