#include "geo/analysis/significance.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace sna::geo;

namespace {

// The area: 100 events in 1,000 residents = 100 per 1,000. Byar's intervals (test_rates.cpp and
// ref_rates.py in docs/methods.md, appendix): 95 % [81.362, 121.628]; 99.8 % [71.904, 134.944].
// Comparators at 60, 75, 100, 130 and 150 per 1,000 put the interval above, partly, around, and
// below them.
struct Row {
    double comparator;
    double confidence;
    Comparison expected;
};

const Row table[] = {
    {60, 0.95, Comparison::higher},   {60, 0.998, Comparison::higher},
    {75, 0.95, Comparison::higher},   {75, 0.998, Comparison::similar},
    {100, 0.95, Comparison::similar}, {100, 0.998, Comparison::similar},
    {130, 0.95, Comparison::lower},   {130, 0.998, Comparison::similar},
    {150, 0.95, Comparison::lower},   {150, 0.998, Comparison::lower},
};

Judgement expected_judgement(Comparison c, Polarity p) {
    // The Fingertips rule written out as a table, independent of the implementation's switch.
    if (c == Comparison::similar) return Judgement::similar;
    if (c == Comparison::not_compared) return Judgement::not_compared;
    const bool higher = c == Comparison::higher;
    switch (p) {
        case Polarity::higher_is_worse:
            return higher ? Judgement::worse : Judgement::better;
        case Polarity::higher_is_better:
            return higher ? Judgement::better : Judgement::worse;
        case Polarity::neutral:
            return higher ? Judgement::higher : Judgement::lower;
    }
    return Judgement::not_compared;
}

}  // namespace

TEST_CASE("truth table: polarity x interval position x confidence level") {
    for (const auto& row : table) {
        const auto ci = byar_rate_ci(100, 1000, 1000, row.confidence);
        INFO("comparator " << row.comparator << " at " << format_confidence(row.confidence));
        CHECK(compare_to(ci, row.comparator) == row.expected);
        for (auto polarity :
             {Polarity::higher_is_worse, Polarity::higher_is_better, Polarity::neutral}) {
            INFO("polarity " << to_string(polarity));
            CHECK(judge(ci, row.comparator, polarity) ==
                  expected_judgement(row.expected, polarity));
        }
    }
}

TEST_CASE("an interval touching the comparator is similar") {
    CHECK(compare_to({10, 20}, 10) == Comparison::similar);
    CHECK(compare_to({10, 20}, 20) == Comparison::similar);
    CHECK(compare_to({10, 20}, std::nextafter(10.0, 0.0)) == Comparison::higher);
    CHECK(compare_to({10, 20}, std::nextafter(20.0, 30.0)) == Comparison::lower);
}

TEST_CASE("missing or suppressed values are not compared") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(compare_to({nan, nan}, 5) == Comparison::not_compared);
    CHECK(compare_to({1, 2}, nan) == Comparison::not_compared);
    CHECK(judge(Comparison::not_compared, Polarity::higher_is_worse) == Judgement::not_compared);
}

TEST_CASE("words for the UI") {
    CHECK(describe(Judgement::worse, "Birmingham", 0.95) ==
          "significantly worse than Birmingham (95%)");
    CHECK(describe(Judgement::better, "England", 0.998) ==
          "significantly better than England (99.8%)");
    CHECK(describe(Judgement::higher, "West Midlands", 0.95) ==
          "significantly higher than West Midlands (95%)");
    CHECK(describe(Judgement::lower, "Walsall", 0.9) == "significantly lower than Walsall (90%)");
    CHECK(describe(Judgement::similar, "England", 0.998) == "similar to England (99.8%)");
    CHECK(describe(Judgement::not_compared, "Birmingham", 0.95) == "not compared with Birmingham");
    CHECK(to_string(Judgement::not_compared) == "not_compared");
    CHECK(to_string(Comparison::higher) == "higher");
}
