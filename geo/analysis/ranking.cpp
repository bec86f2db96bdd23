#include "geo/analysis/ranking.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <numeric>

namespace sna::geo {

namespace {

bool is_present(const std::optional<double>& value) {
    return value && std::isfinite(*value);
}

/// Indices of the present values, sorted so that the value ranked 1 comes first; ties keep
/// input order (stable), which does not affect the ranks.
std::vector<std::size_t> order_of(const std::vector<std::optional<double>>& values,
                                  RankOrder order) {
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (is_present(values[i])) index.push_back(i);
    }
    std::stable_sort(index.begin(), index.end(), [&](std::size_t a, std::size_t b) {
        return order == RankOrder::highest_first ? *values[a] > *values[b]
                                                 : *values[a] < *values[b];
    });
    return index;
}

}  // namespace

RankOrder worst_first(Polarity polarity) {
    return polarity == Polarity::higher_is_better ? RankOrder::lowest_first
                                                  : RankOrder::highest_first;
}

std::vector<std::optional<double>> rank_values(const std::vector<std::optional<double>>& values,
                                               const RankOptions& options) {
    std::vector<std::optional<double>> ranks(values.size());
    const auto index = order_of(values, options.order);
    std::size_t block_start = 0;
    while (block_start < index.size()) {
        std::size_t block_end = block_start + 1;
        while (block_end < index.size() &&
               *values[index[block_end]] == *values[index[block_start]]) {
            ++block_end;
        }
        // Positions block_start..block_end-1 hold ranks block_start+1 .. block_end.
        const double rank =
            options.ties == TieMethod::minimum
                ? static_cast<double>(block_start + 1)
                : (static_cast<double>(block_start + 1) + static_cast<double>(block_end)) / 2;
        for (std::size_t k = block_start; k < block_end; ++k) ranks[index[k]] = rank;
        block_start = block_end;
    }
    return ranks;
}

std::vector<std::optional<int>> ntiles(const std::vector<std::optional<double>>& values, int n,
                                       RankOrder order) {
    assert(n >= 1);
    std::vector<std::optional<int>> result(values.size());
    const auto ranks = rank_values(values, {order, TieMethod::minimum});
    const auto count = static_cast<std::int64_t>(
        std::count_if(values.begin(), values.end(), [](const auto& v) { return is_present(v); }));
    if (count < n || count == 0) return result;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!ranks[i]) continue;
        const auto r = static_cast<std::int64_t>(*ranks[i]);
        const std::int64_t numerator = (count + 1 - r) * n;
        const std::int64_t ceiling = (numerator + count - 1) / count;  // ⌈numerator / count⌉
        const auto q = static_cast<int>(n + 1 - ceiling);
        result[i] = std::max(q, 1);
    }
    return result;
}

std::vector<std::optional<int>> deciles(const std::vector<std::optional<double>>& values,
                                        RankOrder order) {
    return ntiles(values, 10, order);
}

std::vector<std::optional<int>> quintiles(const std::vector<std::optional<double>>& values,
                                          RankOrder order) {
    return ntiles(values, 5, order);
}

}  // namespace sna::geo
