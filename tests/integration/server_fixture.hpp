#pragma once
/// The server's services over the real West Midlands database, built once per test process.

#include "geo/proj/coordinate_transform.hpp"
#include "geo/store/database.hpp"
#include "geo/store/store_reader.hpp"
#include "server/config/server_config.hpp"
#include "server/http/metrics.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/analysis_memo.hpp"
#include "server/index/area_shapes.hpp"
#include "server/index/data_index.hpp"
#include "server/index/point_directory.hpp"
#include "server/index/response_memo.hpp"
#include "server/index/tile_cache.hpp"
#include "server/index/tile_catalog.hpp"
#include "server/routes/router.hpp"
#include "tests/integration/westmids_fixture.hpp"
#include "tests/support/body_stream.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace sna::test {

struct ServerFixture {
    server::ServerConfig config;
    std::unique_ptr<server::DataIndex> data;
    std::unique_ptr<server::TileCatalog> tiles;
    std::unique_ptr<server::AnalysisIndex> analysis;
    std::unique_ptr<server::AreaShapes> shapes;
    std::unique_ptr<server::PointDirectory> nearby;
    std::unique_ptr<server::ResponseMemo> memo = std::make_unique<server::ResponseMemo>();
    std::unique_ptr<server::AnalysisMemo> analyses;
    server::TileCache cache{64 << 20};
    server::TileCache compressed{16 << 20};
    server::Metrics metrics;
    std::ostringstream log;
    std::unique_ptr<server::Services> services;
    std::unique_ptr<server::Router> router;

    ServerFixture() {
        config.web_root = SNAMAP_SOURCE_DIR "/web";  // for /embed
        config.public_url = "http://example.test:8080";
        geo::Database db(westmids_database(), geo::Database::Mode::read_only);
        auto areas = geo::read_stored_areas(db, true);
        data = server::DataIndex::load(db, areas);
        const auto layers = geo::read_point_layers(db);
        std::map<std::string, std::vector<geo::StoredPoint>> points;
        for (const auto& l : layers) points[l.id] = geo::read_points(db, l.id);
        const geo::CoordinateTransform to_bng("EPSG:4326", "EPSG:27700");
        analysis = std::make_unique<server::AnalysisIndex>(
            areas, points[data->analyses().priority_schools->schools],
            [&](std::vector<geo::Point>& p) { return to_bng.forward(p); }, data->borough_set());
        analyses = std::make_unique<server::AnalysisMemo>(*data, *analysis);
        analyses->fill_default_hotspots();
        shapes = std::make_unique<server::AreaShapes>(areas);
        nearby = std::make_unique<server::PointDirectory>(layers, points);
        tiles = std::make_unique<server::TileCatalog>(*data, std::move(areas), layers,
                                                      std::move(points), config);
        services = std::make_unique<server::Services>(
            server::Services{config, *data, *tiles, cache, metrics, *analysis, shapes.get(),
                             nearby.get(), nullptr, memo.get(), &compressed, analyses.get()});
        router = std::make_unique<server::Router>(*services);
    }

    server::HttpResponse get(const std::string& target, const std::string& header = {},
                             const std::string& value = {}) const {
        server::HttpRequest request;
        request.target = target;
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
