#include "geo/analysis/intervals.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

Indicator kind(const std::string& value_kind, const std::string& counts) {
    Indicator i;
    i.value_kind = value_kind;
    i.counts = counts;
    return i;
}

}  // namespace

// Issue 15 item 5: the family follows what the numerator counts, not the unit it is shown in.
TEST_CASE("interval family by what is counted") {
    CHECK(interval_family(kind("rate", "")) == IntervalFamily::poisson);
    CHECK(interval_family(kind("percentage", "")) == IntervalFamily::wilson);
    CHECK(interval_family(kind("percentage", "events")) == IntervalFamily::poisson);
    CHECK(interval_family(kind("percentage", "people")) == IntervalFamily::wilson);
    CHECK(interval_family(kind("proportion", "areas")) == IntervalFamily::none);
    CHECK(interval_family(kind("score", "")) == IntervalFamily::none);
    CHECK(interval_family(kind("count", "")) == IntervalFamily::none);
}

// Birmingham 2016/17 (DfE): 8,503 fixed-period exclusions, headcount 198,136. As events the
// interval is Byar's: O_lower = O (1 − 1/(9O) − z/(3√O))³ = 8,323.22, O_upper = 8,685.69
// (ref_rates.py `rate_ci(8503, 198136, 100, 0.95)` → 4.200760 %, 4.383700 %); Wilson on the same
// numbers is narrower (4.203142 %, 4.381624 %): it treats every exclusion as a different pupil.
TEST_CASE("events in a percentage get Byar's interval, people get Wilson's") {
    const auto events = indicator_interval(kind("percentage", "events"), 8503, 198136, 0.95);
    REQUIRE(events);
    CHECK(events->lower == Approx(4.200760).epsilon(1e-6));
    CHECK(events->upper == Approx(4.383700).epsilon(1e-6));
    const auto people = indicator_interval(kind("percentage", "people"), 8503, 198136, 0.95);
    REQUIRE(people);
    CHECK(people->lower == Approx(4.203142).epsilon(1e-6));
    CHECK(people->upper == Approx(4.381624).epsilon(1e-6));
    CHECK(people->upper - people->lower < events->upper - events->lower);
    // More events than pupils is possible (a pupil suspended twice) and still has an interval.
    CHECK(indicator_interval(kind("percentage", "events"), 30, 20, 0.95).has_value());
    CHECK_FALSE(indicator_interval(kind("percentage", "people"), 30, 20, 0.95).has_value());
    CHECK_FALSE(indicator_interval(kind("proportion", "areas"), 3, 20, 0.95).has_value());
    CHECK_FALSE(indicator_interval(kind("rate", ""), 3, 0, 0.95).has_value());
}
