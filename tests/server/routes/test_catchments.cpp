// Catchments end to end in-process on a hand-worked fixture (catchment_fixture.hpp): defined
// three ways, stored by content address, profiled by best fit and by area; overlaps, holes,
// multipolygons, two boroughs and a catchment touching no area. Figures are worked in comments.

#include "geo/gdal/gpkg_writer.hpp"
#include "server/views/catchment_request.hpp"
#include "tests/server/routes/catchment_fixture.hpp"
#include "tests/support/body_stream.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace sna;
using nlohmann::json;

namespace {

const test::CatchmentServer& fixture() {
    static const test::CatchmentServer s;
    return s;
}

std::string box_geometry(double x0, double y0, double x1, double y1, const std::string& hole = "") {
    std::ostringstream s;
    s.precision(10);
    s << R"({"type":"Polygon","coordinates":[[[)" << x0 << "," << y0 << "],[" << x1 << "," << y0
      << "],[" << x1 << "," << y1 << "],[" << x0 << "," << y1 << "],[" << x0 << "," << y0 << "]]"
      << hole << "]}";
    return s.str();
}

json body_of(const server::HttpResponse& r) {
    return json::parse(test::body_text(r));
}

/// POSTs a catchment and returns its id (any 2xx).
std::string define(const std::string& body) {
    const auto r = fixture().post(body);
    INFO(test::body_text(r));
    REQUIRE((r.status == 201 || r.status == 200));
    return body_of(r)["id"].get<std::string>();
}

json profile(const std::string& id, const std::string& method = "best_fit") {
    const auto r = fixture().get("/api/catchments/" + id + "/profile?method=" + method);
    INFO(test::body_text(r));
    REQUIRE(r.status == 200);
    return body_of(r);
}

const json& indicator(const json& profile, const std::string& id) {
    for (const auto& i : profile["indicators"]) {
        if (i["id"] == id) return i;
    }
    FAIL("no indicator " << id);
    static const json none;
    return none;
}

double value(const json& profile, const std::string& id) {
    return indicator(profile, id)["value"].get<double>();
}

}  // namespace

TEST_CASE("catchments: a POST stores the shape under its content address, GET returns it") {
    const std::string geometry = box_geometry(-1.91, 52.48, -1.89, 52.49);
    const auto first = fixture().post(R"({"name": "North row", "geometry": )" + geometry + "}");
    REQUIRE(first.status == 201);
    const json doc = body_of(first);
    const std::string id = doc["id"].get<std::string>();
    CHECK(id.size() == 32);
    CHECK(first.headers.get_or("Location") == "http://127.0.0.1:8080/api/catchments/" + id);
    CHECK(doc["properties"]["name"] == "North row");
    CHECK(doc["properties"]["definition"]["kind"] == "geometry");
    // The same square drawn from another corner, clockwise: the same catchment.
    const auto again = fixture().post(
        R"({"geometry": {"type": "Polygon", "coordinates": [[[-1.89, 52.49], [-1.89, 52.48],
           [-1.91, 52.48], [-1.91, 52.49], [-1.89, 52.49]]]}})");
    CHECK(again.status == 200);
    CHECK(body_of(again)["id"] == id);
    CHECK(body_of(again)["properties"]["name"] == "North row");  // the first name stays
    const auto got = fixture().get("/api/catchments/" + id);
    REQUIRE(got.status == 200);
    CHECK(body_of(got)["geometry"] == doc["geometry"]);
    CHECK(fixture().get("/api/catchments/0123456789abcdef0123456789abcdef").status == 404);
    CHECK(fixture().get("/api/catchments/../../etc/passwd").status == 404);
}

