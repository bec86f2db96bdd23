#include "geo/analysis/deprivation_summary.hpp"

#include "geo/core/errors.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

// Worked by hand, England of N = 100 LSOAs; an authority of three:
//   A score 50, rank 5 (decile 1), 1,000 residents  → MHCLG rank 96, extent weight 1
//   B score 30, rank 20,            2,000 residents → MHCLG rank 81, weight (0.3 − 0.2)/0.2 = 0.5
//   C score 10, rank 80,            1,000 residents → MHCLG rank 21, weight 0
// average score (50·1000 + 30·2000 + 10·1000) / 4000 = 30; average rank
// (96·1000 + 81·2000 + 21·1000) / 4000 = 69.75; extent (1000 + 1000) / 4000 = 0.5; the most
// deprived 10 % of residents (400) all live in A → local concentration 96; 1 of 3 LSOAs in
// decile 1.
TEST_CASE("MHCLG local-authority summaries worked by hand") {
    const std::vector<LsoaDeprivation> lsoas = {
        {50, 5, 1, 1000}, {30, 20, 3, 2000}, {10, 80, 8, 1000}};
    const DeprivationSummary s = summarise_deprivation(lsoas, 100);
    CHECK(s.average_score == Approx(30));
    CHECK(s.average_rank == Approx(69.75));
    CHECK(s.extent == Approx(0.5));
    CHECK(s.local_concentration == Approx(96));
    CHECK(s.lsoas_in_most_deprived_decile == 1);
    CHECK(s.proportion_in_most_deprived_decile == Approx(1.0 / 3));
    // The sums pool exactly: two copies of the authority give the same averages.
    CHECK(s.score_sum / s.population == Approx(s.average_score));
}

// Local concentration counts the last LSOA in part: 10 % of 4,000 = 400 residents, 300 in A
// (rank 96) and 100 of B's (rank 81): (300·96 + 100·81) / 400 = 92.25.
TEST_CASE("local concentration takes part of the LSOA that crosses 10 %") {
    const std::vector<LsoaDeprivation> lsoas = {
        {10, 80, std::nullopt, 1700}, {50, 5, std::nullopt, 300}, {30, 20, std::nullopt, 2000}};
    const DeprivationSummary s = summarise_deprivation(lsoas, 100);
    CHECK(s.local_concentration == Approx(92.25));
    // Without a published decile, decile 1 is rank ≤ N / 10.
    CHECK(s.lsoas_in_most_deprived_decile == 1);
}

TEST_CASE("the MHCLG rank convention and extent weights") {
    CHECK(mhclg_average_rank_of(1, 32844) == 32844);
    CHECK(mhclg_average_rank_of(32844, 32844) == 1);
    CHECK(extent_weight(3375, 33755) == 1.0);
    CHECK(extent_weight(6751, 33755) == Approx((0.3 - 6751.0 / 33755) / 0.2));
    CHECK(extent_weight(10127, 33755) == 0.0);
}

TEST_CASE("bad deprivation input is named") {
    CHECK_THROWS_WITH(summarise_deprivation({{1, 0, std::nullopt, 10}}, 100),
                      Catch::Contains("outside 1..100"));
    CHECK_THROWS_WITH(summarise_deprivation({{1, 3, std::nullopt, 0}}, 100),
                      Catch::Contains("no LSOA with a population"));
}
