#include "geo/analysis/composite.hpp"

#include "geo/analysis/ranking.hpp"
#include "geo/analysis/score_ranking.hpp"
#include "geo/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <random>
#include <string>
#include <thread>

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

void check_weights(const std::vector<double>& weights) {
    for (std::size_t k = 0; k < weights.size(); ++k) {
        const double w = weights[k];
        if (!std::isfinite(w) || w < 0 || w > 2) {
            throw InvalidInput("composite index: weight of indicator " + std::to_string(k + 1) +
                               " must be between 0 and 2, got " + format_number(w));
        }
    }
}

void check_rows(const IndicatorMatrix& values, std::size_t indicators) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i].size() != indicators) {
            throw InvalidInput("composite index: area " + std::to_string(i + 1) + " has " +
                               std::to_string(values[i].size()) + " values for " +
                               std::to_string(indicators) + " indicators");
        }
    }
}

/// Σ weightₖ · columnₖ per area, added in column order (the same sum, term by term, for every
/// area whatever the number of areas).
void weighted_scores(const std::vector<const CompositeColumn*>& columns,
                     const std::vector<double>& weights, std::vector<double>& scores) {
    const std::size_t areas = columns.empty() ? 0 : columns.front()->values.size();
    scores.assign(areas, 0.0);
    for (std::size_t k = 0; k < columns.size(); ++k) {
        const double w = weights[k];
        const double* column = columns[k]->values.data();
        for (std::size_t i = 0; i < areas; ++i) scores[i] += w * column[i];
    }
}

/// Nearest-rank position (1-based) of percentile p of n values: ⌈p·n/100⌉, at least 1.
std::size_t percentile_position(std::size_t percent, std::size_t n) {
    return std::max<std::size_t>(1, (percent * n + 99) / 100);
}

/// Per area, the k_low smallest and k_high largest ranks seen so far, as small heaps side by
/// side in two flat arrays, so each draw is one pass over the areas and the 5th and 95th
/// percentiles come out exactly without keeping every draw's ranks. Heap sizes come from the
/// total number of draws, so selections fed disjoint parts of the draws merge exactly.
class RankSelection {
public:
    RankSelection(std::size_t areas, std::size_t total_draws)
        : m_low_size(percentile_position(5, total_draws)),
          m_high_size(total_draws - percentile_position(95, total_draws) + 1),
          m_low(areas * m_low_size),
          m_high(areas * m_high_size) {}

    /// Adds the next draw's ranks.
    void add(const std::vector<int>& ranks) {
        for (std::size_t i = 0; i < ranks.size(); ++i) {
            keep(&m_low[i * m_low_size], m_low_size, m_added, ranks[i], std::less<int>());
            keep(&m_high[i * m_high_size], m_high_size, m_added, ranks[i], std::greater<int>());
        }
        ++m_added;
    }

    /// p05 = the k_low-th smallest rank of the draws added to all `parts` together, p95 = the
    /// k_high-th largest.
    /// `low` and `high` are scratch space, reused from area to area.
    static RankRange merged_range(const std::vector<RankSelection>& parts, std::size_t area,
                                  std::vector<int>& low, std::vector<int>& high) {
        low.clear();
        high.clear();
        for (const RankSelection& part : parts) {
            const int* l = &part.m_low[area * part.m_low_size];
            const int* h = &part.m_high[area * part.m_high_size];
            low.insert(low.end(), l, l + std::min(part.m_added, part.m_low_size));
            high.insert(high.end(), h, h + std::min(part.m_added, part.m_high_size));
        }
        const std::size_t k_low = parts.front().m_low_size, k_high = parts.front().m_high_size;
        std::nth_element(low.begin(), low.begin() + static_cast<std::ptrdiff_t>(k_low - 1),
                         low.end());
        std::nth_element(high.begin(), high.begin() + static_cast<std::ptrdiff_t>(k_high - 1),
                         high.end(), std::greater<int>());
        return {low[k_low - 1], high[k_high - 1]};
    }

private:
    /// A heap of the `size` values that come first in `before` order.
    template <typename Before>
    static void keep(int* heap, std::size_t size, std::size_t draw, int rank, Before before) {
        if (draw < size) {
            heap[draw] = rank;
            std::push_heap(heap, heap + draw + 1, before);
        } else if (before(rank, heap[0])) {
            std::pop_heap(heap, heap + size, before);
            heap[size - 1] = rank;
            std::push_heap(heap, heap + size, before);
        }
    }

    std::size_t m_low_size, m_high_size;
    std::vector<int> m_low, m_high;
    std::size_t m_added = 0;
};

/// Every draw's perturbed weights, in draw order, from the one stream seeded by options.seed.
std::vector<std::vector<double>> perturbed_weights(const std::vector<double>& weights,
                                                   const CompositeOptions& options) {
    std::mt19937_64 engine(options.seed);
    std::vector<std::vector<double>> draws(options.stability_draws,
                                           std::vector<double>(weights.size()));
    for (std::vector<double>& perturbed : draws) {
        for (std::size_t k = 0; k < weights.size(); ++k) {
            // Draw for every indicator, even one left unperturbed, so the stream (and so the
            // result) for the other indicators does not depend on which weights are zero.
            const double u = uniform_from_bits(engine());
            const double base = weights[k];
            perturbed[k] = base == 0 && !options.perturb_zero_weights
                               ? 0.0
                               : std::clamp(base + options.weight_jitter * (2 * u - 1), 0.0, 2.0);
        }
    }
    return draws;
}

