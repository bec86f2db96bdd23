#include "server/index/world.hpp"

#include "geo/proj/coordinate_transform.hpp"
#include "geo/store/access_store.hpp"
#include "server/config/server_config.hpp"
#include "server/index/visibility.hpp"

#include <chrono>

namespace sna::server {

namespace {

/// Every point of a layer as records, attributes as `visibility` sees them: for the few layers
/// read point by point (schools and services near an area, the priority-school ranking).
std::vector<geo::StoredPoint> listed_points(const geo::PointColumns& columns,
                                            const Visibility& visibility,
                                            const geo::StoredPointLayer& layer) {
    std::vector<geo::StoredPoint> out;
    out.reserve(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) {
        out.push_back(columns.point(i));
        visibility.strip_attributes(layer, out.back());
    }
    return out;
}

/// Every point layer's columns and spatial index, from a connection of this thread's own.
std::map<std::string, PointSource> read_point_sources(
    const std::string& path, const std::vector<geo::StoredPointLayer>& layers) {
    geo::Database db(path, geo::Database::Mode::read_only);
    std::map<std::string, PointSource> out;
    for (auto& [id, columns] : geo::read_point_columns(db, layers)) {
        const std::vector<std::uint64_t> ids(columns.fids().begin(), columns.fids().end());
        auto index = std::make_shared<const geo::PointIndex>(ids, columns.locations(), id);
        out[id] = {std::make_shared<const geo::PointColumns>(std::move(columns)), std::move(index)};
    }
    return out;
}

}  // namespace

template <typename Step>
void World::timed(const char* name, const Step& step) {
    const auto start = std::chrono::steady_clock::now();
    step();
    m_steps.emplace_back(
        name, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

World::Sources World::Sources::read(geo::Database& db) {
    Sources s;
    s.point_layers = geo::read_point_layers(db);
    // Millions of incidents take seconds to read and index: meanwhile this thread reads the
    // rest, and the first world's data index loads (the two cores of a small server).
    s.m_points = std::async(std::launch::async, read_point_sources, db.path(), s.point_layers);
    s.areas = geo::read_stored_areas(db, true);
    s.rules = geo::read_access_rules(db);
    s.postcodes = geo::read_postcodes(db);
    return s;
}

World::World(geo::Database& db, const Sources& sources, const std::set<std::string>& groups,
             const ServerConfig& config)
    : m_groups(groups),
      m_cache(std::make_unique<TileCache>(config.tile_cache_bytes)),
      m_compressed(std::make_unique<TileCache>(config.compression_cache_bytes)),
      m_profiles(std::make_unique<TileCache>(config.profile_cache_bytes)) {
    timed("data index", [&] { m_data = DataIndex::load(db, sources.areas, groups); });
    timed("points (waiting for their thread)", [&] { sources.points(); });
    const Visibility visibility(sources.rules, groups);
    // The schools the priority-school analysis ranks: the layer the manifest names (none when
    // this tier may not see the ranking's inputs; the data index then offers no ranking).
    const auto& priority = m_data->analyses().priority_schools;
    std::vector<geo::StoredPointLayer> layers;
    std::vector<PointLayerTiles> tile_layers;
    std::map<std::string, std::vector<geo::StoredPoint>> listed;
    for (const auto& layer : sources.point_layers) {
        const auto found = sources.points().find(layer.id);
        if (!visibility.sees(layer) || found == sources.points().end()) continue;
        layers.push_back(layer);
        const PointSource& source = found->second;
        tile_layers.push_back(
            {layer, source.index,
             std::make_shared<const PointLayerView>(*m_data, source.columns, visibility, layer)});
        if (layer.kind == "school" || layer.kind == "service" ||
            (priority && priority->schools == layer.id))
            listed[layer.id] = listed_points(*source.columns, visibility, layer);
    }
    const auto schools = priority && listed.count(priority->schools)
                             ? listed[priority->schools]
                             : std::vector<geo::StoredPoint>{};
    // School surroundings and contiguity work in metres: project once, here, with PROJ into the
    // equal-area CRS the database was built with (EPSG:27700 for Great Britain).
    const auto crs = m_data->meta().find("equal_area_crs");
    const geo::CoordinateTransform to_metres(
        "EPSG:4326", crs == m_data->meta().end() ? "EPSG:27700" : crs->second);
    std::map<std::string, std::vector<geo::StoredPoint>> services;
    for (const auto& layer : layers)
        if (layer.kind == "service") services[layer.id] = listed[layer.id];
    timed("analysis geometry", [&] {
        m_analysis = std::make_unique<AnalysisIndex>(
            sources.areas, schools,
            [&](std::vector<geo::Point>& p) { return to_metres.forward(p); }, m_data->borough_set(),
            services);
    });
    timed("composite and hotspots", [&] {
        m_analyses = std::make_unique<AnalysisMemo>(*m_data, *m_analysis);
        m_hotspot_sets = m_analyses->fill_default_hotspots();
    });
    m_shapes = std::make_unique<AreaShapes>(sources.areas);
    m_nearby = std::make_unique<PointDirectory>(layers, listed);
    if (!sources.postcodes.empty() && visibility.sees_dataset(sources.postcodes.front().dataset_id))
        m_postcodes = std::make_unique<PostcodeDirectory>(sources.postcodes);
    timed("tile layers", [&] {
        m_tiles =
            std::make_unique<TileCatalog>(*m_data, sources.areas, std::move(tile_layers), config);
    });
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
