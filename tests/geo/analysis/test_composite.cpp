#include "geo/analysis/composite.hpp"

#include "geo/analysis/ranking.hpp"
#include "geo/core/errors.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace sna::geo;

namespace {

// Four areas A–D, three indicators, worked by hand.
//   I1 higher_is_worse, weight 2:   10, 10, 30, 30  → mean 20, population sd 10 → z −1, −1, 1, 1
//   I2 higher_is_better, weight 1:   5, 15,  5, 15  → z −1, 1, −1, 1 → reversed 1, −1, 1, −1
//   I3 higher_is_worse, weight 0.5:  1,  –,  3,  2  → mean 2, sd √(2/3) → z −1.2247, (0), 1.2247, 0
// Scores: A = −2 + 1 − 0.6124 = −1.6124;  B = −2 − 1 + 0 = −3;  C = 2 + 1 + 0.6124 = 3.6124;
//         D = 2 − 1 + 0 = 1.   Ranks: C 1, D 2, A 3, B 4.
const IndicatorMatrix fixture = {
    {10.0, 5.0, 1.0},
    {10.0, 15.0, std::nullopt},
    {30.0, 5.0, 3.0},
    {30.0, 15.0, 2.0},
};
const std::vector<CompositeIndicator> fixture_indicators = {
    {Polarity::higher_is_worse, 2.0},
    {Polarity::higher_is_better, 1.0},
    {Polarity::higher_is_worse, 0.5},
};

}  // namespace

TEST_CASE("z-score composite worked by hand") {
    CompositeOptions options;
    options.stability_draws = 0;
    const auto r = composite_index(fixture, fixture_indicators, options);
    CHECK(r.scores[0] == Approx(-1.6123724357));
    CHECK(r.scores[1] == Approx(-3.0));
    CHECK(r.scores[2] == Approx(3.6123724357));
    CHECK(r.scores[3] == Approx(1.0));
    CHECK(r.ranks == std::vector<int>{3, 4, 1, 2});
    CHECK(r.missing == std::vector<std::size_t>{0, 1, 0, 0});
    CHECK(r.stability.empty());
    // Four areas are fewer than ten deciles: none assigned (phe_quantile's rule).
    CHECK_FALSE(r.deciles[0].has_value());
}

// Exponential transform, X(R) = −23 ln(1 − R(1 − e^(−100/23))), values by hand (Python math):
//   I1 ranks low→high with ties averaged: 1.5, 1.5, 3.5, 3.5 → R .375, .375, .875, .875
//        X(.375) = 10.632270940697, X(.875) = 45.833585877345
//   I2 reversed (−5, −15, −5, −15): R .875, .375, .875, .375
//   I3 1, –, 3, 2: R 1/3, –, 1, 2/3 → X 9.177425077599, imputed mean 44.619356126,
//   100, 24.680643300528
// Scores (weights 2, 1, 0.5): A 71.6868402975, B 54.2064908851, C 187.5007576320, D 114.6397643457.
TEST_CASE("IoD exponential transform composite worked by hand") {
    CHECK(exponential_transform_value(1.0) == Approx(100.0));
    CHECK(exponential_transform_value(0.375) == Approx(10.632270940697));
    // The constant 23 puts 10 % of areas above 50: X(R) = 50 at R = 0.897882.
    CHECK(exponential_transform_value(0.897882) == Approx(50.0).epsilon(1e-5));

    CompositeOptions options;
    options.transform = CompositeTransform::exponential_rank;
    options.stability_draws = 0;
    const auto r = composite_index(fixture, fixture_indicators, options);
    CHECK(r.scores[0] == Approx(71.6868402975));
    CHECK(r.scores[1] == Approx(54.2064908851));
    CHECK(r.scores[2] == Approx(187.5007576320));
    CHECK(r.scores[3] == Approx(114.6397643457));
    CHECK(r.ranks == std::vector<int>{3, 4, 1, 2});
    CHECK(r.missing == std::vector<std::size_t>{0, 1, 0, 0});
}

TEST_CASE("z-scores: population sd, missing kept, no spread gives zeros") {
    const auto z = z_scores({10.0, std::nullopt, 30.0});
    CHECK(*z[0] == Approx(-1));
    CHECK_FALSE(z[1].has_value());
    CHECK(*z[2] == Approx(1));
    const auto flat = z_scores({4.0, 4.0, 4.0});
    CHECK(*flat[0] == 0);
}

