#pragma once
/// The body of POST /api/catchments read into a normalised shape and its content address:
/// a GeoJSON polygon, a union of areas of one set, or a circle about a point (docs/api.md).

#include "geo/core/errors.hpp"
#include "geo/core/geometry.hpp"
#include "server/index/services.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sna::server {

class DataIndex;

/// A well-formed request whose shape cannot be a catchment (an invalid polygon, a radius out of
/// range, an unknown area, too many vertices, outside the region): answered 422.
class CatchmentRejected : public geo::InvalidInput {
public:
    using InvalidInput::InvalidInput;
};

constexpr double min_catchment_radius_m = 50;
constexpr double max_catchment_radius_m = 20000;
constexpr std::size_t max_catchment_codes = 1000;
constexpr std::size_t max_catchment_name = 200;
/// Catchment coordinates are kept to 6 decimals of a degree (≈ 0.1 m).
constexpr int catchment_decimals = 6;

struct CatchmentDraft {
    std::string id;  ///< shape_digest of `shape`
    std::string name;
    nlohmann::json definition;  ///< {"kind": "geometry" | "areas" | "radius", …}
    geo::MultiPolygon shape;    ///< lon/lat, valid and normalised
};

/// Reads and checks a request body (already parsed as JSON) into a draft.
/// @throws geo::InvalidInput (400) for a malformed request; CatchmentRejected (422) for a shape
/// that cannot be a catchment; geo::NotFound for an unknown area set.
CatchmentDraft catchment_draft(const nlohmann::json& body, const Services& services);

/// Reads an uploaded boundary file (`extension` ".geojson", ".kml", ".gpkg" or ".zip" for a
/// zipped Shapefile) into a draft: its polygonal features reprojected from the file's CRS (or
/// `crs` when not empty) to lon/lat and dissolved into one shape.
/// @throws CatchmentRejected naming what is wrong with the file or its shapes.
CatchmentDraft uploaded_catchment_draft(const std::string& bytes, const std::string& extension,
                                        const std::string& name, const std::string& crs,
                                        const Services& services);

/// The sets catchments are apportioned from: the small-area sets, in the data's set order.
std::vector<std::string> apportioned_sets(const DataIndex& data);

}  // namespace sna::server
