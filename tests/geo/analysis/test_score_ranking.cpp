#include "geo/analysis/score_ranking.hpp"

#include "geo/analysis/ranking.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>

using namespace sna::geo;

namespace {

/// The reference: rank_values with rank 1 = highest and minimum ties, 0 where missing.
std::vector<int> reference_ranks(const std::vector<double>& scores) {
    const auto ranks = rank_values(std::vector<std::optional<double>>(scores.begin(), scores.end()),
                                   {RankOrder::highest_first, TieMethod::minimum});
    std::vector<int> out;
    for (const auto& r : ranks) out.push_back(r ? static_cast<int>(*r) : 0);
    return out;
}

}  // namespace

TEST_CASE("score ranks: ties, signed zeros and non-finite scores") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> scores = {3.0, -0.0, 0.0, nan, 3.0, -inf, -2.5, 7.0, 0.0};
    ScoreRanker ranker;
    // 7 first; the two 3s share 2; the three zeros (−0 equals +0) share 4; −2.5 is 7th.
    CHECK(ranker.rank(scores) == std::vector<int>{2, 4, 4, 0, 2, 0, 7, 1, 4});
    CHECK(ranker.rank({}).empty());
    CHECK(ranker.rank({nan}) == std::vector<int>{0});
}

TEST_CASE("score ranks: scores equal as floats are still ordered exactly") {
    // 1 + 2⁻⁴⁰ and 1 + 2⁻⁴¹ round to the same float as 1: the radix key alone cannot tell them
    // apart, the exact comparison within equal keys must.
    const std::vector<double> scores = {1.0, 1.0 + std::ldexp(1.0, -41), 1.0 + std::ldexp(1.0, -40),
                                        1.0, 0.5};
    ScoreRanker ranker;
    CHECK(ranker.rank(scores) == std::vector<int>{3, 2, 1, 3, 5});
    CHECK(descending_key(1.0) == descending_key(1.0 + std::ldexp(1.0, -41)));
}

TEST_CASE("score ranks equal rank_values on random scores with many ties") {
    std::mt19937_64 engine(17);
    ScoreRanker ranker;  // one ranker for every round: its buffers are reused
    for (int round = 0; round < 40; ++round) {
        const std::size_t n = engine() % 5000;
        std::vector<double> scores(n);
        for (auto& s : scores) {
            const auto kind = engine() % 10;
            if (kind < 3)
                s = static_cast<double>(engine() % 9) - 4;  // small whole numbers: ties
            else if (kind == 3)
                s = std::ldexp(static_cast<double>(engine() % 1000), -60);  // tiny
            else
                s = (static_cast<double>(engine() >> 11) * 0x1.0p-53 - 0.5) * 1e6;
        }
        INFO("round " << round << ", " << n << " scores");
        CHECK(ranker.rank(scores) == reference_ranks(scores));
    }
}

TEST_CASE("descending keys order scores from highest to lowest") {
    const std::vector<double> ascending = {-1e300, -3.5, -1e-300, 0.0, 1e-300, 2.0, 1e300};
    for (std::size_t k = 1; k < ascending.size(); ++k)
        CHECK(descending_key(ascending[k]) <= descending_key(ascending[k - 1]));
    CHECK(descending_key(-0.0) == descending_key(0.0));
    CHECK(descending_key(2.0) < descending_key(-2.0));
}