TEST_CASE("rank stability: deterministic for a seed, and right where it is known") {
    // P and Q trade places exactly when w1 < w2: scores P = 1.2247 (w1 − w2), Q = −P, R = 0.
    // Both weights start at 1 and move independently by U(−0.5, 0.5), so each order happens in
    // about half the draws: P's 5th–95th percentile range is 1–3, R is always 2.
    const IndicatorMatrix values = {{1.0, -1.0}, {-1.0, 1.0}, {0.0, 0.0}};
    const std::vector<CompositeIndicator> indicators = {{Polarity::higher_is_worse, 1.0},
                                                        {Polarity::higher_is_worse, 1.0}};
    CompositeOptions options;
    options.seed = 42;
    const auto r = composite_index(values, indicators, options);
    REQUIRE(r.stability.size() == 3);
    CHECK(r.stability[0].p05 == 1);
    CHECK(r.stability[0].p95 == 3);
    CHECK(r.stability[1].p05 == 1);
    CHECK(r.stability[1].p95 == 3);
    CHECK(r.stability[2].p05 == 2);
    CHECK(r.stability[2].p95 == 2);

    // The hand-worked fixture: C always beats D (C − D = 2w2 + 1.22w3 > 0), D always beats A
    // and B (D − A = 3w1 − 2w2 + 1.22w3 > 0 with w1 ≥ 1.5), so C and D never move.
    const auto a = composite_index(fixture, fixture_indicators, options);
    const auto b = composite_index(fixture, fixture_indicators, options);
    CHECK(a.stability[2].p05 == 1);
    CHECK(a.stability[2].p95 == 1);
    CHECK(a.stability[3].p05 == 2);
    CHECK(a.stability[3].p95 == 2);
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(a.stability[i].p05 == b.stability[i].p05);
        CHECK(a.stability[i].p95 == b.stability[i].p95);
        CHECK(a.stability[i].p05 <= a.ranks[i]);
        CHECK(a.stability[i].p95 >= a.ranks[i]);
    }
}

TEST_CASE("the random stream is the same on every platform") {
    // C++11 [rand.predef]: the 10000th output of a default-constructed mt19937_64.
    std::mt19937_64 engine;
    engine.discard(9999);
    CHECK(engine() == 9981545732273789042ULL);
    CHECK(uniform_from_bits(0) == 0.0);
    CHECK(uniform_from_bits(~0ULL) == Approx(1.0 - 0x1.0p-53).epsilon(0));
    CHECK(uniform_from_bits(1ULL << 63) == 0.5);
}

TEST_CASE("bad weights and ragged rows are rejected with the place named") {
    CHECK_THROWS_WITH(composite_index(fixture, {{Polarity::higher_is_worse, 2.5},
                                                {Polarity::higher_is_worse, 1},
                                                {Polarity::higher_is_worse, 1}}),
                      Catch::Contains("weight of indicator 1 must be between 0 and 2, got 2.5"));
    CHECK_THROWS_WITH(composite_index({{1.0, 2.0}, {1.0}}, {{Polarity::higher_is_worse, 1},
                                                            {Polarity::higher_is_worse, 1}}),
                      Catch::Contains("area 2 has 1 values for 2 indicators"));
}

namespace {

/// Stability by brute force: every draw's perturbed weights from the documented stream, scores
/// summed per area, ranked by rank_values, all ranks kept and sorted; nearest-rank percentiles.
std::vector<RankRange> brute_force_stability(const std::vector<CompositeColumn>& columns,
                                             const std::vector<double>& weights,
                                             const CompositeOptions& options) {
    const std::size_t areas = columns.front().values.size();
    std::vector<std::vector<int>> ranks(areas);
    std::mt19937_64 engine(options.seed);
    for (std::size_t d = 0; d < options.stability_draws; ++d) {
        std::vector<double> w(weights.size());
        for (std::size_t k = 0; k < weights.size(); ++k) {
            const double u = uniform_from_bits(engine());
            w[k] = weights[k] == 0 ? 0 : std::clamp(weights[k] + 0.5 * (2 * u - 1), 0.0, 2.0);
        }
        std::vector<std::optional<double>> scores(areas);
        for (std::size_t i = 0; i < areas; ++i) {
            double s = 0;
            for (std::size_t k = 0; k < w.size(); ++k) s += w[k] * columns[k].values[i];
            scores[i] = s;
        }
        const auto r = rank_values(scores, {RankOrder::highest_first, TieMethod::minimum});
        for (std::size_t i = 0; i < areas; ++i) ranks[i].push_back(static_cast<int>(*r[i]));
    }
    std::vector<RankRange> out;
    const std::size_t n = options.stability_draws;
    for (auto& r : ranks) {
        std::sort(r.begin(), r.end());
        const auto at = [&](std::size_t p) {
            return r[std::max<std::size_t>(1, (p * n + 99) / 100) - 1];
        };
        out.push_back({at(5), at(95)});
    }
    return out;
}

}  // namespace

