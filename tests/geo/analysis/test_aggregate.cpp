#include "geo/analysis/aggregate.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

// Worked by hand: three LSOAs with scores 10, 20, 40 and populations 1000, 2000, 1000.
// Weighted mean = (10·1000 + 20·2000 + 40·1000) / 4000 = 90000 / 4000 = 22.5;
// the unweighted mean would be 70 / 3 = 23.33.
TEST_CASE("population-weighted mean worked by hand") {
    const std::vector<AggregateInput> in = {
        {10, 1000.0, {}, {}}, {20, 2000.0, {}, {}}, {40, 1000.0, {}, {}}};
    const auto r = aggregate(in, AggregateMethod::weighted_mean);
    REQUIRE(r.value);
    CHECK(*r.value == Approx(22.5));
    CHECK(r.method == "population-weighted mean of 3 areas");
}

TEST_CASE("missing populations fall back to an unweighted mean and say so") {
    const std::vector<AggregateInput> in = {
        {10, 1000.0, {}, {}}, {20, std::nullopt, {}, {}}, {40, 1000.0, {}, {}}};
    const auto r = aggregate(in, AggregateMethod::weighted_mean);
    CHECK(*r.value == Approx(70.0 / 3));
    CHECK_THAT(r.method, Catch::StartsWith("unweighted mean"));
}

TEST_CASE("counts are summed; ratio of sums uses numerators and denominators") {
    const std::vector<AggregateInput> in = {{3, {}, 3.0, 100.0}, {7, {}, 7.0, 300.0}};
    CHECK(*aggregate(in, AggregateMethod::sum).value == 10);
    const auto r = aggregate(in, AggregateMethod::ratio_of_sums);
    CHECK(*r.value == Approx(10.0 / 400.0));
    CHECK(*r.denominator == 400);
    CHECK(method_for("count") == AggregateMethod::sum);
    CHECK(method_for("score") == AggregateMethod::weighted_mean);
    CHECK(method_for("rate") == AggregateMethod::ratio_of_sums);
    CHECK_FALSE(method_for("decile").has_value());
}
