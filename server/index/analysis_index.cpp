#include "server/index/analysis_index.hpp"

#include "geo/core/errors.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace sna::server {

namespace {

/// Projects every vertex of an area in one batch.
geo::MultiPolygon project(const geo::MultiPolygon& lonlat, const Projector& to_metres,
                          const std::string& code) {
    std::vector<geo::Point> points;
    for (const auto& polygon : lonlat.polygons) {
        for (const auto& ring : polygon.rings)
            points.insert(points.end(), ring.begin(), ring.end());
    }
    if (const std::size_t failed = to_metres(points)) {
        throw geo::Error("cannot project " + std::to_string(failed) + " vertices of area '" + code +
                         "' into metres");
    }
    geo::MultiPolygon metric = lonlat;
    std::size_t k = 0;
    for (auto& polygon : metric.polygons) {
        for (auto& ring : polygon.rings) {
            for (auto& p : ring) p = points[k++];
        }
    }
    return metric;
}

std::vector<ServiceEntry> project_services(const std::vector<geo::StoredPoint>& points,
                                           const Projector& to_metres, const std::string& layer) {
    std::vector<ServiceEntry> out;
    std::vector<geo::Point> locations;
    for (const auto& p : points) {
        out.push_back({p.record.name, p.record.category, p.record.approximate, p.record.location,
                       p.record.location});
        locations.push_back(p.record.location);
    }
    if (const std::size_t failed = to_metres(locations))
        throw geo::Error("cannot project " + std::to_string(failed) + " locations of layer '" +
                         layer + "'");
    for (std::size_t i = 0; i < out.size(); ++i) out[i].metric = locations[i];
    return out;
}

}  // namespace

AnalysisIndex::AnalysisIndex(const std::vector<geo::StoredArea>& areas,
                             const std::vector<geo::StoredPoint>& schools,
                             const Projector& to_metres, const std::string& borough_set,
                             const std::map<std::string, std::vector<geo::StoredPoint>>& services) {
    for (const auto& [layer, points] : services)
        m_services[layer] = project_services(points, to_metres, layer);
    for (const auto& a : areas) {
        auto& set = m_sets[a.area.set_id];
        if (!set) set = std::make_unique<SetShapes>();
        set->codes.push_back(a.area.code);
        set->metric.push_back(project(a.area.geometry, to_metres, a.area.code));
    }
    for (auto& [_, set] : m_sets) {
        std::vector<geo::BBox> boxes;
        for (const auto& g : set->metric) boxes.push_back(geo::bbox_of(g));
        set->index = geo::PackedRTree(boxes);
    }
    std::vector<geo::Point> locations;
    for (const auto& p : schools) {
        SchoolEntry s{p.fid, p.record.source_id, p.record.name,     p.record.category,
                      "",    p.record.location,  p.record.location, {}};
        const auto lad = p.areas.find(borough_set);
        if (lad != p.areas.end()) s.borough = lad->second;
        const auto attributes = nlohmann::json::parse(p.record.attributes_json, nullptr, false);
        if (attributes.is_object()) {
            for (const auto& [key, value] : attributes.items()) {
                if (value.is_number()) s.numbers[key] = value.get<double>();
            }
        }
        locations.push_back(s.lonlat);
        m_schools.push_back(std::move(s));
    }
    if (const std::size_t failed = to_metres(locations))
        throw geo::Error("cannot project " + std::to_string(failed) + " school locations");
    for (std::size_t i = 0; i < m_schools.size(); ++i) m_schools[i].metric = locations[i];
}

const std::vector<ServiceEntry>* AnalysisIndex::services(const std::string& layer) const {
    const auto it = m_services.find(layer);
    return it == m_services.end() ? nullptr : &it->second;
}

const AnalysisIndex::SetShapes& AnalysisIndex::shapes(const std::string& set_id) const {
    const auto it = m_sets.find(set_id);
    if (it == m_sets.end()) throw geo::NotFound("no area set '" + set_id + "'");
    return *it->second;
}

const std::vector<std::string>& AnalysisIndex::codes(const std::string& set_id) const {
    return shapes(set_id).codes;
}

const std::vector<geo::MultiPolygon>& AnalysisIndex::metric_geometry(
    const std::string& set_id) const {
    return shapes(set_id).metric;
}

const geo::PackedRTree& AnalysisIndex::metric_index(const std::string& set_id) const {
    return shapes(set_id).index;
}

const geo::Neighbours& AnalysisIndex::neighbours(const std::string& set_id) const {
    const SetShapes& s = shapes(set_id);
    // Generalised boundaries of neighbours may differ by centimetres: a 0.5 m tolerance.
    std::call_once(s.neighbours_once,
                   [&] { s.neighbours = geo::rook_contiguity(s.metric, {0.5}); });
    return s.neighbours;
}

}  // namespace sna::server
