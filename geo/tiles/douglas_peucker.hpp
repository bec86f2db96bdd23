#pragma once
/// Douglas-Peucker simplification of one polyline with fixed end points.

#include "geo/core/geometry.hpp"

#include <vector>

namespace sna::geo {

/// Simplifies a polyline by Douglas-Peucker, always keeping its first and last points.
/// A point is kept if it lies farther than `tolerance` from the segment between the kept points
/// around it. The first `forced_levels` levels of splitting keep their farthest point whatever
/// its distance, which guarantees a minimum shape (1: at least one interior point; 2: up to
/// three). A closed polyline (first == last) measures distance to that single point at the top.
std::vector<Point> simplify_polyline(const std::vector<Point>& line, double tolerance,
                                     unsigned forced_levels = 0);

}  // namespace sna::geo
