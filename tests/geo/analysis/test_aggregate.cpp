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

TEST_CASE("counts are summed, ratio of sums uses numerators and denominators") {
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

// Issue 15 items 1, 3, 4: percentages with numerators and denominators (DfE exclusion rates,
// Census household shares) pool as summed counts over summed denominators, not as a mean of
// percentages; published ranks are never averaged.
TEST_CASE("percentages pool as ratios of sums, ranks are not averaged") {
    CHECK(method_for("percentage") == AggregateMethod::ratio_of_sums);
    CHECK(method_for("proportion") == AggregateMethod::ratio_of_sums);
    CHECK_FALSE(method_for("rank").has_value());
    // Two boroughs: 256 of 198,136 pupils (0.129 %) and 6 of 30,000 (0.02 %). The mean of the
    // two percentages is 0.0746 %; the pooled rate is 100 × 262 / 228,136 = 0.11484 %.
    Indicator pct;
    pct.value_kind = "percentage";
    const std::vector<AggregateInput> in = {{100.0 * 256 / 198136, {}, 256.0, 198136.0},
                                            {0.02, {}, 6.0, 30000.0}};
    const auto r = aggregate(in, *method_for(pct));
    REQUIRE(r.numerator);
    CHECK(*value_of_ratio(pct, *r.numerator, *r.denominator) == Approx(100.0 * 262 / 228136));
    // Missing denominators somewhere: the fallback is said out loud, never silent.
    const std::vector<AggregateInput> partial = {{0.1, {}, 1.0, std::nullopt},
                                                 {0.3, {}, 3.0, 10.0}};
    CHECK_THAT(aggregate(partial, *method_for(pct)).method, Catch::StartsWith("unweighted mean"));
}

TEST_CASE("declared pooling overrides the value kind, ratios take the indicator's scale") {
    Indicator i;
    i.value_kind = "score";
    CHECK(method_for(i) == AggregateMethod::weighted_mean);
    i.pooling = "ratio_of_sums";
    CHECK(method_for(i) == AggregateMethod::ratio_of_sums);
    i.pooling = "none";
    CHECK_FALSE(method_for(i).has_value());
    i.pooling = "";
    i.value_kind = "rate";
    i.multiplier = 1000;
    CHECK(*value_of_ratio(i, 3, 1500) == Approx(2.0));
    i.value_kind = "proportion";
    CHECK(*value_of_ratio(i, 3, 12) == Approx(0.25));
    CHECK_FALSE(value_of_ratio(i, 3, 0).has_value());
}
