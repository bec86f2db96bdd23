#pragma once
/// A boundary file someone uploads (GeoJSON, KML, GeoPackage, a zipped Shapefile, or anything
/// else GDAL reads as vector data), read from memory (GDAL's /vsimem/) into lon/lat polygons.

#include "geo/core/geometry.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sna::geo {

/// One feature's polygons, in lon/lat (EPSG:4326, traditional GIS order).
struct BoundaryFeature {
    std::string fid;  ///< the feature's id in the file ("" when it has none)
    MultiPolygon shape;
};

/// The polygonal features of the file's first layer, reprojected from the file's CRS (or
/// `declared_crs` when not empty) to lon/lat. `extension` tells GDAL the format: ".geojson",
/// ".kml", ".gpkg", ".zip" (read through /vsizip/: a zipped Shapefile).
/// @throws InvalidInput naming the problem: not a vector file, no CRS, a feature that is not a
/// polygon, more than `max_features` features or `max_vertices` vertices, no polygon at all.
std::vector<BoundaryFeature> read_boundary_file(const std::string& bytes,
                                                const std::string& extension,
                                                const std::string& declared_crs,
                                                std::size_t max_features, std::size_t max_vertices);

}  // namespace sna::geo
