#pragma once
/// GeoJSON (RFC 7946) Polygon and MultiPolygon geometries to and from geo::MultiPolygon, with
/// the checks untrusted input needs: numbers that are finite lon/lat, rings of at least four
/// positions, closed, and a bound on the number of vertices.

#include "geo/core/geometry.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace sna::server {

/// The polygons of a GeoJSON geometry object (Polygon or MultiPolygon; a Feature's geometry or
/// a FeatureCollection of polygonal features is read too, their polygons together). `at` names
/// the place in messages ("geometry").
/// @throws geo::InvalidInput naming the member and position, e.g. "geometry.coordinates[0][3]:
/// longitude 191 is outside -180..180", or when the shape has more than `max_vertices` vertices.
geo::MultiPolygon shape_from_geojson(const nlohmann::json& geometry, std::size_t max_vertices,
                                     const std::string& at = "geometry");

/// A GeoJSON MultiPolygon with closed rings.
nlohmann::json shape_to_geojson(const geo::MultiPolygon& shape);

}  // namespace sna::server
