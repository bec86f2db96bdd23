#pragma once
/// The figures of area profiles that do not depend on the request, computed once at start-up for
/// every indicator's default period: comparators (every parent area and the region), finer
/// indicators pooled over wards and boroughs, and every area's rank, decile and quintile within
/// the region and within its borough. A profile is then lookups and JSON writing.

#include "geo/analysis/aggregate.hpp"
#include "geo/core/model.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sna::server {

class DataIndex;
struct AreaEntry;
struct ComparatorValue;

/// Where an area stands among the areas of its geography (the region, or its borough).
struct AreaPosition {
    std::optional<double> rank;  ///< 1 = worst by the indicator's polarity
    std::optional<int> decile;
    std::optional<int> quintile;
    std::size_t of = 0;  ///< areas with a value
};

/// Pools one parent area's children the way `DataIndex::comparator` does: `geo::aggregate`, then
/// ratios recomputed from the summed numerators and denominators on the indicator's scale.
ComparatorValue pool_comparator(const geo::Indicator& indicator, geo::AggregateMethod method,
                                const std::vector<geo::AggregateInput>& inputs);

class ProfileFigures {
public:
    /// Computes everything from `data`, which must be complete (values, areas, indicators).
    explicit ProfileFigures(const DataIndex& data);
    ~ProfileFigures();
    ProfileFigures(const ProfileFigures&) = delete;
    ProfileFigures& operator=(const ProfileFigures&) = delete;

    /// The precomputed comparator of the indicator over parent (set, code), or over the region
    /// when both are empty; nullptr when not precomputed (another period, an unknown parent).
    const ComparatorValue* comparator(const geo::Indicator& indicator, const std::string& period,
                                      const std::string& parent_set,
                                      const std::string& parent_code) const;

    /// True when the indicator is published for a finer set whose areas nest in `set_id` and
    /// can be pooled over them (LSOA values over a ward or a borough).
    bool aggregates_into(const geo::Indicator& indicator, const std::string& set_id) const;

    /// The area's position among the areas of its set, valued by the indicator's default period
    /// (stored values, or pooled ones when the indicator aggregates into the set); nullptr when
    /// the area has no value or the indicator is neutral.
    const AreaPosition* regional(const geo::Indicator& indicator, const AreaEntry& area) const;
    /// Same among the areas of its set in its borough; nullptr also when it has no borough.
    const AreaPosition* within_borough(const geo::Indicator& indicator,
                                       const AreaEntry& area) const;

private:
    struct SetPositions {
        std::vector<std::optional<AreaPosition>> regional;
        std::vector<std::optional<AreaPosition>> borough;
    };
    struct PerIndicator {
        std::string period;  ///< the default period the figures are for
        bool pooled = false;
        std::unordered_map<std::string, ComparatorValue> comparators;  ///< "set\ncode" → value
        std::map<std::string, SetPositions> positions;                 ///< by area set
    };

    void pool_comparators(const DataIndex& data, const geo::Indicator& indicator,
                          geo::AggregateMethod method, PerIndicator& out) const;
    void rank_set(const DataIndex& data, const geo::Indicator& indicator, const std::string& set_id,
                  PerIndicator& out) const;
    const PerIndicator* of(const geo::Indicator& indicator) const;
    const std::optional<AreaPosition>* position(const geo::Indicator& indicator,
                                                const AreaEntry& area, bool borough) const;

    const DataIndex& m_data;
    std::vector<PerIndicator> m_indicators;  ///< in `DataIndex::indicators()` order
    std::unordered_map<const AreaEntry*, std::size_t> m_slot;  ///< area → index in its set
};

}  // namespace sna::server
