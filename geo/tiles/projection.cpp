#include "geo/tiles/projection.hpp"

#include "geo/tiles/mercator.hpp"

namespace sna::geo {

Ring project_to_mercator(const Ring& lonlat) {
    return project_points_to_mercator(lonlat);
}

MultiPolygon project_to_mercator(const MultiPolygon& lonlat) {
    MultiPolygon out;
    out.polygons.reserve(lonlat.polygons.size());
    for (const auto& polygon : lonlat.polygons) {
        Polygon projected;
        projected.rings.reserve(polygon.rings.size());
        for (const auto& ring : polygon.rings) projected.rings.push_back(project_to_mercator(ring));
        out.polygons.push_back(std::move(projected));
    }
    return out;
}

std::vector<Point> project_points_to_mercator(const std::vector<Point>& lonlat) {
    std::vector<Point> out;
    out.reserve(lonlat.size());
    for (const auto& p : lonlat) out.push_back(lonlat_to_mercator(p));
    return out;
}

}  // namespace sna::geo
