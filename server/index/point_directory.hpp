#pragma once
/// Schools and services by location, for "nearby" lists in reports (incident points are not kept).

#include "geo/core/geometry.hpp"
#include "geo/store/store_reader.hpp"

#include <map>
#include <string>
#include <vector>

namespace sna::server {

struct NearbyPoint {
    const geo::StoredPoint* point = nullptr;
    double distance_m = 0;  ///< 0 inside the area
};

class PointDirectory {
public:
    /// Keeps the points of layers whose kind is "school" or "service".
    PointDirectory(const std::vector<geo::StoredPointLayer>& layers,
                   const std::map<std::string, std::vector<geo::StoredPoint>>& points);

    /// Points of `layer` inside or within `metres` of `area` (Web Mercator metres), nearest first.
    std::vector<NearbyPoint> near(const std::string& layer, const geo::MultiPolygon& area,
                                  double metres) const;
    bool has_layer(const std::string& layer) const { return m_points.count(layer) > 0; }

private:
    std::map<std::string, std::vector<geo::StoredPoint>> m_points;
};

}  // namespace sna::server
