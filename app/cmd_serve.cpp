#include "app/arguments.hpp"
#include "app/commands.hpp"
#include "geo/proj/coordinate_transform.hpp"
#include "geo/store/database.hpp"
#include "geo/store/store_reader.hpp"
#include "server/access/authenticate.hpp"
#include "server/config/server_config.hpp"
#include "server/http/http_server.hpp"
#include "server/http/metrics.hpp"
#include "server/index/analysis_memo.hpp"
#include "server/index/catchments.hpp"
#include "server/index/data_index.hpp"
#include "server/index/version_archive.hpp"
#include "server/index/world.hpp"
#include "server/routes/analysis.hpp"
#include "server/routes/router.hpp"
#include "server/routes/tiers.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>

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

/// "data index 1.2 s, tile layers 3.4 s, …" for the start-up log.
std::string steps_text(const std::vector<std::pair<std::string, double>>& steps) {
    std::ostringstream out;
    out.precision(2);
    out << std::fixed;
    for (const auto& [name, seconds] : steps)
        out << (&name == &steps.front().first ? "" : ", ") << name << " " << seconds << " s";
    return out.str();
}

/// One world per combination of the groups the data's access rules name (docs/access.md).
std::vector<std::unique_ptr<server::World>> build_worlds(const std::string& path,
                                                         const server::ServerConfig& config,
                                                         std::set<std::string>& data_groups) {
    const auto start = std::chrono::steady_clock::now();
    geo::Database db(path, geo::Database::Mode::read_only);
    const auto sources = server::World::Sources::read(db);
    data_groups = sources.rules.groups();
    std::cerr << "read " << sources.areas.size() << " areas and " << sources.point_layers.size()
              << " point layers in " << seconds_since(start) << " s" << std::endl;
    std::vector<std::unique_ptr<server::World>> worlds;
    for (const auto& groups : server::tier_group_sets(data_groups)) {
        worlds.push_back(std::make_unique<server::World>(db, sources, groups, config));
        const auto& data = worlds.back()->data();
        std::cerr << "tier " << data.tier() << ": " << data.indicators().size()
                  << " indicators, tile layers ready after " << seconds_since(start) << " s ("
                  << steps_text(worlds.back()->build_steps()) << ")" << std::endl;
    }
    return worlds;
}

/// Browser sessions that cannot work, or will not last, are said at start-up (docs/access.md).
void warn_about_sessions(const server::ServerConfig& config, const server::Authenticator& auth) {
    if (config.tokens_file.empty()) return;
    if (config.session_secret_file.empty())
        std::cerr << "session_secret_file is not set: browser sessions are signed with a key made "
                     "now, so they end when the server restarts"
                  << std::endl;
    if (config.public_url.rfind("http://", 0) == 0 && auth.secure_cookies())
        std::cerr << "public_url is plain http: browsers drop the Secure session cookie, so "
                     "signing in at /signin will not work; serve https"
                  << std::endl;
}

/// Gives the C library's free memory back to the system: start-up reads millions of rows into
/// temporary vectors and strings, and without this glibc keeps their pages as free heap, counted
/// in the server's resident memory for as long as it runs.
void release_free_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void serve(const std::string& path, server::ServerConfig config) {
    std::set<std::string> data_groups;
    auto worlds = build_worlds(path, config, data_groups);
    release_free_memory();
    if (!data_groups.empty() && config.tokens_file.empty() && config.sso_proxies.empty())
        std::cerr << "the data reserves some datasets to groups, but neither tokens_file nor "
                     "sso_proxies is set: only the public tier can be reached"
                  << std::endl;
    const server::VersionArchive archive = load_archives(config);
    server::Metrics metrics;
    server::Tiers tiers(data_groups);
    // Catchments are shared by every tier: their shapes and overlaps hold no reserved data.
    const auto crs = worlds.front()->data().meta().find("equal_area_crs");
    const geo::CoordinateTransform to_metres(
        "EPSG:4326", crs == worlds.front()->data().meta().end() ? "EPSG:27700" : crs->second);
    server::Catchments catchments(config,
                                  [&](std::vector<geo::Point>& p) { return to_metres.forward(p); });
    for (const auto& world : worlds) {
        const auto start = std::chrono::steady_clock::now();
        server::Services services = world->services(config, metrics, &archive);
        services.catchments = &catchments;
        const std::size_t composites = server::prefill_composite_memo(services);
        std::cerr << "tier " << world->data().tier() << ": analyses ready (composite columns, "
                  << "default hotspots of " << world->hotspot_sets() << " indicators, "
                  << composites << " preset composite documents; the documents in "
                  << seconds_since(start) << " s)" << std::endl;
        tiers.add(world->data_groups(), services);
    }
    const server::Authenticator authenticator(config);
    const server::Router router(tiers, &authenticator);
    const server::DataIndex& data = worlds.front()->data();
    server::HttpServer http(
        config, [&router](const server::HttpRequest& r) { return router.handle(r); }, metrics,
        std::cerr, [&router](server::HttpRequest& r) { return router.classify(r); });
    // Absolute URLs name the configured public address, else where we listen (the bound port,
    // so --port 0 works). Set before run(), so no handler sees it change.
    if (config.public_url.empty()) {
        config.public_url = server::listening_url(config.host, http.port());
        std::cerr << "public_url is not set: absolute URLs (TileJSON, oEmbed, reports) start with "
                  << config.public_url
                  << "; set public_url (--public-url) to the address clients use" << std::endl;
    }
    warn_about_sessions(config, authenticator);
    std::cout << "snamap: serving " << path << " (data version " << data.data_version()
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
