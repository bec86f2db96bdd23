#pragma once
/// Spherical Web Mercator (EPSG:3857) maths: lon/lat degrees <-> metres.

#include "geo/core/geometry.hpp"

namespace sna::geo {

/// WGS 84 semi-major axis, used as the sphere radius by EPSG:3857.
constexpr double mercator_earth_radius = 6378137.0;

/// Half the width of the Web Mercator world square in metres (pi * radius).
constexpr double mercator_half_world = 20037508.342789244;

/// Latitude at which the Web Mercator world becomes a square; larger latitudes are clamped.
constexpr double mercator_max_latitude = 85.0511287798066;

/// Projects lon/lat degrees (x = longitude) to EPSG:3857 metres; latitude is clamped to
/// +-mercator_max_latitude so the poles stay finite.
Point lonlat_to_mercator(const Point& lonlat);

/// Inverse of lonlat_to_mercator: EPSG:3857 metres to lon/lat degrees.
Point mercator_to_lonlat(const Point& metres);

/// Size in metres of one pixel at the equator for a tile drawn `tile_pixels` wide at `zoom`.
/// Use it to turn a tolerance in pixels into metres for the simplifier.
double mercator_pixel_size(unsigned zoom, double tile_pixels = 256.0);

}  // namespace sna::geo