TEST_CASE("catchments: the north row crosses two boroughs and compares with each") {
    const json p =
        profile(define(R"({"geometry": )" + box_geometry(-1.91, 52.48, -1.89, 52.49) + "}"));
    // T01 + T02: 1000 + 1500 residents; (10 + 30) / (200 + 300) = 8 %; score
    // (30·1000 + 20·1500) / 2500 = 24.
    CHECK(value(p, "residents") == Approx(2500));
    CHECK(value(p, "excl_pct") == Approx(8));
    CHECK(value(p, "score") == Approx(24));
    REQUIRE(p["boroughs"].size() == 2);
    CHECK(p["boroughs"][0]["code"] == "E");  // 1,500 residents before West's 1,000
    CHECK(p["boroughs"][1]["code"] == "W");
    const json& pct = indicator(p, "excl_pct");
    REQUIRE(pct["boroughs"].size() == 2);
    // East pools 36 / 400 = 9 %; West 14 / 600 = 2.33 %: each has its significance.
    CHECK(pct["boroughs"][0]["value"].get<double>() == Approx(9));
    CHECK(pct["boroughs"][1]["value"].get<double>() == Approx(14.0 / 6));
    CHECK(pct["boroughs"][1]["significance_95"]["judgement"] == "worse");
    CHECK(pct["borough"]["code"] == "E");
    CHECK(pct["region"]["value"].get<double>() == Approx(5));  // 50 / 1000
    CHECK(pct["ci95"].is_array());
    CHECK(pct["apportioned"]["method"] == "best_fit");
    CHECK(pct["apportioned"]["areas"] == 2);
    REQUIRE(p["constituents"].size() == 1);
    CHECK(p["constituents"][0]["areas"].size() == 2);  // T03 and T04 only share an edge
    CHECK(p["constituents"][0]["apportioned_population"].get<double>() == Approx(2500));
}

TEST_CASE("catchments: a borough's areas give the borough's own pooled figures") {
    const std::string id = define(R"({"areas": {"set": "lad", "codes": ["W"]}})");
    const json p = profile(id);
    const auto west = fixture().get("/api/areas/W/profile");
    REQUIRE(west.status == 200);
    const json w = body_of(west);
    for (const std::string i : {"residents", "excl_pct", "score"}) {
        INFO(i);
        CHECK(value(p, i) == value(w, i));  // the same sums in the same order
    }
    CHECK(value(p, "score") == Approx((30.0 * 1000 + 50 * 2000) / 3000));
    REQUIRE(p["boroughs"].size() == 1);
    CHECK(p["boroughs"][0]["code"] == "W");
    const json stored = body_of(fixture().get("/api/catchments/" + id));
    CHECK(stored["properties"]["definition"]["codes"] == json::array({"W"}));
}

TEST_CASE("catchments: area weighting takes the share of each area inside") {
    // The west three quarters of T01 and T03 (x ≤ -1.9025): best fit counts both whole (their
    // centroids at x = -1.905 are inside); by area each counts 0.75.
    const std::string id =
        define(R"({"geometry": )" + box_geometry(-1.91, 52.47, -1.9025, 52.49) + "}");
    CHECK(value(profile(id), "residents") == Approx(3000));
    const json by_area = profile(id, "area");
    CHECK(by_area["method"] == "area");
    CHECK(value(by_area, "residents") == Approx(2250).epsilon(0.002));
    // A ratio of apportioned parts: (0.75 · 14) / (0.75 · 600) = 2.33 %.
    CHECK(value(by_area, "excl_pct") == Approx(14.0 / 6).epsilon(0.002));
    const auto& areas = by_area["constituents"][0]["areas"];
    REQUIRE(areas.size() == 2);
    CHECK(areas[0]["area_share"].get<double>() == Approx(0.75).epsilon(0.002));
    CHECK(fixture().get("/api/catchments/" + id + "/profile?method=centroid").status == 400);
}

TEST_CASE("catchments: a hole over an area's centroid leaves it out of the best fit") {
    // The whole grid less [-1.907, -1.903] × [52.482, 52.488] around T01's centroid: by best fit
    // T02 + T03 + T04 = 4,000 residents; by area T01 keeps 1 − 0.24 of its 1,000.
    const std::string hole =
        R"(,[[-1.907,52.482],[-1.907,52.488],[-1.903,52.488],[-1.903,52.482],[-1.907,52.482]])";
    const std::string id =
        define(R"({"geometry": )" + box_geometry(-1.91, 52.47, -1.89, 52.49, hole) + "}");
    CHECK(value(profile(id), "residents") == Approx(4000));
    CHECK(value(profile(id, "area"), "residents") == Approx(4760).epsilon(0.002));
}

TEST_CASE("catchments: a multipolygon of two diagonal squares") {
    // T01 and T04 as two parts: 1,000 + 500 residents, one borough each.
    const std::string body = R"({"geometry": {"type": "MultiPolygon", "coordinates": [
        [[[-1.91,52.48],[-1.90,52.48],[-1.90,52.49],[-1.91,52.49],[-1.91,52.48]]],
        [[[-1.90,52.47],[-1.89,52.47],[-1.89,52.48],[-1.90,52.48],[-1.90,52.47]]]]}})";
    const json p = profile(define(body));
    CHECK(value(p, "residents") == Approx(1500));
    CHECK(value(p, "excl_pct") == Approx(16.0 / 3));  // (10 + 6) / (200 + 100)
    CHECK(p["boroughs"].size() == 2);
}

