// The export routes through the router over a small in-memory index: validation before any
// byte, the streamed CSV and its weak ETag, the XLSX row cap (413) and abandonment.
#include "server/config/server_config.hpp"
#include "server/http/metrics.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/tile_cache.hpp"
#include "server/index/tile_catalog.hpp"
#include "server/routes/router.hpp"
#include "tests/server/views/export_fixture.hpp"
#include "tests/support/body_stream.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace sna;
using namespace sna::server;

namespace {

/// Services over test::export_data() (no tiles, no shapes: the exports need neither).
struct ExportServer {
    ServerConfig config;
    std::unique_ptr<DataIndex> data = test::export_data();
    TileCatalog tiles{*data, {}, {}, config};
    TileCache cache{0};
    Metrics metrics;
    AnalysisIndex analysis{{}, {}, [](std::vector<geo::Point>&) { return std::size_t{0}; }, "lad"};
    Services services{config, *data, tiles, cache, metrics, analysis};
    Router router{services};

    explicit ExportServer(std::size_t max_xlsx_rows = 250000) {
        config.max_xlsx_rows = max_xlsx_rows;
    }

    HttpResponse get(const std::string& target, const std::string& header = {},
                     const std::string& value = {},
                     std::shared_ptr<RequestControl> control = nullptr) const {
        HttpRequest request;
        request.target = target;
        if (!header.empty()) request.headers.set(header, value);
        request.control = std::move(control);
        return router.handle(request);
    }
};

}  // namespace

TEST_CASE("export.csv: a streamed body with a weak ETag of the data version and target",
          "[export]") {
    const ExportServer s;
    const HttpResponse r = s.get("/api/export.csv?set=lsoa&period=all");
    CHECK(r.status == 200);
    REQUIRE(r.stream);
    CHECK(r.body.empty());
    CHECK(r.headers.get_or("Content-Type") == "text/csv; charset=utf-8");
    CHECK(r.headers.get_or("Content-Disposition") ==
          "attachment; filename=\"snamap-export-v1.csv\"");
    const std::string etag = r.headers.get_or("ETag");
    CHECK(etag.rfind("W/\"", 0) == 0);
    const std::string body = test::drain(r.stream);
    CHECK(std::count(body.begin(), body.end(), '\n') == 1 + 11);  // the header and 11 rows
    // The same request has the same tag and gets 304 without a body; another query another tag.
    CHECK(s.get("/api/export.csv?set=lsoa&period=all").headers.get_or("ETag") == etag);
    const HttpResponse again = s.get("/api/export.csv?set=lsoa&period=all", "If-None-Match", etag);
    CHECK(again.status == 304);
    CHECK_FALSE(again.stream);
    CHECK(s.get("/api/export.csv?set=lsoa").headers.get_or("ETag") != etag);
}

TEST_CASE("export.csv and export.xlsx: bad queries are answered before any byte", "[export]") {
    const ExportServer s;
    for (const std::string route : {"/api/export.csv", "/api/export.xlsx"}) {
        INFO(route);
        const HttpResponse missing = s.get(route);
        CHECK(missing.status == 400);
        CHECK_FALSE(missing.stream);
        CHECK(s.get(route + "?set=nope").status == 404);
        CHECK(s.get(route + "?set=lsoa&indicators=rate").status == 400);
        CHECK(s.get(route + "?set=lsoa&la=Atlantis").status == 404);
        CHECK(s.get(route + "?set=lsoa&areas=T09").status == 404);
    }
}

TEST_CASE("export.xlsx: over max_xlsx_rows answers 413 naming the count and the CSV URL",
          "[export]") {
    const ExportServer capped(10);  // period=all selects 11 rows
    const HttpResponse r = capped.get("/api/export.xlsx?set=lsoa&period=all");
    CHECK(r.status == 413);
    CHECK(r.headers.get_or("Content-Type") == "application/json; charset=utf-8");
    const auto body = nlohmann::json::parse(r.body);
    CHECK(body["rows"] == 11);
    CHECK(body["max_rows"] == 10);
    CHECK(body["csv"] == "/api/export.csv?set=lsoa&period=all");
    CHECK_THAT(body["detail"].get<std::string>(),
               Catch::Contains("11 rows") && Catch::Contains("limited to 10") &&
                   Catch::Contains("/api/export.csv?set=lsoa&period=all"));
    // Fewer rows pass; at the cap exactly, too.
    CHECK(capped.get("/api/export.xlsx?set=lsoa").status == 200);
    const ExportServer exact(11);
    const HttpResponse ok = exact.get("/api/export.xlsx?set=lsoa&period=all");
    CHECK(ok.status == 200);
    CHECK(ok.body.rfind("PK", 0) == 0);
    CHECK(ok.headers.get_or("ETag").rfind("\"", 0) == 0);  // a strong tag of the bytes
}

TEST_CASE("export.xlsx: a request whose client has gone is not computed", "[export]") {
    const ExportServer s;
    auto control = std::make_shared<RequestControl>();
    control->cancel();
    CHECK_THROWS_AS(s.get("/api/export.xlsx?set=lsoa", {}, {}, control), RequestAbandoned);
    auto late = std::make_shared<RequestControl>(RequestControl::Clock::now());
    CHECK_THROWS_AS(s.get("/api/export.xlsx?set=lsoa", {}, {}, late), RequestAbandoned);
}
