#include "geo/analysis/suppression.hpp"

#include <cmath>
#include <cstdio>

namespace sna::geo {

std::optional<double> underlying_count(const std::string& value_kind,
                                       const std::optional<double>& value,
                                       const std::optional<double>& numerator) {
    if (value_kind == "count") return value;
    if (value_kind == "rate" || value_kind == "proportion" || value_kind == "percentage")
        return numerator;
    return std::nullopt;
}

bool is_small_count(const std::optional<double>& count, double threshold) {
    if (!count || !std::isfinite(*count) || !(threshold > 0)) return false;
    return *count > 0 && *count < threshold;
}

std::string suppression_reason(double threshold) {
    char text[96];
    std::snprintf(text, sizeof text, "suppressed: fewer than %g (small-number rule)", threshold);
    return text;
}

}  // namespace sna::geo
