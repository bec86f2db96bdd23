#include "app/arguments.hpp"
#include "app/commands.hpp"
#include "geo/import/coordinate_transform.hpp"
#include "geo/store/database.hpp"
#include "geo/store/store_reader.hpp"
#include "server/config/server_config.hpp"
#include "server/http/http_server.hpp"
#include "server/http/metrics.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/area_shapes.hpp"
#include "server/index/data_index.hpp"
#include "server/index/point_directory.hpp"
#include "server/index/response_memo.hpp"
#include "server/index/tile_cache.hpp"
#include "server/index/tile_catalog.hpp"
#include "server/index/version_archive.hpp"
#include "server/routes/router.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

namespace sna::app {

namespace {

server::ServerConfig read_config(const Arguments& a) {
    server::ServerConfig config;
    if (const auto file = a.get("--config")) config = server::load_server_config(*file);
    for (const std::string& flag : server::server_flags()) {
        if (flag == "--config") continue;
        if (const auto value = a.get(flag)) server::apply_flag(config, flag, *value);
    }
    if (config.web_root.empty() && std::filesystem::is_directory("web")) config.web_root = "web";
    server::validate_server_config(config);
    return config;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Earlier databases (config `archives`, flag --archive), for "changed since" answers.
server::VersionArchive load_archives(const server::ServerConfig& config) {
    server::VersionArchive archive;
    for (const std::string& path : config.archives) {
        if (!std::filesystem::is_regular_file(path))
            throw geo::InvalidInput("no archived database at '" + path + "'");
        geo::Database db(path, geo::Database::Mode::read_only);
        archive.add(server::DataIndex::load(db, geo::read_stored_areas(db, false)));
        std::cerr << "archived data version " << archive.versions().back()->data_version()
                  << " from " << path << std::endl;
    }
    return archive;
}

void serve(const std::string& path, server::ServerConfig config) {
    const auto start = std::chrono::steady_clock::now();
    geo::Database db(path, geo::Database::Mode::read_only);
    auto areas = geo::read_stored_areas(db, true);
    const auto data = server::DataIndex::load(db, areas);
    const auto point_layers = geo::read_point_layers(db);
    std::map<std::string, std::vector<geo::StoredPoint>> points;
    for (const auto& layer : point_layers) points[layer.id] = geo::read_points(db, layer.id);
    db.close();
    // The schools the priority-school analysis ranks: the layer the manifest names.
    const auto& priority = data->analyses().priority_schools;
    const auto schools = priority && points.count(priority->schools)
                             ? points[priority->schools]
                             : std::vector<geo::StoredPoint>{};
    // School surroundings and contiguity work in metres: project once, here, with PROJ into the
    // equal-area CRS the database was built with (EPSG:27700 for Great Britain).
    const auto crs = data->meta().find("equal_area_crs");
    const geo::CoordinateTransform to_metres(
        "EPSG:4326", crs == data->meta().end() ? "EPSG:27700" : crs->second);
    const server::AnalysisIndex analysis(
        areas, schools, [&](std::vector<geo::Point>& p) { return to_metres.forward(p); });
    std::cerr << "loaded " << areas.size() << " areas and " << data->indicators().size()
              << " indicators in " << seconds_since(start) << " s; preparing tiles" << std::endl;
    const server::AreaShapes shapes(areas);
    const server::PointDirectory nearby(point_layers, points);
    const server::VersionArchive archive = load_archives(config);
    server::ResponseMemo memo;
    const server::TileCatalog tiles(*data, std::move(areas), point_layers, std::move(points),
                                    config);
    std::cerr << "tile layers ready after " << seconds_since(start) << " s" << std::endl;

    server::TileCache cache(config.tile_cache_bytes);
    server::TileCache compressed(config.compression_cache_bytes);  // gzip variants of bodies
    server::Metrics metrics;
    const server::Services services{config,  *data,   tiles,    cache, metrics,    analysis,
                                    &shapes, &nearby, &archive, &memo, &compressed};
    const server::Router router(services);
    server::HttpServer http(
        config, [&router](const server::HttpRequest& r) { return router.handle(r); }, metrics,
        std::cerr, [&router](const server::HttpRequest& r) { return router.cost_of(r); });
    // Absolute URLs name the configured public address, else where we listen (the bound port,
    // so --port 0 works). Set before run(), so no handler sees it change.
    if (config.public_url.empty()) {
        config.public_url = server::listening_url(config.host, http.port());
        std::cerr << "public_url is not set: absolute URLs (TileJSON, oEmbed, reports) start with "
                  << config.public_url
                  << "; set public_url (--public-url) to the address clients use" << std::endl;
    }
    std::cout << "snamap: serving " << path << " (data version " << data->data_version()
              << ") at http://" << config.host << ":" << http.port() << "/" << std::endl;
    http.run();
    std::cout << "snamap: stopped" << std::endl;
}

}  // namespace

Run setup_serve(const std::vector<std::string>& args) {
    const auto flags = server::server_flags();
    const Arguments a(args, std::set<std::string>(flags.begin(), flags.end()), {});
    if (a.positional().size() != 1) {
        throw geo::InvalidInput(
            "usage: snamap serve DB [--config FILE] [--host H] [--port P] [--threads N] [--web "
            "DIR] [--archive DB] [--public-url URL]");
    }
    const std::string path = a.positional()[0];
    if (!std::filesystem::is_regular_file(path))
        throw geo::InvalidInput("no database at '" + path + "'");
    return [path, config = read_config(a)] { serve(path, config); };
}

}  // namespace sna::app
