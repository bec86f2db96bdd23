#include "geo/analysis/apportion.hpp"

#include <algorithm>

namespace sna::geo {

std::optional<ApportionMethod> parse_apportion_method(std::string_view text) {
    if (text == "best_fit") return ApportionMethod::best_fit;
    if (text == "area") return ApportionMethod::area;
    return std::nullopt;
}

std::string_view to_string(ApportionMethod method) {
    return method == ApportionMethod::best_fit ? "best_fit" : "area";
}

ApportionWeight apportion_weight(const AreaOverlap& o, ApportionMethod method) {
    const double share = o.area_size > 0 ? std::clamp(o.overlap / o.area_size, 0.0, 1.0) : 0.0;
    const double weight =
        method == ApportionMethod::best_fit ? (o.centroid_inside ? 1.0 : 0.0) : share;
    return {o.area, weight, share, o.centroid_inside};
}

std::vector<ApportionWeight> apportion_weights(const std::vector<AreaOverlap>& overlaps,
                                               ApportionMethod method) {
    std::vector<ApportionWeight> out;
    for (const AreaOverlap& o : overlaps) {
        const ApportionWeight w = apportion_weight(o, method);
        if (w.weight > 0) out.push_back(w);
    }
    return out;
}

AggregateInput apportioned_input(const AggregateInput& whole, double weight,
                                 AggregateMethod method) {
    AggregateInput out = whole;
    const auto scale = [weight](const std::optional<double>& x) {
        return x ? std::optional<double>(*x * weight) : std::nullopt;
    };
    switch (method) {
        case AggregateMethod::sum:
            out.value = whole.value * weight;
            break;
        case AggregateMethod::ratio_of_sums:
            out.numerator = scale(whole.numerator);
            out.denominator = scale(whole.denominator);
            out.weight = scale(whole.weight);  // the fallback when a ratio is not known
            break;
        case AggregateMethod::weighted_mean:
            out.weight = scale(whole.weight);
            break;
    }
    return out;
}

}  // namespace sna::geo
