#include "server/index/area_shapes.hpp"

#include "geo/tiles/mercator.hpp"

namespace sna::server {

namespace {

geo::MultiPolygon to_mercator(const geo::MultiPolygon& lonlat) {
    geo::MultiPolygon out;
    for (const geo::Polygon& polygon : lonlat.polygons) {
        geo::Polygon projected;
        for (const geo::Ring& ring : polygon.rings) {
            geo::Ring r;
            r.reserve(ring.size());
            for (const geo::Point& p : ring) r.push_back(geo::lonlat_to_mercator(p));
            projected.rings.push_back(std::move(r));
        }
        out.polygons.push_back(std::move(projected));
    }
    return out;
}

}  // namespace

AreaShapes::AreaShapes(const std::vector<geo::StoredArea>& areas) {
    for (const geo::StoredArea& a : areas)
        m_sets[a.area.set_id].emplace_back(a.area.code, to_mercator(a.area.geometry));
    for (const auto& [set_id, shapes] : m_sets)
        for (const auto& [code, shape] : shapes) m_index[{set_id, code}] = &shape;
}

const geo::MultiPolygon* AreaShapes::shape(const std::string& set_id,
                                           const std::string& code) const {
    const auto it = m_index.find({set_id, code});
    return it == m_index.end() ? nullptr : it->second;
}

const std::vector<std::pair<std::string, geo::MultiPolygon>>& AreaShapes::set(
    const std::string& set_id) const {
    static const std::vector<std::pair<std::string, geo::MultiPolygon>> none;
    const auto it = m_sets.find(set_id);
    return it == m_sets.end() ? none : it->second;
}

geo::BBox AreaShapes::bounds(const std::string& set_id) const {
    geo::BBox box;
    for (const auto& entry : set(set_id)) box.expand(geo::bbox_of(entry.second));
    return box;
}

}  // namespace sna::server
