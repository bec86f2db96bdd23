#pragma once
/// The confidence interval of a stored value, the way PHEindicatormethods computes it.

#include "geo/analysis/rates.hpp"
#include "geo/core/model.hpp"
#include "server/index/data_index.hpp"

#include <optional>

namespace sna::server {

/// Byar / exact Poisson for rates, Wilson for proportions and percentages (numerator and
/// denominator needed); nullopt for scores, ranks and counts without a denominator.
std::optional<geo::Interval> confidence_interval(const geo::Indicator& indicator,
                                                 const ValueEntry& value, double confidence);

}  // namespace sna::server
