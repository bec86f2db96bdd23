#pragma once
/// Significance of an area's value against a comparator (its borough, the region, England), by
/// the rule Fingertips uses: compare the area's confidence interval with the comparator's point
/// value. Source: OHID Fingertips Public Health Technical Guidance, "Comparing an indicator value
/// with a benchmark" / "Interpreting Fingertips comparisons"
/// (https://fingertips.phe.org.uk/profile/guidance/supporting-information/PH-methods) — an interval
/// that contains (or touches) the benchmark value is "similar"; one wholly above or below it is
/// "higher"/"lower", reported as "better"/"worse" when the indicator has a polarity.

#include "geo/analysis/rates.hpp"
#include "geo/core/model.hpp"

#include <string>

namespace sna::geo {

/// Where an interval lies relative to a comparator value.
enum class Comparison { similar, higher, lower, not_compared };

/// A comparison read through the indicator's polarity. Neutral indicators keep higher/lower.
enum class Judgement { better, similar, worse, higher, lower, not_compared };

/// similar when lower <= comparator <= upper (an interval touching the value counts as similar);
/// higher when lower > comparator; lower when upper < comparator; not_compared when any of the
/// three numbers is not finite (a suppressed or missing value).
/// @pre ci.lower <= ci.upper when both are finite.
Comparison compare_to(Interval ci, double comparator_value);

/// higher/lower become worse/better (higher_is_worse) or better/worse (higher_is_better);
/// neutral polarity leaves them as higher/lower.
Judgement judge(Comparison comparison, Polarity polarity);

/// compare_to then judge, for the common case.
Judgement judge(Interval ci, double comparator_value, Polarity polarity);

/// Stable lower-case identifier for APIs and CSV: "better", "similar", "worse", "higher",
/// "lower", "not_compared".
std::string to_string(Comparison comparison);
std::string to_string(Judgement judgement);

/// "95%", "99.8%": the level as Fingertips prints it.
std::string format_confidence(double confidence);

/// Words for the UI and evidence packs, e.g.
///   "significantly worse than Birmingham (95%)", "similar to England (99.8%)",
///   "significantly higher than West Midlands (95%)", "not compared with Birmingham".
std::string describe(Judgement judgement, const std::string& comparator_name, double confidence);

}  // namespace sna::geo
