#include "geo/analysis/significance.hpp"

#include <cassert>
#include <cmath>
#include <cstdio>

namespace sna::geo {

Comparison compare_to(Interval ci, double comparator_value) {
    if (!std::isfinite(ci.lower) || !std::isfinite(ci.upper) || !std::isfinite(comparator_value)) {
        return Comparison::not_compared;
    }
    assert(ci.lower <= ci.upper);
    if (ci.lower > comparator_value) return Comparison::higher;
    if (ci.upper < comparator_value) return Comparison::lower;
    return Comparison::similar;
}

Judgement judge(Comparison comparison, Polarity polarity) {
    switch (comparison) {
        case Comparison::similar:
            return Judgement::similar;
        case Comparison::not_compared:
            return Judgement::not_compared;
        case Comparison::higher:
            if (polarity == Polarity::higher_is_worse) return Judgement::worse;
            if (polarity == Polarity::higher_is_better) return Judgement::better;
            return Judgement::higher;
        case Comparison::lower:
            if (polarity == Polarity::higher_is_worse) return Judgement::better;
            if (polarity == Polarity::higher_is_better) return Judgement::worse;
            return Judgement::lower;
    }
    return Judgement::not_compared;
}

Judgement judge(Interval ci, double comparator_value, Polarity polarity) {
    return judge(compare_to(ci, comparator_value), polarity);
}

std::string to_string(Comparison comparison) {
    switch (comparison) {
        case Comparison::similar:
            return "similar";
        case Comparison::higher:
            return "higher";
        case Comparison::lower:
            return "lower";
        case Comparison::not_compared:
            return "not_compared";
    }
    return "not_compared";
}

std::string to_string(Judgement judgement) {
    switch (judgement) {
        case Judgement::better:
            return "better";
        case Judgement::similar:
            return "similar";
        case Judgement::worse:
            return "worse";
        case Judgement::higher:
            return "higher";
        case Judgement::lower:
            return "lower";
        case Judgement::not_compared:
            return "not_compared";
    }
    return "not_compared";
}

std::string format_confidence(double confidence) {
    // %g drops trailing zeros: 0.95 → "95%", 0.998 → "99.8%", 0.9 → "90%".
    char text[32];
    std::snprintf(text, sizeof text, "%.4g%%", confidence * 100);
    return text;
}

std::string describe(Judgement judgement, const std::string& comparator_name, double confidence) {
    const std::string level = " (" + format_confidence(confidence) + ")";
    switch (judgement) {
        case Judgement::better:
            return "significantly better than " + comparator_name + level;
        case Judgement::worse:
            return "significantly worse than " + comparator_name + level;
        case Judgement::higher:
            return "significantly higher than " + comparator_name + level;
        case Judgement::lower:
            return "significantly lower than " + comparator_name + level;
        case Judgement::similar:
            return "similar to " + comparator_name + level;
        case Judgement::not_compared:
            return "not compared with " + comparator_name;
    }
    return "not compared with " + comparator_name;
}

}  // namespace sna::geo