TEST_CASE("catchments: a radius about a point") {
    // 300 m about T01's centre: inside T01 (about 680 × 1,110 m), so best fit counts nothing
    // but T01, and by area a share of T01 of π·300² over T01's area.
    const auto r = fixture().post(R"({"radius": {"lon": -1.905, "lat": 52.485, "metres": 300}})");
    REQUIRE(r.status == 201);
    const json doc = body_of(r);
    CHECK(doc["properties"]["definition"]["kind"] == "radius");
    CHECK(doc["geometry"]["coordinates"][0][0].size() == 129);  // 128 vertices, closed
    const json p = profile(doc["id"].get<std::string>(), "area");
    CHECK(p["area_km2"].get<double>() == Approx(3.14159 * 0.09).epsilon(0.01));
    REQUIRE(p["constituents"][0]["areas"].size() == 1);
    CHECK(p["constituents"][0]["areas"][0]["code"] == "T01");
}

TEST_CASE("catchments: shapes that cannot be a catchment are refused with the reason") {
    const auto& s = fixture();
    const auto outside = s.post(R"({"geometry": )" + box_geometry(-0.2, 51.5, -0.1, 51.6) + "}");
    CHECK(outside.status == 422);
    CHECK(test::body_text(outside).find("touches none of the region's small areas") !=
          std::string::npos);
    const auto bow_tie = s.post(
        R"({"geometry": {"type": "Polygon", "coordinates": [[[-1.91,52.47],[-1.89,52.49],
           [-1.89,52.47],[-1.91,52.49],[-1.91,52.47]]]}})");
    CHECK(bow_tie.status == 422);
    CHECK(test::body_text(bow_tie).find("Self-intersection") != std::string::npos);
    const auto far = s.post(R"({"radius": {"lon": -1.9, "lat": 52.48, "metres": 25000}})");
    CHECK(far.status == 422);
    CHECK(test::body_text(far).find("from 50 to 20000") != std::string::npos);
    const auto unknown = s.post(R"({"areas": {"set": "lad", "codes": ["W", "Nowhere"]}})");
    CHECK(unknown.status == 422);
    CHECK(test::body_text(unknown).find("'Nowhere'") != std::string::npos);
    const auto open_ring = s.post(
        R"({"geometry": {"type": "Polygon", "coordinates": [[[-1.91,52.47],[-1.89,52.47],
           [-1.89,52.49],[-1.91,52.49]]]}})");
    CHECK(open_ring.status == 400);
    CHECK(test::body_text(open_ring).find("end where it starts") != std::string::npos);
    const auto lat = s.post(R"({"geometry": )" + box_geometry(-1.91, 52.47, -1.89, 95) + "}");
    CHECK(lat.status == 400);
    CHECK(test::body_text(lat).find("latitude 95") != std::string::npos);
    CHECK(s.post(R"({"radius": {"lon": 1, "lat": 2, "metres": 100}, "areas": {}})").status == 400);
    CHECK(s.post("{not json").status == 400);
}

TEST_CASE("catchments: the POST follows the router's rules for requests that change state") {
    const auto& s = fixture();
    const std::string body = R"({"radius": {"lon": -1.9, "lat": 52.48, "metres": 500}})";
    CHECK(s.post(body, "application/json", "").status == 403);
    CHECK(s.post(body, "application/json", "https://elsewhere.example").status == 403);
    CHECK(s.post(body, "text/plain").status == 415);
    CHECK(s.post(body, "").status == 415);
    server::HttpRequest get;
    get.target = "/api/catchments";
    CHECK(s.router->handle(get).status == 405);
}

TEST_CASE("catchments: a vertex limit and a count limit bound what is kept") {
    server::ServerConfig config;
    config.max_catchments = 1;
    config.max_catchment_vertices = 16;
    const test::CatchmentServer small(config);
    CHECK(small.post(R"({"radius": {"lon": -1.9, "lat": 52.48, "metres": 500}})").status == 422);
    const std::string square = R"({"geometry": )" + box_geometry(-1.91, 52.48, -1.89, 52.49) + "}";
    CHECK(small.post(square).status == 201);
    CHECK(small.post(square).status == 200);  // already kept: no room needed
    const auto full = small.post(R"({"areas": {"set": "lad", "codes": ["E"]}})");
    CHECK(full.status == 507);
}