TEST_CASE("composite from precomputed columns equals composite_index, stability by brute force") {
    std::mt19937_64 engine(5);
    for (int round = 0; round < 12; ++round) {
        const std::size_t areas = 20 + engine() % 400, k = 1 + engine() % 4;
        IndicatorMatrix values(areas);
        std::vector<CompositeIndicator> indicators(k);
        std::vector<double> weights;
        for (auto& i : indicators) {
            i.polarity = engine() % 2 ? Polarity::higher_is_better : Polarity::higher_is_worse;
            i.weight = static_cast<double>(engine() % 5) * 0.5;
            weights.push_back(i.weight);
        }
        for (auto& row : values)
            for (std::size_t c = 0; c < k; ++c)
                row.push_back(engine() % 10 == 0 ? std::nullopt
                                                 : std::optional<double>(engine() % 50));
        CompositeOptions options;
        options.transform =
            round % 2 ? CompositeTransform::exponential_rank : CompositeTransform::z_score;
        options.stability_draws = 1 + engine() % 120;
        options.seed = engine();
        std::vector<CompositeColumn> columns;
        std::vector<const CompositeColumn*> pointers;
        columns.reserve(k);
        for (std::size_t c = 0; c < k; ++c) {
            std::vector<std::optional<double>> column;
            for (const auto& row : values) column.push_back(row[c]);
            columns.push_back(composite_column(column, indicators[c].polarity, options.transform));
            pointers.push_back(&columns.back());
        }
        INFO("round " << round);
        const auto whole = composite_index(values, indicators, options);
        const auto parts = composite_of_columns(pointers, weights);
        CHECK(parts.scores == whole.scores);
        CHECK(parts.ranks == whole.ranks);
        CHECK(parts.deciles == whole.deciles);
        CHECK(parts.missing == whole.missing);
        CHECK(parts.stability.empty());
        const auto stability = composite_rank_stability(pointers, weights, options);
        const auto expected = brute_force_stability(columns, weights, options);
        // Split over 2, 3 or 7 threads (more than some rounds' draws): the same ranges.
        options.threads = round % 3 == 0 ? 2 : round % 3 == 1 ? 3 : 7;
        INFO("threads " << options.threads << ", draws " << options.stability_draws);
        const auto split = composite_rank_stability(pointers, weights, options);
        REQUIRE(stability.size() == areas);
        REQUIRE(split.size() == areas);
        for (std::size_t i = 0; i < areas; ++i) {
            CHECK(stability[i].p05 == expected[i].p05);
            CHECK(stability[i].p95 == expected[i].p95);
            CHECK(split[i].p05 == expected[i].p05);
            CHECK(split[i].p95 == expected[i].p95);
            CHECK(whole.stability[i].p05 == expected[i].p05);
        }
    }
}

TEST_CASE("a composite column is directed, transformed and mean-imputed") {
    const auto c = composite_column({10.0, std::nullopt, 30.0}, Polarity::higher_is_better,
                                    CompositeTransform::z_score);
    // Reversed: −10, −30 → mean −20, sd 10 → z 1, −1; the missing area gets the mean z, 0.
    CHECK(c.values == std::vector<double>{1.0, 0.0, -1.0});
    CHECK(c.imputed == std::vector<std::uint8_t>{0, 1, 0});
    CHECK_THROWS_WITH(composite_of_columns({&c}, {2.5}),
                      Catch::Contains("weight of indicator 1 must be between 0 and 2"));
}
