#include "geo/analysis/suppression.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("suppression: counts 1-4 are small at the default threshold, 0 and 5 are not") {
    // docs/methods.md §10: "counts below a configurable threshold (default 5)"; zero is shown.
    CHECK_FALSE(is_small_count(0.0, 5));
    CHECK(is_small_count(1.0, 5));
    CHECK(is_small_count(4.0, 5));
    CHECK_FALSE(is_small_count(5.0, 5));
    CHECK_FALSE(is_small_count(120.0, 5));
    CHECK_FALSE(is_small_count(std::nullopt, 5));
    // Apportioned (fractional) counts below the threshold are small too.
    CHECK(is_small_count(0.3, 5));
    CHECK(is_small_count(4.999, 5));
}

TEST_CASE("suppression: threshold 0 switches it off, other thresholds apply as given") {
    CHECK_FALSE(is_small_count(1.0, 0));
    CHECK_FALSE(is_small_count(3.0, 0));
    CHECK(is_small_count(9.0, 10));
    CHECK_FALSE(is_small_count(10.0, 10));
}

TEST_CASE("suppression: the count behind a value depends on its kind") {
    CHECK(underlying_count("count", 3.0, std::nullopt) == 3.0);
    CHECK(underlying_count("rate", 12.5, 4.0) == 4.0);
    CHECK(underlying_count("percentage", 40.0, 2.0) == 2.0);
    CHECK(underlying_count("proportion", 0.4, 2.0) == 2.0);
    CHECK_FALSE(underlying_count("score", 41.2, std::nullopt));
    CHECK_FALSE(underlying_count("rank", 17.0, std::nullopt));
    // A rate without a published numerator cannot be checked, so it is not suppressed.
    CHECK_FALSE(underlying_count("rate", 12.5, std::nullopt));
}

TEST_CASE("suppression: the reason names the threshold") {
    CHECK(suppression_reason(5) == "suppressed: fewer than 5 (small-number rule)");
    CHECK(suppression_reason(10) == "suppressed: fewer than 10 (small-number rule)");
}
