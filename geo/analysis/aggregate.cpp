#include "geo/analysis/aggregate.hpp"

namespace sna::geo {

std::optional<AggregateMethod> method_for(const std::string& value_kind) {
    if (value_kind == "count") return AggregateMethod::sum;
    if (value_kind == "decile" || value_kind == "rank") return std::nullopt;
    if (value_kind == "rate" || value_kind == "proportion" || value_kind == "percentage")
        return AggregateMethod::ratio_of_sums;
    return AggregateMethod::weighted_mean;
}

std::optional<AggregateMethod> method_for(const Indicator& indicator) {
    if (indicator.pooling == "none") return std::nullopt;
    if (indicator.pooling == "sum") return AggregateMethod::sum;
    if (indicator.pooling == "ratio_of_sums") return AggregateMethod::ratio_of_sums;
    if (indicator.pooling == "weighted_mean") return AggregateMethod::weighted_mean;
    return method_for(indicator.value_kind);
}

std::optional<double> value_of_ratio(const Indicator& indicator, double numerator,
                                     double denominator) {
    if (!(denominator > 0)) return std::nullopt;
    const double ratio = numerator / denominator;
    if (indicator.value_kind == "rate") return indicator.multiplier * ratio;
    if (indicator.value_kind == "percentage") return 100 * ratio;
    return ratio;
}

namespace {

AggregateResult weighted_mean(const std::vector<AggregateInput>& inputs) {
    AggregateResult r;
    r.areas = inputs.size();
    bool all_weighted = true;
    for (const auto& in : inputs) all_weighted = all_weighted && in.weight && *in.weight > 0;
    double sum = 0, weights = 0;
    for (const auto& in : inputs) {
        const double w = all_weighted ? *in.weight : 1.0;
        sum += w * in.value;
        weights += w;
    }
    if (weights > 0) r.value = sum / weights;
    r.method = all_weighted
                   ? "population-weighted mean of " + std::to_string(inputs.size()) + " areas"
                   : "unweighted mean of " + std::to_string(inputs.size()) +
                         " areas (population not known for every area)";
    return r;
}

}  // namespace

AggregateResult aggregate(const std::vector<AggregateInput>& inputs, AggregateMethod method) {
    if (inputs.empty())
        return AggregateResult{std::nullopt, std::nullopt, std::nullopt, 0, "no areas"};
    switch (method) {
        case AggregateMethod::sum: {
            AggregateResult r;
            r.areas = inputs.size();
            double total = 0;
            for (const auto& in : inputs) total += in.value;
            r.value = total;
            r.method = "sum of " + std::to_string(inputs.size()) + " areas";
            return r;
        }
        case AggregateMethod::ratio_of_sums: {
            double numerator = 0, denominator = 0;
            for (const auto& in : inputs) {
                if (!in.numerator || !in.denominator) return weighted_mean(inputs);
                numerator += *in.numerator;
                denominator += *in.denominator;
            }
            AggregateResult r;
            r.areas = inputs.size();
            r.numerator = numerator;
            r.denominator = denominator;
            if (denominator > 0) r.value = numerator / denominator;
            r.method = "sum of numerators / sum of denominators over " +
                       std::to_string(inputs.size()) + " areas";
            return r;
        }
        case AggregateMethod::weighted_mean:
            return weighted_mean(inputs);
    }
    return {};
}

}  // namespace sna::geo
