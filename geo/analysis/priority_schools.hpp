#pragma once
/// The SNA's priority-school ranking: each school described by what surrounds it (area-weighted
/// deprivation and apportioned violence rates within a radius, school_surroundings.hpp) and by
/// its own exclusion rates (Wilson intervals), the components combined with equal weights in the
/// composite index (composite.hpp, z-scores) and ranked, 1 = highest priority.
///
/// Which indicators and school attributes are used is data, not code: the build manifest's
/// `analyses.priority_schools` names them (docs/manifest.md).

#include "geo/analysis/intervals.hpp"
#include "geo/analysis/school_surroundings.hpp"
#include "geo/core/geometry.hpp"
#include "geo/core/packed_rtree.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace sna::geo {

/// One indicator of the surroundings, with its values over every area (indexed like the areas).
struct SurroundingColumn {
    /// Rates are apportioned (counts and populations by area share); anything else is an
    /// area-weighted mean of `values`.
    bool is_rate = false;
    std::vector<std::optional<double>> values;
    std::vector<std::optional<double>> numerators;
    std::vector<std::optional<double>> denominators;
    double multiplier = 1;
};

/// A school's position (metres, as the areas) and the counts behind its own rates.
struct SchoolCounts {
    Point metric;
    std::optional<double> pupils;               ///< the rates' denominator
    std::vector<std::optional<double>> counts;  ///< one per school rate, e.g. suspensions
};

/// A school's own rate: count / pupils as a percentage with its 95 % interval (Wilson for people
/// counted once, Byar / exact Poisson for events; intervals.hpp).
struct SchoolRateValue {
    double percent = 0;
    double lower = 0;  ///< percent
    double upper = 0;  ///< percent
    double count = 0;
    double pupils = 0;
};

struct PrioritySchool {
    std::vector<std::optional<double>> surroundings;    ///< one per SurroundingColumn
    std::vector<std::optional<SchoolRateValue>> rates;  ///< one per count; none when unusable
    double score = 0;
    int rank = 0;  ///< 1 = highest priority
};

/// Ranks `schools` (result in the same order); `rate_intervals` gives the interval family of
/// each school count. A school rate is used only when pupils > 0 and
/// 0 <= count <= pupils; missing components are imputed by the composite index.
/// `checkpoint`, when given, is called before each school: it may throw to stop the work (the
/// server's way of abandoning a request whose client has gone).
/// @pre radius > 0; `index` is a PackedRTree over the areas' bounding boxes.
std::vector<PrioritySchool> rank_priority_schools(const std::vector<MultiPolygon>& areas,
                                                  const PackedRTree& index,
                                                  const std::vector<SurroundingColumn>& columns,
                                                  const std::vector<SchoolCounts>& schools,
                                                  const std::vector<IntervalFamily>& rate_intervals,
                                                  double radius,
                                                  const std::function<void()>& checkpoint = {});

}  // namespace sna::geo
