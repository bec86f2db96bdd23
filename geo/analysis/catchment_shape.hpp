#pragma once
/// Shapes of user-defined areas (catchments) in lon/lat: a circle on the ground, a vertex count
/// for limits, and a content address (SHA-256 of a canonical text of the normalised shape).

#include "geo/core/geometry.hpp"

#include <cstddef>
#include <string>

namespace sna::geo {

/// Mean Earth radius (IUGG), metres.
constexpr double earth_radius_m = 6371008.8;

/// A polygon of `segments` vertices (counter-clockwise, not closed) approximating the circle of
/// `metres` on the ground about `centre` (lon/lat degrees), on a sphere: each vertex is the
/// destination at that distance along its bearing, so distances are true to ~0.5 % anywhere.
/// @pre metres > 0, segments >= 3
Ring geodesic_circle(Point centre, double metres, int segments = 128);

/// Vertices of every ring (closing vertices not counted twice).
std::size_t vertex_count(const MultiPolygon& shape);

/// "x y,x y;…" with `decimals` decimals: one text per normalised shape (polygons separated by
/// '|', rings by ';'), the input of the content address.
std::string canonical_text(const MultiPolygon& shape, int decimals);

/// The first 32 hex digits (128 bits) of SHA-256 over canonical_text(shape, decimals).
std::string shape_digest(const MultiPolygon& shape, int decimals);

}  // namespace sna::geo
