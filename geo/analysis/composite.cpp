#include "geo/analysis/composite.hpp"

#include "geo/analysis/ranking.hpp"
#include "geo/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

namespace sna::geo {

namespace {

using Column = std::vector<std::optional<double>>;

bool is_present(const std::optional<double>& value) {
    return value && std::isfinite(*value);
}

std::string format_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

void validate(const IndicatorMatrix& values, const std::vector<CompositeIndicator>& indicators) {
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const double w = indicators[k].weight;
        if (!std::isfinite(w) || w < 0 || w > 2) {
            throw InvalidInput("composite index: weight of indicator " + std::to_string(k + 1) +
                               " must be between 0 and 2, got " + format_number(w));
        }
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i].size() != indicators.size()) {
            throw InvalidInput("composite index: area " + std::to_string(i + 1) + " has " +
                               std::to_string(values[i].size()) + " values for " +
                               std::to_string(indicators.size()) + " indicators");
        }
    }
}

/// Column k with its direction fixed so that higher = more risk.
Column directed_column(const IndicatorMatrix& values, std::size_t k, Polarity polarity) {
    Column column(values.size());
    const double sign = polarity == Polarity::higher_is_better ? -1.0 : 1.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (is_present(values[i][k])) column[i] = sign * *values[i][k];
    }
    return column;
}

/// Transformed, imputed values: result[i][k].
std::vector<std::vector<double>> transform_matrix(const IndicatorMatrix& values,
                                                  const std::vector<CompositeIndicator>& indicators,
                                                  CompositeTransform transform,
                                                  std::vector<std::size_t>& missing) {
    const std::size_t areas = values.size();
    std::vector<std::vector<double>> out(areas, std::vector<double>(indicators.size(), 0.0));
    missing.assign(areas, 0);
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const Column directed = directed_column(values, k, indicators[k].polarity);
        const Column t = transform == CompositeTransform::z_score ? z_scores(directed)
                                                                  : exponential_transform(directed);
        double sum = 0;
        std::size_t present = 0;
        for (const auto& v : t) {
            if (v) {
                sum += *v;
                ++present;
            }
        }
        const double mean = present > 0 ? sum / static_cast<double>(present) : 0.0;
        for (std::size_t i = 0; i < areas; ++i) {
            if (t[i]) {
                out[i][k] = *t[i];
            } else {
                out[i][k] = mean;  // mean imputation: z = 0, or the mean transformed value
                ++missing[i];
            }
        }
    }
    return out;
}

std::vector<double> weighted_scores(const std::vector<std::vector<double>>& transformed,
                                    const std::vector<double>& weights) {
    std::vector<double> scores(transformed.size(), 0.0);
    for (std::size_t i = 0; i < transformed.size(); ++i) {
        double s = 0;
        for (std::size_t k = 0; k < weights.size(); ++k) s += weights[k] * transformed[i][k];
        scores[i] = s;
    }
    return scores;
}

/// Minimum-tie ranks of the scores, 1 = highest; a non-finite score gets 0. The same ranks as
/// rank_values(…, {highest_first, minimum}), without its optional copies: this runs once per
/// stability draw.
std::vector<int> score_ranks(const std::vector<double>& scores) {
    std::vector<std::pair<double, std::size_t>> order;
    order.reserve(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (std::isfinite(scores[i])) order.emplace_back(scores[i], i);
    }
    // Ranks depend only on the values, so the order among ties does not matter.
    std::sort(order.begin(), order.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<int> out(scores.size(), 0);
    std::size_t block_start = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        if (order[k].first != order[block_start].first) block_start = k;
        out[order[k].second] = static_cast<int>(block_start + 1);
    }
    return out;
}