namespace {

server::HttpResponse upload(const std::string& bytes, const std::string& type,
                            const std::string& query = "",
                            const test::CatchmentServer& server = fixture()) {
    return server.post(bytes, type, "http://127.0.0.1:8080", "/api/catchments" + query);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The uploaded catchment's profile (any 2xx: an upload of a shape already kept answers 200).
json uploaded_profile(const server::HttpResponse& r) {
    INFO(test::body_text(r));
    REQUIRE((r.status == 201 || r.status == 200));
    return profile(body_of(r)["id"].get<std::string>());
}

/// A zipped ESRI Shapefile of `geojson`'s features in `crs`, written by GDAL's own ogr2ogr (an
/// independent writer); without its .prj when `with_prj` is false.
std::string zipped_shapefile(const test::TempDir& dir, const std::string& geojson,
                             const std::string& crs, bool with_prj) {
    dir.write("in.geojson", geojson);
    const std::string shp = dir.file("shape.shp");
    const std::string make = "ogr2ogr -f 'ESRI Shapefile' -t_srs " + crs + " '" + shp + "' '" +
                             dir.file("in.geojson") + "'";
    REQUIRE(std::system(make.c_str()) == 0);
    if (!with_prj) std::filesystem::remove(dir.file("shape.prj"));
    const std::string zip = "cd '" + dir.path().string() + "' && zip -q shape.zip shape.*";
    REQUIRE(std::system(zip.c_str()) == 0);
    return read_file(dir.file("shape.zip"));
}

std::string collection(const std::string& features) {
    return R"({"type": "FeatureCollection", "features": [)" + features + "]}";
}

}  // namespace

TEST_CASE("catchments: a GeoJSON file of two features is read with GDAL and dissolved") {
    // A little lower than the north row another test draws whole: the dissolved squares would
    // otherwise be that catchment (same content address: 200, its name) when every test case
    // shares one store, as the sanitizer run's single process does. Best fit takes the same areas.
    const std::string file =
        collection(test::catchment_square("a", -1.91, 52.48, 0.01, 0.0095) + "," +
                   test::catchment_square("b", -1.90, 52.48, 0.01, 0.0095));
    const auto r = upload(file, "application/geo+json", "?name=Two%20squares");
    INFO(test::body_text(r));
    REQUIRE(r.status == 201);
    const json doc = body_of(r);
    CHECK(doc["properties"]["name"] == "Two squares");
    CHECK(doc["properties"]["definition"] ==
          json({{"kind", "upload"}, {"format", "geojson"}, {"features", 2}}));
    // Dissolved into one polygon, the north row: T01 1,000 + T02 1,500 residents, two boroughs.
    CHECK(doc["geometry"]["coordinates"].size() == 1);
    const json p = uploaded_profile(r);
    CHECK(value(p, "residents") == Approx(2500));
    CHECK(p["boroughs"].size() == 2);
}

TEST_CASE("catchments: a KML boundary") {
    const std::string kml = R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Estate</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
-1.91,52.47 -1.9025,52.47 -1.9025,52.49 -1.91,52.49 -1.91,52.47
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>)";
    // The west three quarters of T01 and T03 (as drawn in the area-weighting test): best fit
    // keeps both (their centroids are inside), 1,000 + 2,000 residents.
    const json p = uploaded_profile(upload(kml, "application/vnd.google-earth.kml+xml"));
    CHECK(value(p, "residents") == Approx(3000));
}

TEST_CASE("catchments: a GeoPackage in British National Grid is reprojected") {
    const test::TempDir dir;
    const geo::CoordinateTransform to_bng("EPSG:4326", "EPSG:27700");
    // The north row's corners in BNG (its edges straight in BNG: a hair off the lon/lat box).
    geo::Ring ring = {{-1.91, 52.48}, {-1.89, 52.48}, {-1.89, 52.49}, {-1.91, 52.49}};
    REQUIRE(to_bng.forward(ring) == 0);
    {
        geo::GpkgWriter writer(dir.file("north.gpkg"), "north", 27700, {"name"});
        writer.add({"north row"}, geo::MultiPolygon{{geo::Polygon{{ring}}}});
        writer.close();
    }
    const json p = uploaded_profile(
        upload(read_file(dir.file("north.gpkg")), "application/geopackage+sqlite3"));
    CHECK(value(p, "residents") == Approx(2500));
    CHECK(p["boroughs"].size() == 2);
}

