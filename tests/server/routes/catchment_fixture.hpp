#pragma once
/// A hand-written build for the catchment tests: four 0.01° squares (T01 NW, T02 NE, T03 SW,
/// T04 SE, corner (-1.91, 52.47)) in two boroughs (West = T01 + T03, East = T02 + T04, each
/// drawn as the 0.01° × 0.02° rectangle of its two squares), with a
/// count, a percentage with its parts and a score; served in-process by a Router with a
/// catchment store in memory (config.catchments_dir empty).

#include "geo/core/progress.hpp"
#include "geo/import/builder.hpp"
#include "geo/proj/coordinate_transform.hpp"
#include "geo/store/database.hpp"
#include "server/http/metrics.hpp"
#include "server/index/catchments.hpp"
#include "server/index/world.hpp"
#include "server/routes/router.hpp"
#include "server/routes/tiers.hpp"
#include "tests/support/temp_dir.hpp"

#include <memory>
#include <sstream>
#include <string>

namespace sna::test {

/// A GeoJSON Feature of the rectangle [x, x + width] × [y, y + height].
inline std::string catchment_square(const std::string& code, double x, double y, double width,
                                    double height) {
    std::ostringstream s;
    s.precision(10);
    s << R"({"type":"Feature","properties":{"code":")" << code << R"(","name":"Area )" << code
      << R"("},"geometry":{"type":"Polygon","coordinates":[[)"
      << "[" << x << "," << y << "],[" << x + width << "," << y << "],[" << x + width << ","
      << y + height << "],[" << x << "," << y + height << "],[" << x << "," << y << "]]]}}";
    return s.str();
}

inline const char* catchment_manifest = R"({
  "snamap_manifest": 1, "name": "catchment fixture",
  "datasets": [{"id": "ons", "title": "Figures", "publisher": "ONS", "licence": "OGL",
                "suppression": {"threshold": 0, "note": "none"}}],
  "area_sets": [
    {"id": "lsoa", "level": "small_area", "title": "Small", "dataset": "ons",
     "path": "lsoa.geojson", "code_field": "code", "name_field": "name"},
    {"id": "lad", "level": "local_authority", "title": "Boroughs", "dataset": "ons",
     "path": "lad.geojson", "code_field": "code", "name_field": "name"}],
  "lookups": [{"path": "lookup.csv", "links": [{"from_set": "lsoa", "from_column": "lsoa",
     "to_set": "lad", "to_column": "lad", "relation": "parent"}]}],
  "tables": [
    {"path": "figures.csv", "set": "lsoa", "dataset": "ons", "code_column": "code",
     "population_column": "residents", "period": "2021",
     "indicators": [
       {"id": "residents", "title": "Residents", "value_kind": "count", "column": "residents"},
       {"id": "excl_pct", "title": "Excluded", "value_kind": "percentage", "unit": "%",
        "polarity": "higher_is_worse", "column": "pct", "numerator_column": "excluded",
        "denominator_column": "pupils"},
       {"id": "score", "title": "Score", "value_kind": "score", "polarity": "higher_is_worse",
        "column": "score"}]}
  ]
})";

struct CatchmentServer {
    TempDir dir;
    server::ServerConfig config;
    server::Metrics metrics;
    std::unique_ptr<server::World> world;
    std::unique_ptr<geo::CoordinateTransform> to_metres;
    std::unique_ptr<server::Catchments> catchments;
    std::unique_ptr<server::Tiers> tiers;
    std::unique_ptr<server::Router> router;

    explicit CatchmentServer(server::ServerConfig settings = {}) : config(std::move(settings)) {
        const double s = 0.01;
        dir.write("lsoa.geojson", R"({"type":"FeatureCollection","features":[)" +
                                      catchment_square("T01", -1.91, 52.48, s, s) + "," +
                                      catchment_square("T02", -1.90, 52.48, s, s) + "," +
                                      catchment_square("T03", -1.91, 52.47, s, s) + "," +
                                      catchment_square("T04", -1.90, 52.47, s, s) + "]}");
        dir.write("lad.geojson", R"({"type":"FeatureCollection","features":[)" +
                                     catchment_square("W", -1.91, 52.47, s, 2 * s) + "," +
                                     catchment_square("E", -1.90, 52.47, s, 2 * s) + "]}");
        dir.write("lookup.csv", "lsoa,lad\nT01,W\nT03,W\nT02,E\nT04,E\n");
        // Percentages: T01 10/200 = 5 %, T02 30/300 = 10 %, T03 4/400 = 1 %, T04 6/100 = 6 %.
        dir.write("figures.csv",
                  "code,residents,excluded,pupils,pct,score\n"
                  "T01,1000,10,200,5,30\nT02,1500,30,300,10,20\n"
                  "T03,2000,4,400,1,50\nT04,500,6,100,6,10\n");
        dir.write("manifest.json", catchment_manifest);
        const std::string db_path = (dir.path() / "out.sqlite").string();
        std::ostringstream log;
        geo::Progress progress(log, false, true);
        geo::build_database({(dir.path() / "manifest.json").string(), dir.path().string(), db_path},
                            progress);
        geo::Database db(db_path, geo::Database::Mode::read_only);
        const auto sources = server::World::Sources::read(db);
        world = std::make_unique<server::World>(db, sources, std::set<std::string>{}, config);
        to_metres = std::make_unique<geo::CoordinateTransform>("EPSG:4326", "EPSG:27700");
        catchments = std::make_unique<server::Catchments>(
            config, [this](std::vector<geo::Point>& p) { return to_metres->forward(p); });
        server::Services services = world->services(config, metrics, nullptr);
        services.catchments = catchments.get();
        tiers = std::make_unique<server::Tiers>();
        tiers->add({}, services);
        router = std::make_unique<server::Router>(*tiers, nullptr);
    }

    server::HttpResponse get(const std::string& target) const {
        server::HttpRequest r;
        r.target = target;
        return router->handle(r);
    }

    /// A POST from this site's own pages (the Origin of the default public URL).
    server::HttpResponse post(const std::string& body,
                              const std::string& content_type = "application/json",
                              const std::string& origin = "http://127.0.0.1:8080",
                              const std::string& target = "/api/catchments") const {
        server::HttpRequest r;
        r.method = "POST";
        r.target = target;
        r.body = body;
        if (!content_type.empty()) r.headers.set("Content-Type", content_type);
        if (!origin.empty()) r.headers.set("Origin", origin);
        return router->handle(r);
    }
};

}  // namespace sna::test
