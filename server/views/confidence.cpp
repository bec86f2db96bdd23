#include "server/views/confidence.hpp"

#include "geo/analysis/intervals.hpp"

namespace sna::server {

std::optional<geo::Interval> confidence_interval(const geo::Indicator& i, const ValueEntry& v,
                                                 double confidence) {
    if (!v.numerator || !v.denominator) return std::nullopt;
    return geo::indicator_interval(i, *v.numerator, *v.denominator, confidence);
}

}  // namespace sna::server
