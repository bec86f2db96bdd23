#pragma once
/// Well-Known Binary (OGC SFA) reading and writing for the geometry types snamap stores.

#include "geo/core/geometry.hpp"

#include <string>
#include <string_view>

namespace sna::geo {

/// Encodes little-endian 2D WKB.
std::string to_wkb(const MultiPolygon& multi);
std::string to_wkb(const Point& point);

/// Decodes Polygon or MultiPolygon WKB (either byte order; Z/M ordinates dropped).
/// @throws DataError on truncated or unsupported input.
MultiPolygon multipolygon_from_wkb(std::string_view wkb);
Point point_from_wkb(std::string_view wkb);

}  // namespace sna::geo
