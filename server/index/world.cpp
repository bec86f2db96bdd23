#include "server/index/world.hpp"

#include "geo/proj/coordinate_transform.hpp"
#include "geo/store/access_store.hpp"
#include "server/config/server_config.hpp"
#include "server/index/visibility.hpp"

namespace sna::server {

namespace {

/// The point layers, and their points, that `visibility` allows, attributes stripped.
std::pair<std::vector<geo::StoredPointLayer>, std::map<std::string, std::vector<geo::StoredPoint>>>
visible_points(const World::Sources& sources, const Visibility& visibility) {
    std::vector<geo::StoredPointLayer> layers;
    std::map<std::string, std::vector<geo::StoredPoint>> points;
    for (const auto& layer : sources.point_layers) {
        if (!visibility.sees(layer)) continue;
        layers.push_back(layer);
        auto& kept = points[layer.id];
        const auto found = sources.points.find(layer.id);
        if (found == sources.points.end()) continue;
        kept = found->second;
        for (auto& p : kept) visibility.strip_attributes(layer, p);
    }
    return {std::move(layers), std::move(points)};
}

}  // namespace

World::Sources World::Sources::read(geo::Database& db) {
    Sources s;
    s.areas = geo::read_stored_areas(db, true);
    s.point_layers = geo::read_point_layers(db);
    for (const auto& layer : s.point_layers) s.points[layer.id] = geo::read_points(db, layer.id);
    s.rules = geo::read_access_rules(db);
    s.postcodes = geo::read_postcodes(db);
    return s;
}

World::World(geo::Database& db, const Sources& sources, const std::set<std::string>& groups,
             const ServerConfig& config)
    : m_groups(groups),
      m_data(DataIndex::load(db, sources.areas, groups)),
      m_cache(std::make_unique<TileCache>(config.tile_cache_bytes)),
      m_compressed(std::make_unique<TileCache>(config.compression_cache_bytes)),
      m_profiles(std::make_unique<TileCache>(config.profile_cache_bytes)) {
    const Visibility visibility(sources.rules, groups);
    auto [layers, points] = visible_points(sources, visibility);
    // The schools the priority-school analysis ranks: the layer the manifest names (none when
    // this tier may not see the ranking's inputs; the data index then offers no ranking).
    const auto& priority = m_data->analyses().priority_schools;
    const auto schools = priority && points.count(priority->schools)
                             ? points[priority->schools]
                             : std::vector<geo::StoredPoint>{};
    // School surroundings and contiguity work in metres: project once, here, with PROJ into the
    // equal-area CRS the database was built with (EPSG:27700 for Great Britain).
    const auto crs = m_data->meta().find("equal_area_crs");
    const geo::CoordinateTransform to_metres(
        "EPSG:4326", crs == m_data->meta().end() ? "EPSG:27700" : crs->second);
    std::map<std::string, std::vector<geo::StoredPoint>> services;
    for (const auto& layer : layers)
        if (layer.kind == "service") services[layer.id] = points[layer.id];
    m_analysis = std::make_unique<AnalysisIndex>(
        sources.areas, schools, [&](std::vector<geo::Point>& p) { return to_metres.forward(p); },
        m_data->borough_set(), services);
    m_analyses = std::make_unique<AnalysisMemo>(*m_data, *m_analysis);
    m_hotspot_sets = m_analyses->fill_default_hotspots();
    m_shapes = std::make_unique<AreaShapes>(sources.areas);
    m_nearby = std::make_unique<PointDirectory>(layers, points);
    if (!sources.postcodes.empty() && visibility.sees_dataset(sources.postcodes.front().dataset_id))
        m_postcodes = std::make_unique<PostcodeDirectory>(sources.postcodes);
    m_tiles =
        std::make_unique<TileCatalog>(*m_data, sources.areas, layers, std::move(points), config);
}

Services World::services(const ServerConfig& config, Metrics& metrics,
                         const VersionArchive* archive) {
    Services s{config,           *m_data,          *m_tiles,           *m_cache,
               metrics,          *m_analysis,      m_shapes.get(),     m_nearby.get(),
               archive,          &m_memo,          m_compressed.get(), nullptr,
               m_analyses.get(), m_postcodes.get()};
    if (config.profile_cache_bytes > 0) s.profiles = m_profiles.get();
    return s;
}

}  // namespace sna::server