/// Ranks the areas under draws [begin, end) and adds each draw's ranks to `selection`.
void run_draws(const std::vector<const CompositeColumn*>& columns,
               const std::vector<std::vector<double>>& draws, std::size_t begin, std::size_t end,
               RankSelection& selection) {
    ScoreRanker ranker;
    std::vector<double> scores;
    for (std::size_t d = begin; d < end; ++d) {
        weighted_scores(columns, draws[d], scores);
        selection.add(ranker.rank(scores));
    }
}

/// Runs the draws split into `parts.size()` contiguous runs, the first on this thread and each
/// other on its own thread; rethrows the first failure after every thread has finished.
void run_draws_in_parts(const std::vector<const CompositeColumn*>& columns,
                        const std::vector<std::vector<double>>& draws,
                        std::vector<RankSelection>& parts) {
    const std::size_t n = parts.size();
    const auto bound = [&](std::size_t p) { return draws.size() * p / n; };
    std::vector<std::exception_ptr> failures(n);
    std::vector<std::thread> threads;
    const auto run = [&](std::size_t p) {
        try {
            run_draws(columns, draws, bound(p), bound(p + 1), parts[p]);
        } catch (...) {
            failures[p] = std::current_exception();
        }
    };
    for (std::size_t p = 1; p < n; ++p) threads.emplace_back(run, p);
    run(0);
    for (std::thread& t : threads) t.join();
    for (const std::exception_ptr& failure : failures)
        if (failure) std::rethrow_exception(failure);
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

CompositeColumn composite_column(const std::vector<std::optional<double>>& values,
                                 Polarity polarity, CompositeTransform transform) {
    const double sign = polarity == Polarity::higher_is_better ? -1.0 : 1.0;
    Column directed(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (is_present(values[i])) directed[i] = sign * *values[i];
    }
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
    // Mean imputation: z = 0, or the mean transformed value.
    const double mean = present > 0 ? sum / static_cast<double>(present) : 0.0;
    CompositeColumn out;
    out.values.resize(t.size());
    out.imputed.resize(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        out.values[i] = t[i] ? *t[i] : mean;
        out.imputed[i] = t[i] ? 0 : 1;
    }
    return out;
}

CompositeResult composite_of_columns(const std::vector<const CompositeColumn*>& columns,
                                     const std::vector<double>& weights) {
    check_weights(weights);
    CompositeResult result;
    weighted_scores(columns, weights, result.scores);
    result.missing.assign(result.scores.size(), 0);
    for (const CompositeColumn* column : columns) {
        for (std::size_t i = 0; i < result.missing.size(); ++i)
            result.missing[i] += column->imputed[i];
    }
    ScoreRanker ranker;
    result.ranks = ranker.rank(result.scores);
    result.deciles =
        deciles(Column(result.scores.begin(), result.scores.end()), RankOrder::highest_first);
    return result;
}

std::vector<RankRange> composite_rank_stability(const std::vector<const CompositeColumn*>& columns,
                                                const std::vector<double>& weights,
                                                const CompositeOptions& options) {
    check_weights(weights);
    const std::size_t total = options.stability_draws;
    const std::size_t areas = columns.empty() ? 0 : columns.front()->values.size();
    if (total == 0) return {};
    const auto draws = perturbed_weights(weights, options);
    const std::size_t threads = std::clamp<std::size_t>(options.threads, 1, total);
    std::vector<RankSelection> parts(threads, RankSelection(areas, total));
    run_draws_in_parts(columns, draws, parts);
    std::vector<RankRange> ranges(areas);
    std::vector<int> low, high;
    for (std::size_t i = 0; i < areas; ++i)
        ranges[i] = RankSelection::merged_range(parts, i, low, high);
    return ranges;
}

CompositeResult composite_index(const IndicatorMatrix& values,
                                const std::vector<CompositeIndicator>& indicators,
                                const CompositeOptions& options) {
    std::vector<double> weights;
    for (const auto& indicator : indicators) weights.push_back(indicator.weight);
    check_weights(weights);
    check_rows(values, indicators.size());
    std::vector<CompositeColumn> columns;
    std::vector<const CompositeColumn*> pointers;
    columns.reserve(indicators.size() + 1);
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        Column raw(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) raw[i] = values[i][k];
        columns.push_back(composite_column(raw, indicators[k].polarity, options.transform));
        pointers.push_back(&columns.back());
    }
    if (columns.empty()) {
        // No indicators: every score is 0. A zero column with weight 0 gives that (and one more
        // random draw per stability draw, which perturbs nothing).
        columns.push_back(
            {std::vector<double>(values.size(), 0.0), std::vector<std::uint8_t>(values.size(), 0)});
        pointers.push_back(&columns.back());
        weights.push_back(0.0);
    }
    CompositeResult result = composite_of_columns(pointers, weights);
    result.stability = composite_rank_stability(pointers, weights, options);
    return result;
}

}  // namespace sna::geo
