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

std::vector<double> quantile_breaks(const std::vector<double>& sorted, int classes) {
    std::vector<double> breaks;
    for (int i = 1; i < classes; ++i) {
        const double position =
            static_cast<double>(i) * static_cast<double>(sorted.size()) / classes;
        const auto index =
            std::min(sorted.size() - 1, static_cast<std::size_t>(std::ceil(position)) - 1);
        breaks.push_back(sorted[index]);
    }
    return breaks;
}

std::vector<double> equal_breaks(const std::vector<double>& sorted, int classes) {
    std::vector<double> breaks;
    const double low = sorted.front(), high = sorted.back();
    for (int i = 1; i < classes; ++i) breaks.push_back(low + (high - low) * i / classes);
    return breaks;
}

/// Jenks natural breaks by dynamic programming (Fisher 1958), O(k n²) on at most 2,000
/// evenly sampled sorted values so it stays fast for England-sized layers.
std::vector<double> jenks_breaks(const std::vector<double>& all, int classes) {
    std::vector<double> v;
    const std::size_t limit = 2000;
    if (all.size() <= limit) {
        v = all;
    } else {
        for (std::size_t i = 0; i < limit; ++i)
            v.push_back(all[i * (all.size() - 1) / (limit - 1)]);
    }
    const std::size_t n = v.size();
    const auto k = static_cast<std::size_t>(classes);
    std::vector<double> prefix(n + 1, 0), prefix2(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        prefix[i + 1] = prefix[i] + v[i];
        prefix2[i + 1] = prefix2[i] + v[i] * v[i];
    }
    const auto cost = [&](std::size_t from, std::size_t to) {  // variance sum of v[from..to)
        const double s = prefix[to] - prefix[from], s2 = prefix2[to] - prefix2[from];
        return s2 - s * s / static_cast<double>(to - from);
    };
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<std::vector<double>> best(k + 1, std::vector<double>(n + 1, inf));
    std::vector<std::vector<std::size_t>> cut(k + 1, std::vector<std::size_t>(n + 1, 0));
    best[0][0] = 0;
    for (std::size_t c = 1; c <= k; ++c) {
        for (std::size_t end = c; end <= n; ++end) {
            for (std::size_t start = c - 1; start < end; ++start) {
                const double total = best[c - 1][start] + cost(start, end);
                if (total < best[c][end]) {
                    best[c][end] = total;
                    cut[c][end] = start;
                }
            }
        }
    }
    std::vector<double> breaks;
    std::size_t end = n;
    for (std::size_t c = k; c > 1; --c) {
        end = cut[c][end];
        breaks.push_back(v[end - 1]);
    }
    std::reverse(breaks.begin(), breaks.end());
    return breaks;
}

}  // namespace

std::vector<double> class_breaks(std::vector<double> values, int classes, ClassMethod method) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    if (values.empty() || classes < 2) return {};
    std::sort(values.begin(), values.end());
    std::vector<double> breaks;
    const int at_most_one_per_value = std::min<int>(classes, static_cast<int>(values.size()));
    switch (method) {
        case ClassMethod::quantiles:
            breaks = quantile_breaks(values, at_most_one_per_value);
            break;
        case ClassMethod::equal_interval:
            breaks = equal_breaks(values, classes);
            break;
        case ClassMethod::natural_breaks:
            breaks = jenks_breaks(values, at_most_one_per_value);
            break;
    }
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
    return breaks;
}

std::vector<std::string> sequential_palette(int classes) {
    switch (std::clamp(classes, 3, 7)) {
        case 3:
            return {"#ffeda0", "#feb24c", "#f03b20"};
        case 4:
            return {"#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"};
        case 5:
            return {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"};
        case 6:
            return {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"};
        default:
            return {"#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"};
    }
}

}  // namespace sna::geo