TEST_CASE("catchments: a zipped Shapefile in British National Grid, with or without its .prj") {
    // The south row (T03 2,000 + T04 500 residents), written in EPSG:27700 by ogr2ogr.
    const std::string south = collection(test::catchment_square("s", -1.91, 52.47, 0.02, 0.01));
    const test::TempDir with, without;
    const auto r = upload(zipped_shapefile(with, south, "EPSG:27700", true), "application/zip");
    INFO(test::body_text(r));
    REQUIRE((r.status == 201 || r.status == 200));
    const json doc = body_of(r);
    CHECK(doc["properties"]["definition"]["format"] == "zip");
    double x0 = 180, x1 = -180, y0 = 90, y1 = -90;  // back in lon/lat
    for (const auto& c : doc["geometry"]["coordinates"][0][0]) {
        x0 = std::min(x0, c[0].get<double>()), x1 = std::max(x1, c[0].get<double>());
        y0 = std::min(y0, c[1].get<double>()), y1 = std::max(y1, c[1].get<double>());
    }
    CHECK(x0 == Approx(-1.91).margin(1e-6));
    CHECK(x1 == Approx(-1.89).margin(1e-6));
    CHECK(y0 == Approx(52.47).margin(1e-6));
    CHECK(y1 == Approx(52.48).margin(1e-6));
    CHECK(value(uploaded_profile(r), "residents") == Approx(2500));
    // Without the .prj GDAL cannot know the CRS: refused, unless the sender names it.
    const std::string bare = zipped_shapefile(without, south, "EPSG:27700", false);
    const auto unknown = upload(bare, "application/zip");
    CHECK(unknown.status == 422);
    CHECK(test::body_text(unknown).find("has no CRS; name it with crs=") != std::string::npos);
    const auto named = upload(bare, "application/zip", "?crs=EPSG:27700");
    CHECK(body_of(named)["id"] == doc["id"]);
}

TEST_CASE("catchments: uploads that cannot be a boundary are refused with the reason") {
    const auto reason = [](const server::HttpResponse& r, int status, const std::string& text) {
        INFO(test::body_text(r));
        CHECK(r.status == status);
        CHECK(test::body_text(r).find(text) != std::string::npos);
    };
    const std::string point = R"({"type": "Feature", "properties": {},
        "geometry": {"type": "Point", "coordinates": [-1.9, 52.48]}})";
    reason(upload(collection(point), "application/geo+json"), 422,
           "is a Point; a boundary is a polygon");
    reason(upload("this is not a zip file", "application/zip"), 422, "cannot be read");
    reason(upload(collection(""), "application/geo+json"), 422, "has no polygon");
    reason(upload("{}", "application/pdf"), 415, "application/zip");
    // A bow tie: its two edges cross.
    const std::string bow_tie = R"({"type": "Feature", "properties": {}, "geometry": {"type":
        "Polygon", "coordinates": [[[-1.91, 52.47], [-1.89, 52.49], [-1.89, 52.47],
        [-1.91, 52.49], [-1.91, 52.47]]]}})";
    reason(upload(collection(bow_tie), "application/geo+json"), 422, "is not a valid polygon");
    reason(upload(collection(test::catchment_square("london", -0.2, 51.5, 0.1, 0.1)),
                  "application/geo+json"),
           422, "touches none of the region's small areas");
    reason(upload(collection(test::catchment_square("x", -1.9, 52.48, 0.01, 0.01)),
                  "application/geo+json", "?crs=EPSG:99999"),
           422, "EPSG:99999");
}

TEST_CASE("catchments: an upload beyond the vertex or feature limits is refused") {
    std::string many;  // more features than a catchment may name areas
    for (std::size_t i = 0; i <= server::max_catchment_codes; ++i)
        many +=
            std::string(i ? "," : "") +
            test::catchment_square("f", -1.91 + 1e-5 * static_cast<double>(i), 52.48, 1e-5, 1e-5);
    const auto features = upload(collection(many), "application/geo+json");
    CHECK(features.status == 422);
    CHECK(test::body_text(features).find("more than 1000 features") != std::string::npos);
    // Five squares of four vertices each (rings are kept open): 20, over the 16 allowed.
    server::ServerConfig config;
    config.max_catchment_vertices = 16;
    const test::CatchmentServer small(config);
    std::string squares;
    for (int i = 0; i < 5; ++i)
        squares += std::string(i ? "," : "") +
                   test::catchment_square("q", -1.91 + 0.004 * i, 52.48, 0.003, 0.003);
    const auto vertices = upload(collection(squares), "application/geo+json", "", small);
    CHECK(vertices.status == 422);
    CHECK(test::body_text(vertices).find("more than 16 vertices") != std::string::npos);
}
