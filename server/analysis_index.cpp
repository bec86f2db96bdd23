#include "server/analysis_index.hpp"

#include "geo/core/errors.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace sna::server {

namespace {

constexpr double metres_per_degree_y = 110'574.0;
constexpr double pi = 3.14159265358979323846;

}  // namespace

AnalysisIndex::AnalysisIndex(const std::vector<geo::StoredArea>& areas,
                             const std::vector<geo::StoredPoint>& schools) {
    geo::BBox all;
    for (const auto& a : areas) {
        if (a.area.set_id != "pfa") all.expand(geo::bbox_of(a.area.geometry));
    }
    m_origin = all.is_empty()
                   ? geo::Point{}
                   : geo::Point{(all.min_x + all.max_x) / 2, (all.min_y + all.max_y) / 2};
    m_metres_per_degree_x = 111'320.0 * std::cos(m_origin.y * pi / 180.0);
    for (const auto& a : areas) {
        auto& set = m_sets[a.area.set_id];
        if (!set) set = std::make_unique<SetShapes>();
        geo::MultiPolygon metric = a.area.geometry;
        for (auto& polygon : metric.polygons) {
            for (auto& ring : polygon.rings) {
                for (auto& p : ring) p = to_metric(p);
            }
        }
        set->codes.push_back(a.area.code);
        set->metric.push_back(std::move(metric));
    }
    for (auto& [_, set] : m_sets) {
        std::vector<geo::BBox> boxes;
        for (const auto& g : set->metric) boxes.push_back(geo::bbox_of(g));
        set->index = geo::PackedRTree(boxes);
    }
    for (const auto& p : schools) {
        SchoolEntry s{
            p.fid, p.record.source_id, p.record.name, p.record.category, "", p.record.location, {}};
        const auto lad = p.areas.find("lad");
        if (lad != p.areas.end()) s.borough = lad->second;
        const auto attributes = nlohmann::json::parse(p.record.attributes_json, nullptr, false);
        if (attributes.is_object()) {
            for (const auto& [key, value] : attributes.items()) {
                if (value.is_number()) s.numbers[key] = value.get<double>();
            }
        }
        m_schools.push_back(std::move(s));
    }
}

geo::Point AnalysisIndex::to_metric(const geo::Point& p) const {
    return {(p.x - m_origin.x) * m_metres_per_degree_x, (p.y - m_origin.y) * metres_per_degree_y};
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
