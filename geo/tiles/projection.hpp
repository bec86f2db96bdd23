#pragma once
/// Projecting whole geometries from lon/lat degrees to Web Mercator metres.

#include "geo/core/geometry.hpp"

#include <vector>

namespace sna::geo {

/// Projects every vertex of a lon/lat ring to EPSG:3857 metres (latitude clamped to +-85.0511).
Ring project_to_mercator(const Ring& lonlat);

/// Projects a lon/lat multipolygon to EPSG:3857 metres; structure and vertex order are kept.
MultiPolygon project_to_mercator(const MultiPolygon& lonlat);

/// Projects lon/lat points to EPSG:3857 metres.
std::vector<Point> project_points_to_mercator(const std::vector<Point>& lonlat);

}  // namespace sna::geo
