#pragma once
/// Synthetic police.uk-style incidents: street-level points plus monthly counts per small area.

#include "geo/synth/demo_geography.hpp"
#include "geo/synth/demo_indicators.hpp"
#include "geo/synth/random.hpp"
#include "geo/synth/tessellation.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sna::geo::detail {

/// What write_incidents produced, for the manifest and the summary.
struct IncidentFiles {
    std::string points_file;               ///< relative to the output folder
    std::vector<std::string> count_files;  ///< one per calendar year
    std::int64_t incidents = 0;
    std::string first_month;  ///< "2023-01"
    std::string last_month;   ///< "2024-12"
    std::string gap_month;    ///< the month one borough is missing from
    std::size_t gap_borough = 0;
};

/// Streams `points` incidents over 24 months to a CSV of easting/northing (EPSG:27700), and
/// writes their counts per small area × category × year × month (rows only where non-zero).
/// Incidents concentrate in deprived areas and in each borough's centre. One borough has no
/// incidents in one month, as when a force's submission is missing, so a completeness check
/// has something to flag; the total is still exactly `points`.
/// Each point is drawn inside a chosen cell (rejection sampling in its bounding box against
/// the prepared cell), on whole metres like police.uk's snapped locations and a few centimetres
/// clear of the cell's edges, and its count goes to that cell's area — so the table, the
/// points' lsoa_code and a spatial join after reprojection all agree.
/// @throws Error on I/O failure.
IncidentFiles write_incidents(const std::string& out_dir, const DemoGeography& geography,
                              const std::vector<AreaIndicators>& indicators, Tessellation& cells,
                              std::int64_t points, Random& rng,
                              const std::function<void(double)>& report);

}  // namespace sna::geo::detail
