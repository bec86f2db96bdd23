#pragma once
/// Aggregation of small-area values up the hierarchy (LSOA → ward → borough → region), the way
/// public-health analysts and MHCLG do it: counts summed, scores population-weighted.

#include "geo/core/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

enum class AggregateMethod {
    sum,            ///< counts: add them up
    weighted_mean,  ///< scores, rates, proportions: Σ wᵢxᵢ / Σ wᵢ (population weights)
    ratio_of_sums,  ///< Σ numerators / Σ denominators (when both are known everywhere)
};

struct AggregateInput {
    double value = 0;
    std::optional<double> weight;  ///< population; missing → the unweighted mean is used
    std::optional<double> numerator;
    std::optional<double> denominator;
};

struct AggregateResult {
    std::optional<double> value;
    std::optional<double> numerator;
    std::optional<double> denominator;
    std::size_t areas = 0;
    std::string method;  ///< human-readable, stored with the derived value
};

/// Picks the conventional method for an indicator's value kind (count → sum; rate, proportion
/// and percentage → summed numerators over summed denominators, falling back to the weighted
/// mean when they are not known everywhere; score → population-weighted mean; rank and decile →
/// none: a published rank is not averaged — MHCLG's "average rank" is its own measure).
std::optional<AggregateMethod> method_for(const std::string& value_kind);

/// The indicator's declared `pooling` ("none" → nullopt), else method_for(value_kind).
std::optional<AggregateMethod> method_for(const Indicator& indicator);

/// A pooled ratio on the indicator's scale: multiplier × n / d for rates, 100 × n / d for
/// percentages, n / d otherwise; nullopt when d <= 0.
std::optional<double> value_of_ratio(const Indicator& indicator, double numerator,
                                     double denominator);

/// @pre inputs are the values of the children of one parent (any order).
AggregateResult aggregate(const std::vector<AggregateInput>& inputs, AggregateMethod method);

}  // namespace sna::geo
