#pragma once
/// Small-number suppression for public output (docs/methods.md §10): a count above 0 and below
/// the threshold (default 5, so 1–4) is withheld, together with every rate, proportion and
/// confidence interval computed from it. Zero is shown: "none" discloses nothing about a person.
/// The threshold is set per dataset in the manifest; 0 switches suppression off (for sources
/// that are already published at that level, e.g. police.uk points).
///
/// Primary suppression only: totals over several areas are published when they are not small
/// themselves, so a suppressed cell can be recovered by subtraction where a total and all its
/// other parts are shown (the caveat is documented, not solved).

#include <optional>
#include <string>

namespace sna::geo {

/// The default threshold: counts 1–4 suppressed (ONS, NHS England and OHID practice).
constexpr double default_suppression_threshold = 5;

/// The count a value rests on: the value itself for counts, otherwise the numerator (rates,
/// proportions, percentages). std::nullopt when there is none (scores, ranks).
std::optional<double> underlying_count(const std::string& value_kind,
                                       const std::optional<double>& value,
                                       const std::optional<double>& numerator);

/// True when 0 < count < threshold. A threshold of 0 (or less) never suppresses.
bool is_small_count(const std::optional<double>& count, double threshold);

/// Why a value is withheld, for API payloads, e.g.
/// "suppressed: fewer than 5 (small-number rule)".
std::string suppression_reason(double threshold);

}  // namespace sna::geo
