#include "geo/analysis/classification.hpp"

#include "geo/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sna::geo {

ClassMethod class_method_from_string(const std::string& name) {
    if (name == "quantiles") return ClassMethod::quantiles;
    if (name == "equal" || name == "equal_interval") return ClassMethod::equal_interval;
    if (name == "jenks" || name == "natural_breaks") return ClassMethod::natural_breaks;
    throw InvalidInput("classification must be quantiles, equal_interval or natural_breaks, got '" +
                       name + "'");
}

namespace {

std::vector<double> quantile_breaks(const std::vector<double>& sorted, std::size_t k) {
    std::vector<double> breaks;
    for (std::size_t i = 1; i < k; ++i) breaks.push_back(sorted[sorted.size() * i / k]);
    return breaks;
}

std::vector<double> equal_breaks(const std::vector<double>& sorted, std::size_t k) {
    std::vector<double> breaks;
    const double low = sorted.front(), high = sorted.back();
    for (std::size_t i = 1; i < k; ++i)
        breaks.push_back(low + (high - low) * static_cast<double>(i) / static_cast<double>(k));
    return breaks;
}

std::vector<double> evenly_sampled(const std::vector<double>& sorted, std::size_t limit) {
    if (sorted.size() <= limit) return sorted;
    std::vector<double> out;
    for (std::size_t i = 0; i < limit; ++i)
        out.push_back(sorted[i * (sorted.size() - 1) / (limit - 1)]);
    return out;
}

/// Fisher–Jenks: minimum within-class sum of squared deviations; each break is the first value of
/// its class (the client's port of the classic algorithm, 1-based like the original).
std::vector<double> jenks_breaks(const std::vector<double>& sorted, std::size_t k) {
    const std::vector<double> data = evenly_sampled(sorted, 600);
    const std::size_t n = data.size();
    if (n <= k) return std::vector<double>(data.begin() + 1, data.end());
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<std::vector<std::size_t>> lower(n + 1, std::vector<std::size_t>(k + 1, 0));
    std::vector<std::vector<double>> variance(n + 1, std::vector<double>(k + 1, inf));
    for (std::size_t j = 1; j <= k; ++j) {
        lower[1][j] = 1;
        variance[1][j] = 0;
    }
    for (std::size_t l = 2; l <= n; ++l) {
        double s1 = 0, s2 = 0, v = 0;
        for (std::size_t m = 1; m <= l; ++m) {
            const std::size_t i3 = l - m + 1;
            const double value = data[i3 - 1];
            s2 += value * value;
            s1 += value;
            v = s2 - (s1 * s1) / static_cast<double>(m);
            const std::size_t i4 = i3 - 1;
            if (i4 == 0) continue;
            for (std::size_t j = 2; j <= k; ++j) {
                if (variance[l][j] >= v + variance[i4][j - 1]) {
                    lower[l][j] = i3;
                    variance[l][j] = v + variance[i4][j - 1];
                }
            }
        }
        lower[l][1] = 1;
        variance[l][1] = v;
    }
    std::vector<double> breaks(k - 1);
    std::size_t idx = n;
    for (std::size_t j = k; j >= 2; --j) {
        const std::size_t start = lower[idx][j] - 1;
        breaks[j - 2] = data[start];
        idx = start;
    }
    return breaks;
}

/// 4 significant figures, so legends stay readable and step() stays exact.
double round_break(double b) {
    if (b == 0) return 0;
    const double digits = 4 - std::ceil(std::log10(std::abs(b)));
    const double f = std::pow(10.0, std::clamp(digits, 0.0, 10.0));
    return std::round(b * f) / f;
}

/// Ties can merge breaks (many areas with the same value): the most populous class that still
/// holds different values is split at its middle distinct value, until there are k classes or
/// no class can be split. The client's rule (web/js/classify.js, fillBreaks), so a map image
/// has the classes the map has.
void fill_tied_breaks(const std::vector<double>& sorted, std::vector<double>& breaks,
                      std::size_t k) {
    while (breaks.size() + 1 < k) {
        std::size_t best_first = 0, best_size = 0;
        for (std::size_t c = 0; c <= breaks.size(); ++c) {
            const auto first = c == 0
                                   ? sorted.begin()
                                   : std::lower_bound(sorted.begin(), sorted.end(), breaks[c - 1]);
            const auto last = c == breaks.size()
                                  ? sorted.end()
                                  : std::lower_bound(sorted.begin(), sorted.end(), breaks[c]);
            const auto size = static_cast<std::size_t>(last - first);
            if (size > best_size && *first != *(last - 1)) {
                best_first = static_cast<std::size_t>(first - sorted.begin());
                best_size = size;
            }
        }
        if (best_size == 0) return;
        const auto first = sorted.begin() + static_cast<std::ptrdiff_t>(best_first);
        const auto last = first + static_cast<std::ptrdiff_t>(best_size);
        const double middle = *(first + static_cast<std::ptrdiff_t>(best_size / 2));
        const auto split =
            std::find_if(first, last, [&](double v) { return v >= middle && v > *first; });
        const double b = round_break(split == last ? *(last - 1) : *split);
        if (std::find(breaks.begin(), breaks.end(), b) != breaks.end() || b <= sorted.front())
            return;
        breaks.insert(std::upper_bound(breaks.begin(), breaks.end(), b), b);
    }
}

const std::vector<std::vector<std::string>>& ramp_table(Polarity polarity) {
    static const std::vector<std::vector<std::string>> yl_or_rd = {
        {"#ffeda0", "#feb24c", "#f03b20"},
        {"#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"},
        {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"},
        {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"},
        {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"}};
    static const std::vector<std::vector<std::string>> blues = {
        {"#deebf7", "#9ecae1", "#3182bd"},
        {"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"},
        {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"},
        {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"},
        {"#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"}};
    return polarity == Polarity::neutral ? blues : yl_or_rd;
}

}  // namespace

Classification classify(std::vector<double> values, ClassMethod method, int classes) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    Classification out;
    if (values.empty()) return out;
    std::sort(values.begin(), values.end());
    const auto k = static_cast<std::size_t>(std::clamp(classes, 2, 7));
    std::vector<double> raw;
    switch (method) {
        case ClassMethod::quantiles:
            raw = quantile_breaks(values, k);
            break;
        case ClassMethod::equal_interval:
            raw = equal_breaks(values, k);
            break;
        case ClassMethod::natural_breaks:
            raw = jenks_breaks(values, k);
            break;
    }
    out.min = values.front();
    out.max = values.back();
    for (double b : raw) {
        b = round_break(b);
        if (b > out.min && b <= out.max && (out.breaks.empty() || b > out.breaks.back()))
            out.breaks.push_back(b);
    }
    fill_tied_breaks(values, out.breaks, k);
    out.counts.assign(out.breaks.size() + 1, 0);
    for (double v : values) ++out.counts[class_of(v, out.breaks)];
    return out;
}

std::size_t class_of(double value, const std::vector<double>& breaks) {
    std::size_t i = 0;
    while (i < breaks.size() && value >= breaks[i]) ++i;
    return i;
}

std::vector<std::string> palette_for(Polarity polarity, int classes) {
    const auto n = static_cast<std::size_t>(std::clamp(classes, 3, 7));
    std::vector<std::string> colours = ramp_table(polarity)[n - 3];
    if (polarity == Polarity::higher_is_better) std::reverse(colours.begin(), colours.end());
    return colours;
}

std::vector<std::string> colours_for_breaks(Polarity polarity, int requested_classes,
                                            std::size_t break_count) {
    const std::vector<std::string> ramp = palette_for(polarity, requested_classes);
    const std::size_t n = break_count + 1;
    if (n == ramp.size()) return ramp;
    if (n <= 1) return {ramp[ramp.size() / 2]};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
        const double at = static_cast<double>(i * (ramp.size() - 1)) / static_cast<double>(n - 1);
        out.push_back(ramp[static_cast<std::size_t>(std::lround(at))]);
    }
    return out;
}

}  // namespace sna::geo
