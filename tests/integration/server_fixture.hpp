#pragma once
/// The server's services over the real West Midlands database, built once per test process.

#include "geo/proj/coordinate_transform.hpp"
#include "geo/store/database.hpp"
#include "server/access/authenticate.hpp"
#include "server/access/token_store.hpp"
#include "server/config/server_config.hpp"
#include "server/http/metrics.hpp"
#include "server/index/catchments.hpp"
#include "server/index/world.hpp"
#include "server/routes/router.hpp"
#include "server/routes/tiers.hpp"
#include "tests/integration/westmids_fixture.hpp"
#include "tests/support/body_stream.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <memory>
#include <sstream>
#include <vector>

namespace sna::test {

/// The West Midlands data as a server answers it: one world per tier (the manifest reserves
/// street-level incidents, services and school exclusion counts to `partner`), a token store with
/// a partner token, and the router that picks the caller's world. `data`, `tiles`, `analysis`,
/// `services` and `compressed` are the public world's (what `get` answers from); `partner` is the
/// partner world's services (what `get_as_partner` answers from).
struct ServerFixture {
    server::ServerConfig config;
    server::Metrics metrics;
    std::vector<std::unique_ptr<server::World>> worlds;
    /// Catchments in memory, shared by the tiers as `serve` shares them.
    std::unique_ptr<geo::CoordinateTransform> to_metres;
    std::unique_ptr<server::Catchments> catchments;
    std::vector<std::unique_ptr<server::Services>> tier_services;
    std::unique_ptr<server::Tiers> tiers;
    std::unique_ptr<server::Authenticator> authenticator;
    std::unique_ptr<server::Router> router;
    std::string partner_token;
    std::string operator_token;  ///< group "operator": /metrics

    const server::DataIndex* data = nullptr;
    const server::TileCatalog* tiles = nullptr;
    const server::AnalysisIndex* analysis = nullptr;
    const server::Services* services = nullptr;
    server::TileCache* compressed = nullptr;
    const server::Services* partner = nullptr;
    /// A catchment defined at start (the ward E05011118's areas), for the route samples.
    std::string catchment_id;

    ServerFixture() {
        config.web_root = SNAMAP_SOURCE_DIR "/web";  // for /embed
        config.public_url = "http://example.test:8080";
        config.tokens_file = (scratch_folder().path / "tokens.jsonl").string();
        partner_token = server::TokenStore(config.tokens_file)
                            .add("integration partner", {"partner"}, "", std::time(nullptr));
        operator_token = server::TokenStore(config.tokens_file)
                             .add("integration operator", {"operator"}, "", std::time(nullptr));
        geo::Database db(westmids_database(), geo::Database::Mode::read_only);
        const auto sources = server::World::Sources::read(db);
        tiers = std::make_unique<server::Tiers>(sources.rules.groups());
        to_metres = std::make_unique<geo::CoordinateTransform>("EPSG:4326", "EPSG:27700");
        catchments = std::make_unique<server::Catchments>(
            config, [this](std::vector<geo::Point>& p) { return to_metres->forward(p); });
        for (const auto& groups : server::tier_group_sets(sources.rules.groups())) {
            worlds.push_back(std::make_unique<server::World>(db, sources, groups, config));
            tier_services.push_back(std::make_unique<server::Services>(
                worlds.back()->services(config, metrics, nullptr)));
            tier_services.back()->catchments = catchments.get();
            tiers->add(groups, *tier_services.back());
        }
        services = &tiers->public_services();
        partner = &tiers->for_groups({"partner"});
        data = &services->data;
        tiles = &services->tiles;
        analysis = &services->analysis;
        compressed = services->compressed;
        authenticator = std::make_unique<server::Authenticator>(config);
        router = std::make_unique<server::Router>(*tiers, authenticator.get());
        const auto defined =
            post_json("/api/catchments", R"({"areas": {"set": "ward22", "codes": ["E05011118"]}})");
        if (defined.status == 201) catchment_id = nlohmann::json::parse(defined.body)["id"];
    }

    /// A JSON POST from the site's own pages (the Origin of config.public_url).
    server::HttpResponse post_json(const std::string& target, const std::string& body) const {
        server::HttpRequest request;
        request.method = "POST";
        request.target = target;
        request.body = body;
        request.headers.set("Content-Type", "application/json");
        request.headers.set("Origin", config.public_url);
        return router->handle(request);
    }

    /// GET as an anonymous caller (the public tier), or with `token`, optionally with one more
    /// header.
    server::HttpResponse get(const std::string& target, const std::string& header = {},
                             const std::string& value = {}, const std::string& token = {}) const {
        server::HttpRequest request;
        request.target = target;
        if (!token.empty()) request.headers.set("Authorization", "Bearer " + token);
        // Never the base of a URL: they all start with config.public_url.
        request.headers.set("Host", "host-header.invalid");
        if (!header.empty()) request.headers.set(header, value);
        server::HttpResponse r = router->handle(request);
        // As a client receives it: a streamed body is read to its end into `body`.
        if (r.stream) {
            r.body = drain(r.stream);
            r.stream = nullptr;
        }
        return r;
    }

    /// GET with the partner token (the partner tier).
    server::HttpResponse get_as_partner(const std::string& target) const {
        return get(target, {}, {}, partner_token);
    }
};

/// One fixture for all tests in the process (tile preparation takes a second or two).
inline const ServerFixture& server_fixture() {
    static const ServerFixture fixture;
    return fixture;
}

/// The fixture, failing the test (not skipping it) when ../shared/data is missing.
inline const ServerFixture& real_fixture() {
    REQUIRE(has_shared_data());
    return server_fixture();
}

inline nlohmann::json body_of(const server::HttpResponse& r) {
    return nlohmann::json::parse(r.body);
}

}  // namespace sna::test
