#pragma once
/// Clipping geometries to an axis-aligned box (the buffered tile box, in mercator metres).

#include "geo/core/geometry.hpp"

#include <optional>
#include <vector>

namespace sna::geo {

/// Clips one ring to a box by Sutherland-Hodgman. Concave rings may gain zero-width edges running
/// along the box boundary; with a buffered tile box those lie outside the visible tile, which is
/// why this simple algorithm is enough here. The result is open (no closing point) and may be
/// degenerate; callers check with is_degenerate_ring().
Ring clip_ring(const Ring& ring, const BBox& box);

/// clip_ring() into `out`, with `scratch` as working space: both keep their capacity between
/// calls, so clipping many rings allocates only while they grow. @pre ring, out and scratch are
/// three different objects
void clip_ring(const Ring& ring, const BBox& box, Ring& out, Ring& scratch);

/// Clips a polygon (outer ring first, then holes). Degenerate rings are dropped; if the outer
/// ring is, the whole polygon is (nullopt).
std::optional<Polygon> clip_polygon(const Polygon& polygon, const BBox& box);

/// Clips every polygon of a multipolygon; polygons that vanish are left out.
MultiPolygon clip_multipolygon(const MultiPolygon& multi, const BBox& box);

/// Keeps the points inside the box (points on the edge count as inside).
std::vector<Point> clip_points(const std::vector<Point>& points, const BBox& box);

}  // namespace sna::geo
