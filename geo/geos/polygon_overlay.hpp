#pragma once
/// Polygon work for user-drawn areas (catchments), through GEOS: validity with GEOS's reason,
/// a normal form for content addressing, unions of areas, and the overlap of a shape with every
/// area of a set. Coordinates are taken as given (lon/lat or projected metres); areas and
/// overlaps are in the coordinates' units, so callers project to an equal-area CRS first.

#include "geo/core/area_overlap.hpp"
#include "geo/core/geometry.hpp"
#include "geo/core/packed_rtree.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

/// Why `shape` is not a valid (OGC) polygonal geometry — GEOS's reason and where, e.g.
/// "Self-intersection at or near -1.9, 52.48" — or nullopt when it is valid.
std::optional<std::string> invalidity_reason(const MultiPolygon& shape);

/// `shape` snapped to a grid of `grid` units (GEOS snap-rounding, so the result is valid) and put
/// in a normal form: GEOS's ring start and ring and polygon order, outer rings counter-clockwise
/// and holes clockwise (RFC 7946 §3.1.6). Equal shapes give equal coordinates.
/// @throws InvalidInput when nothing of the shape is left at that precision.
MultiPolygon normalise_polygons(const MultiPolygon& shape, double grid);

/// The dissolved union of the shapes (their polygonal part).
MultiPolygon union_of(const std::vector<MultiPolygon>& shapes);

/// Every area (`index` is a PackedRTree over bbox_of(areas[i])) whose overlap with `shape` has a
/// positive area or whose representative point lies inside it, in ascending area order. The
/// representative point is the area's centroid, or GEOS's point on surface when the centroid
/// falls outside a concave area. @pre `shape` is valid (invalidity_reason).
std::vector<AreaOverlap> area_overlaps(const MultiPolygon& shape,
                                       const std::vector<MultiPolygon>& areas,
                                       const PackedRTree& index);

}  // namespace sna::geo
