// Apportionment by hand: four areas cut by a catchment (overlaps given), weighted by best fit
// and by area, then pooled as counts, ratios and population-weighted scores.

#include "geo/analysis/apportion.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

// Area 0 inside (centroid in), area 1 three quarters in (centroid in), area 2 a quarter in
// (centroid out), area 3 touching with no area and its centroid out (never counted).
const std::vector<AreaOverlap> overlaps = {
    {0, 100, 100, true}, {1, 150, 200, true}, {2, 25, 100, false}, {3, 0, 50, false}};

}  // namespace

TEST_CASE("apportion: best fit counts whole areas whose centroid is inside") {
    const auto w = apportion_weights(overlaps, ApportionMethod::best_fit);
    REQUIRE(w.size() == 2);
    CHECK(w[0].area == 0);
    CHECK(w[0].weight == 1);
    CHECK(w[1].area == 1);
    CHECK(w[1].weight == 1);
    CHECK(w[1].area_share == Approx(0.75));  // reported whatever the method
}

TEST_CASE("apportion: area weighting takes each area's share inside") {
    const auto w = apportion_weights(overlaps, ApportionMethod::area);
    REQUIRE(w.size() == 3);
    CHECK(w[0].weight == Approx(1));
    CHECK(w[1].weight == Approx(0.75));
    CHECK(w[2].weight == Approx(0.25));
    CHECK_FALSE(w[2].centroid_inside);
    CHECK(apportion_weight(overlaps[3], ApportionMethod::area).weight == 0);
    // A rounding overshoot (overlap a hair above the area) is capped at the whole area.
    CHECK(apportion_weight({0, 100.0000001, 100, true}, ApportionMethod::area).weight == 1);
}

TEST_CASE("apportion: scaled inputs pool into the catchment's count, rate and score") {
    // Areas 0–2: 10, 8 and 4 events among 1000, 2000 and 400 residents; scores 30, 20, 50.
    const std::vector<AggregateInput> whole = {
        {10, 1000.0, 10.0, 1000.0}, {8, 2000.0, 8.0, 2000.0}, {4, 400.0, 4.0, 400.0}};
    const std::vector<double> scores = {30, 20, 50};
    const auto w = apportion_weights(overlaps, ApportionMethod::area);
    std::vector<AggregateInput> counts, ratios, means;
    for (const auto& a : w) {
        counts.push_back(apportioned_input(whole[a.area], a.weight, AggregateMethod::sum));
        ratios.push_back(
            apportioned_input(whole[a.area], a.weight, AggregateMethod::ratio_of_sums));
        AggregateInput s = whole[a.area];
        s.value = scores[a.area];
        means.push_back(apportioned_input(s, a.weight, AggregateMethod::weighted_mean));
    }
    // Count: 10 + 0.75 × 8 + 0.25 × 4 = 17.
    CHECK(*aggregate(counts, AggregateMethod::sum).value == Approx(17));
    // Rate: 17 events over 1000 + 1500 + 100 = 2600 residents.
    const auto rate = aggregate(ratios, AggregateMethod::ratio_of_sums);
    CHECK(*rate.numerator == Approx(17));
    CHECK(*rate.denominator == Approx(2600));
    // Score weighted by apportioned residents: (30·1000 + 20·1500 + 50·100) / 2600 = 25.
    CHECK(*aggregate(means, AggregateMethod::weighted_mean).value == Approx(25));
}

TEST_CASE("apportion: best fit pools exactly as a parent pools its children") {
    const AggregateInput a{7, 500.0, 7.0, 500.0};
    for (const auto method :
         {AggregateMethod::sum, AggregateMethod::ratio_of_sums, AggregateMethod::weighted_mean}) {
        const AggregateInput same = apportioned_input(a, 1.0, method);
        CHECK(same.value == a.value);
        CHECK(same.numerator == a.numerator);
        CHECK(same.denominator == a.denominator);
        CHECK(same.weight == a.weight);
    }
}

TEST_CASE("apportion: method names") {
    CHECK(parse_apportion_method("best_fit") == ApportionMethod::best_fit);
    CHECK(parse_apportion_method("area") == ApportionMethod::area);
    CHECK_FALSE(parse_apportion_method("centroid"));
    CHECK(to_string(ApportionMethod::area) == "area");
}
