#include "server/index/point_directory.hpp"

#include "geo/tiles/mercator.hpp"

#include <algorithm>
#include <cmath>

namespace sna::server {

PointDirectory::PointDirectory(const std::vector<geo::StoredPointLayer>& layers,
                               const std::map<std::string, std::vector<geo::StoredPoint>>& points) {
    for (const auto& layer : layers) {
        if (layer.kind != "school" && layer.kind != "service") continue;
        const auto it = points.find(layer.id);
        if (it != points.end()) m_points[layer.id] = it->second;
    }
}

std::vector<NearbyPoint> PointDirectory::near(const std::string& layer,
                                              const geo::MultiPolygon& area, double metres) const {
    std::vector<NearbyPoint> out;
    const auto it = m_points.find(layer);
    if (it == m_points.end()) return out;
    geo::BBox box = geo::bbox_of(area);
    const double centre_lat = geo::mercator_to_lonlat({0, (box.min_y + box.max_y) / 2}).y;
    // Web Mercator stretches distances by 1/cos(latitude).
    const double stretch = 1.0 / std::cos(centre_lat * M_PI / 180.0);
    const double reach = metres * stretch;
    box = {box.min_x - reach, box.min_y - reach, box.max_x + reach, box.max_y + reach};
    for (const geo::StoredPoint& p : it->second) {
        const geo::Point m = geo::lonlat_to_mercator(p.record.location);
        if (!box.contains(m)) continue;
        const bool inside = geo::locate(m, area) != geo::Location::outside;
        const double d = inside ? 0.0 : geo::distance_to_boundary(m, area) / stretch;
        if (d <= metres) out.push_back({&p, d});
    }
    std::sort(out.begin(), out.end(), [](const NearbyPoint& a, const NearbyPoint& b) {
        return a.distance_m < b.distance_m;
    });
    return out;
}

}  // namespace sna::server
