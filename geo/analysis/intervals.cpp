#include "geo/analysis/intervals.hpp"

namespace sna::geo {

IntervalFamily interval_family(const Indicator& indicator) {
    if (indicator.counts == "events") return IntervalFamily::poisson;
    if (indicator.counts == "people") return IntervalFamily::wilson;
    if (indicator.counts == "areas") return IntervalFamily::none;
    const std::string& kind = indicator.value_kind;
    if (kind == "rate") return IntervalFamily::poisson;
    if (kind == "proportion" || kind == "percentage") return IntervalFamily::wilson;
    return IntervalFamily::none;
}

const char* describe(IntervalFamily family) {
    switch (family) {
        case IntervalFamily::poisson:
            return "Byar / exact Poisson (the numerator counts events)";
        case IntervalFamily::wilson:
            return "Wilson score (the numerator counts people or households once each)";
        case IntervalFamily::none:
            break;
    }
    return "none";
}

namespace {

double scale_of(const Indicator& indicator) {
    if (indicator.value_kind == "rate") return indicator.multiplier;
    if (indicator.value_kind == "percentage") return 100;
    return 1;
}

}  // namespace

std::optional<Interval> indicator_interval(const Indicator& indicator, double numerator,
                                           double denominator, double confidence) {
    if (!(denominator > 0) || numerator < 0) return std::nullopt;
    const double scale = scale_of(indicator);
    switch (interval_family(indicator)) {
        case IntervalFamily::poisson:
            return byar_rate_ci(numerator, denominator, scale, confidence);
        case IntervalFamily::wilson: {
            if (numerator > denominator) return std::nullopt;
            const Interval ci = wilson_proportion_ci(numerator, denominator, confidence);
            return Interval{ci.lower * scale, ci.upper * scale};
        }
        case IntervalFamily::none:
            break;
    }
    return std::nullopt;
}

}  // namespace sna::geo