/// Nearest-rank percentile: the ⌈p·n/100⌉-th smallest (1-based), integer arithmetic; found by
/// partial ordering (std::nth_element), so `values` is reordered, not sorted.
int nearest_rank_percentile(std::vector<int>& values, std::size_t percent) {
    const std::size_t n = values.size();
    const std::size_t position = std::max<std::size_t>(1, (percent * n + 99) / 100);
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(position - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

std::vector<RankRange> rank_stability(const std::vector<std::vector<double>>& transformed,
                                      const std::vector<CompositeIndicator>& indicators,
                                      const CompositeOptions& options) {
    const std::size_t areas = transformed.size();
    const std::size_t draws = options.stability_draws;
    if (draws == 0) return {};
    std::vector<std::vector<int>> ranks_by_area(areas, std::vector<int>(draws, 0));
    std::mt19937_64 engine(options.seed);
    std::vector<double> weights(indicators.size(), 0.0);
    for (std::size_t d = 0; d < draws; ++d) {
        for (std::size_t k = 0; k < indicators.size(); ++k) {
            // Draw for every indicator, even one left unperturbed, so the stream (and so the
            // result) for the other indicators does not depend on which weights are zero.
            const double u = uniform_from_bits(engine());
            const double base = indicators[k].weight;
            if (base == 0 && !options.perturb_zero_weights) {
                weights[k] = 0;
                continue;
            }
            weights[k] = std::clamp(base + options.weight_jitter * (2 * u - 1), 0.0, 2.0);
        }
        const auto ranks = score_ranks(weighted_scores(transformed, weights));
        for (std::size_t i = 0; i < areas; ++i) ranks_by_area[i][d] = ranks[i];
    }
    std::vector<RankRange> ranges(areas);
    for (std::size_t i = 0; i < areas; ++i) {
        auto& r = ranks_by_area[i];
        const int p05 = nearest_rank_percentile(r, 5);
        ranges[i] = {p05, nearest_rank_percentile(r, 95)};
    }
    return ranges;
}

}  // namespace

std::vector<std::optional<double>> z_scores(const std::vector<std::optional<double>>& column) {
    double sum = 0;
    std::size_t n = 0;
    for (const auto& v : column) {
        if (is_present(v)) {
            sum += *v;
            ++n;
        }
    }
    Column out(column.size());
    if (n == 0) return out;
    const double mean = sum / static_cast<double>(n);
    double squares = 0;
    for (const auto& v : column) {
        if (is_present(v)) squares += (*v - mean) * (*v - mean);
    }
    const double sd = std::sqrt(squares / static_cast<double>(n));
    for (std::size_t i = 0; i < column.size(); ++i) {
        if (is_present(column[i])) out[i] = sd > 0 ? (*column[i] - mean) / sd : 0.0;
    }
    return out;
}

double exponential_transform_value(double scaled_rank) {
    return -23.0 * std::log(1.0 - scaled_rank * (1.0 - std::exp(-100.0 / 23.0)));
}

std::vector<std::optional<double>> exponential_transform(
    const std::vector<std::optional<double>>& column) {
    // Rank 1 = lowest, N = highest (most risk), ties averaged; R = rank / N.
    const auto ranks = rank_values(column, {RankOrder::lowest_first, TieMethod::average});
    const auto n = static_cast<double>(
        std::count_if(column.begin(), column.end(), [](const auto& v) { return is_present(v); }));
    Column out(column.size());
    for (std::size_t i = 0; i < column.size(); ++i) {
        if (ranks[i]) out[i] = exponential_transform_value(*ranks[i] / n);
    }
    return out;
}

double uniform_from_bits(std::uint64_t bits) {
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

CompositeResult composite_index(const IndicatorMatrix& values,
                                const std::vector<CompositeIndicator>& indicators,
                                const CompositeOptions& options) {
    validate(values, indicators);
    CompositeResult result;
    const auto transformed =
        transform_matrix(values, indicators, options.transform, result.missing);
    std::vector<double> weights;
    for (const auto& indicator : indicators) weights.push_back(indicator.weight);
    result.scores = weighted_scores(transformed, weights);
    result.ranks = score_ranks(result.scores);
    result.deciles =
        deciles(Column(result.scores.begin(), result.scores.end()), RankOrder::highest_first);
    result.stability = rank_stability(transformed, indicators, options);
    return result;
}

}  // namespace sna::geo
