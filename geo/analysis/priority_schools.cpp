#include "geo/analysis/priority_schools.hpp"

#include "geo/analysis/composite.hpp"
#include "geo/analysis/rates.hpp"

namespace sna::geo {

namespace {

std::optional<double> surrounding_value(const std::vector<CircleShare>& shares,
                                        const SurroundingColumn& column) {
    if (column.is_rate) {
        const auto r =
            area_weighted_rate(shares, column.numerators, column.denominators, column.multiplier);
        return r ? std::optional<double>(r->rate) : std::nullopt;
    }
    const auto m = area_weighted_mean(shares, column.values);
    return m ? std::optional<double>(m->value) : std::nullopt;
}

std::optional<SchoolRateValue> school_rate(std::optional<double> count,
                                           std::optional<double> pupils) {
    if (!count || !pupils || *pupils <= 0 || *count < 0 || *count > *pupils) return std::nullopt;
    const auto ci = wilson_proportion_ci(*count, *pupils, 0.95);
    return SchoolRateValue{100 * *count / *pupils, 100 * ci.lower, 100 * ci.upper, *count, *pupils};
}

}  // namespace

std::vector<PrioritySchool> rank_priority_schools(const std::vector<MultiPolygon>& areas,
                                                  const PackedRTree& index,
                                                  const std::vector<SurroundingColumn>& columns,
                                                  const std::vector<SchoolCounts>& schools,
                                                  double radius) {
    std::vector<PrioritySchool> out;
    IndicatorMatrix matrix;
    for (const SchoolCounts& school : schools) {
        const auto shares = circle_shares(areas, index, school.metric, radius);
        PrioritySchool row;
        std::vector<std::optional<double>> components;
        for (const SurroundingColumn& column : columns) {
            row.surroundings.push_back(surrounding_value(shares, column));
            components.push_back(row.surroundings.back());
        }
        for (const auto& count : school.counts) {
            row.rates.push_back(school_rate(count, school.pupils));
            components.push_back(row.rates.back() ? std::optional<double>(row.rates.back()->percent)
                                                  : std::nullopt);
        }
        matrix.push_back(std::move(components));
        out.push_back(std::move(row));
    }
    if (out.empty()) return out;
    const std::vector<CompositeIndicator> specs(matrix.front().size(),
                                                CompositeIndicator{Polarity::higher_is_worse, 1.0});
    CompositeOptions options;
    options.stability_draws = 0;
    const auto result = composite_index(matrix, specs, options);
    for (std::size_t k = 0; k < out.size(); ++k) {
        out[k].score = result.scores[k];
        out[k].rank = result.ranks[k];
    }
    return out;
}

}  // namespace sna::geo
