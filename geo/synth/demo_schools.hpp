#pragma once
/// Synthetic schools: lon/lat points with phase, headcount and three years of exclusions.

#include "geo/proj/coordinate_transform.hpp"
#include "geo/synth/demo_geography.hpp"
#include "geo/synth/demo_indicators.hpp"
#include "geo/synth/random.hpp"
#include "geo/synth/tessellation.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sna::geo::detail {

/// About one school per 8 small areas, each placed at least a few metres inside its own small
/// area (so lsoa_code always matches the area that contains the point). Exclusion counts grow
/// with phase (secondary ≫ primary) and the area's deprivation.
/// @return the number of schools written. @throws Error on I/O or PROJ failure.
std::size_t write_schools_csv(const std::string& path, const DemoGeography& geography,
                              const std::vector<AreaIndicators>& indicators, Tessellation& cells,
                              const CoordinateTransform& to_lon_lat, Random& rng);

}  // namespace sna::geo::detail
