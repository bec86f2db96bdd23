#include "server/index/catchments.hpp"

#include "geo/core/errors.hpp"
#include "geo/geos/polygon_overlay.hpp"
#include "server/config/server_config.hpp"

namespace sna::server {

bool CatchmentOverlaps::touches_any() const {
    for (const auto& s : sets) {
        if (!s.overlaps.empty()) return true;
    }
    return false;
}

Catchments::Catchments(const ServerConfig& config, Projector to_metres)
    : m_store(config.catchments_dir, config.max_catchments),
      m_project(std::move(to_metres)),
      m_overlaps(config.catchment_cache_entries) {}

geo::MultiPolygon Catchments::to_metres(const geo::MultiPolygon& lonlat) const {
    geo::MultiPolygon out = lonlat;
    std::lock_guard<std::mutex> lock(m_project_mutex);
    for (auto& polygon : out.polygons) {
        for (auto& ring : polygon.rings) {
            if (m_project(ring) != 0)
                throw geo::InvalidInput("the catchment has coordinates that cannot be projected");
        }
    }
    return out;
}

std::shared_ptr<const CatchmentOverlaps> Catchments::overlaps(
    const std::string& id, const geo::MultiPolygon& lonlat, const AnalysisIndex& analysis,
    const std::vector<std::string>& sets) const {
    std::string key = id;
    for (const auto& s : sets) key += "\n" + s;
    return m_overlaps.get(key, [&] {
        const geo::MultiPolygon metric = to_metres(lonlat);
        CatchmentOverlaps out;
        out.area_m2 = geo::area(metric);
        for (const auto& set_id : sets) {
            if (!analysis.has_set(set_id)) continue;
            SetOverlaps s{set_id,
                          geo::area_overlaps(metric, analysis.metric_geometry(set_id),
                                             analysis.metric_index(set_id)),
                          {}};
            const auto& codes = analysis.codes(set_id);
            for (const auto& o : s.overlaps) s.codes.push_back(codes[o.area]);
            out.sets.push_back(std::move(s));
        }
        return out;
    });
}

}  // namespace sna::server
