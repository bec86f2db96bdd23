#pragma once
/// The confidence interval of a stored value, the way PHEindicatormethods computes it.

#include "geo/analysis/rates.hpp"
#include "geo/core/model.hpp"
#include "server/index/data_index.hpp"

#include <optional>

namespace sna::server {

/// The family geo::interval_family picks (events → Byar / exact Poisson, people → Wilson);
/// nullopt without a numerator and denominator, or for scores, ranks and counts of areas.
std::optional<geo::Interval> confidence_interval(const geo::Indicator& indicator,
                                                 const ValueEntry& value, double confidence);

}  // namespace sna::server
