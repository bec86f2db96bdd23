#include "server/views/confidence.hpp"

namespace sna::server {

std::optional<geo::Interval> confidence_interval(const geo::Indicator& i, const ValueEntry& v,
                                                 double confidence) {
    if (!v.numerator || !v.denominator || *v.denominator <= 0) return std::nullopt;
    if (i.value_kind == "rate")
        return geo::byar_rate_ci(*v.numerator, *v.denominator, i.multiplier, confidence);
    if (i.value_kind == "proportion" || i.value_kind == "percentage") {
        if (*v.numerator > *v.denominator) return std::nullopt;
        const auto ci = geo::wilson_proportion_ci(*v.numerator, *v.denominator, confidence);
        const double scale = i.value_kind == "percentage" ? 100.0 : 1.0;
        return geo::Interval{ci.lower * scale, ci.upper * scale};
    }
    return std::nullopt;
}

}  // namespace sna::server
