#pragma once
/// Which confidence interval an indicator gets, decided by what its numerator counts (Fingertips
/// technical guidance): events (crimes, exclusions, admissions) are Poisson counts — Byar's
/// method, exact below 10 — even when expressed per 100 pupils; people counted once (pupils with
/// one or more suspensions, households) are a proportion — Wilson score. Counts of areas (LSOAs
/// in a national decile) and scores have no sampling interval.

#include "geo/analysis/rates.hpp"
#include "geo/core/model.hpp"

#include <optional>

namespace sna::geo {

enum class IntervalFamily {
    none,     ///< scores, ranks, counts of areas: no interval, not compared
    poisson,  ///< Byar / exact Poisson on the count of events
    wilson,   ///< Wilson score on people out of people
};

/// The family for an indicator: its declared `counts` ("events" → poisson, "people" → wilson,
/// "areas" → none), else by value_kind (rate → poisson; proportion, percentage → wilson;
/// anything else → none).
IntervalFamily interval_family(const Indicator& indicator);

/// Human-readable name of the family, e.g. "Byar / exact Poisson (events)".
const char* describe(IntervalFamily family);

/// The interval of numerator / denominator on the indicator's scale (multiplier for rates, 100
/// for percentages, 1 for proportions); nullopt when the family is none, the denominator is
/// not positive, or a Wilson numerator exceeds its denominator.
std::optional<Interval> indicator_interval(const Indicator& indicator, double numerator,
                                           double denominator, double confidence);

}  // namespace sna::geo
