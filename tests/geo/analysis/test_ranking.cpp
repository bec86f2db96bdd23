#include "geo/analysis/ranking.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {
using Values = std::vector<std::optional<double>>;
using Tiles = std::vector<std::optional<int>>;
}  // namespace

TEST_CASE("ranks: 1 = highest by default, ties by minimum or average, missing unranked") {
    const Values v = {10, 20, 20, 40, std::nullopt, 5};
    CHECK(rank_values(v) == Values{4, 2, 2, 1, std::nullopt, 5});
    CHECK(rank_values(v, {RankOrder::highest_first, TieMethod::average}) ==
          Values{4, 2.5, 2.5, 1, std::nullopt, 5});
    CHECK(rank_values(v, {RankOrder::lowest_first, TieMethod::minimum}) ==
          Values{2, 3, 3, 5, std::nullopt, 1});
}

TEST_CASE("worst_first puts the worst area at rank 1 whatever the polarity") {
    const Values attainment = {60, 45, 80};  // higher is better: 45 is the worst
    CHECK(rank_values(attainment, {worst_first(Polarity::higher_is_better)}) == Values{2, 1, 3});
    const Values crime = {60, 45, 80};  // higher is worse: 80 is the worst
    CHECK(rank_values(crime, {worst_first(Polarity::higher_is_worse)}) == Values{2, 3, 1});
    CHECK(worst_first(Polarity::neutral) == RankOrder::highest_first);
}

// Expected n-tiles from ref_quantile.py (docs/methods.md, appendix), which evaluates phe_quantile's
// R expression
//   floor((nq+1) - ceiling(((N+1) - rank) / (N/nq)))   (rank with ties.method = "min")
// in floating point, exactly as PHEindicatormethods R/Quantiles.R writes it.
TEST_CASE("n-tiles follow phe_quantile") {
    SECTION("20 values: deciles of exactly two") {
        Values v;
        for (int i = 20; i >= 1; --i) v.push_back(i);
        CHECK(deciles(v) == Tiles{1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10});
    }
    SECTION("25 values: as equal as possible") {
        Values v;
        for (int i = 25; i >= 1; --i) v.push_back(i);
        CHECK(deciles(v) ==
              Tiles{1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 7, 8, 8, 9, 9, 9, 10, 10});
    }
    SECTION("7 values in quintiles (N/n = 1.4 is not exact in binary)") {
        CHECK(quintiles(Values{7, 6, 5, 4, 3, 2, 1}) == Tiles{1, 1, 2, 3, 3, 4, 5});
    }
    SECTION("ties share an n-tile") {
        CHECK(ntiles(Values{9, 9, 9, 8, 7, 7, 6, 5, 4, 3, 2, 1}, 4) ==
              Tiles{1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4});
    }
    SECTION("lowest_first reverses the direction") {
        CHECK(quintiles(Values{7, 6, 5, 4, 3, 2, 1}, RankOrder::lowest_first) ==
              Tiles{5, 4, 3, 3, 2, 1, 1});
    }
    SECTION("missing values get no n-tile and do not count") {
        CHECK(quintiles(Values{5, std::nullopt, 4, 3, 2, 1}) == Tiles{1, std::nullopt, 2, 3, 4, 5});
    }
    SECTION("fewer values than n-tiles: none assigned, as phe_quantile") {
        CHECK(deciles(Values{3, 2, 1}) == Tiles{std::nullopt, std::nullopt, std::nullopt});
    }
}
