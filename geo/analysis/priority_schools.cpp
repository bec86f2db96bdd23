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
                                           std::optional<double> pupils, IntervalFamily family) {
    if (!count || !pupils || *pupils <= 0 || *count < 0 || *count > *pupils) return std::nullopt;
    Indicator percentage;
    percentage.value_kind = "percentage";
    percentage.counts = family == IntervalFamily::poisson ? "events" : "people";
    const auto ci = indicator_interval(percentage, *count, *pupils, 0.95);
    if (!ci) return std::nullopt;
    return SchoolRateValue{100 * *count / *pupils, ci->lower, ci->upper, *count, *pupils};
}

}  // namespace

std::vector<PrioritySchool> rank_priority_schools(const std::vector<MultiPolygon>& areas,
                                                  const PackedRTree& index,
                                                  const std::vector<SurroundingColumn>& columns,
                                                  const std::vector<SchoolCounts>& schools,
                                                  const std::vector<IntervalFamily>& rate_intervals,
                                                  double radius,
                                                  const std::function<void()>& checkpoint) {
    std::vector<PrioritySchool> out;
    IndicatorMatrix matrix;
    for (const SchoolCounts& school : schools) {
        if (checkpoint) checkpoint();
        const auto shares = circle_shares(areas, index, school.metric, radius);
        PrioritySchool row;
        std::vector<std::optional<double>> components;
        for (const SurroundingColumn& column : columns) {
            row.surroundings.push_back(surrounding_value(shares, column));
            components.push_back(row.surroundings.back());
        }
        for (std::size_t k = 0; k < school.counts.size(); ++k) {
            const IntervalFamily family =
                k < rate_intervals.size() ? rate_intervals[k] : IntervalFamily::wilson;
            row.rates.push_back(school_rate(school.counts[k], school.pupils, family));
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
