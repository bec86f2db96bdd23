// Catchments end to end in-process on a hand-worked fixture (catchment_fixture.hpp): defined
// three ways, stored by content address, profiled by best fit and by area; overlaps, holes,
// multipolygons, two boroughs and a catchment touching no area. Figures are worked in comments.

#include "tests/server/routes/catchment_fixture.hpp"
#include "tests/support/body_stream.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace sna;
using nlohmann::json;

namespace {

const test::CatchmentServer& server() {
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
    const auto r = server().post(body);
    INFO(test::body_text(r));
    REQUIRE((r.status == 201 || r.status == 200));
    return body_of(r)["id"].get<std::string>();
}

json profile(const std::string& id, const std::string& method = "best_fit") {
    const auto r = server().get("/api/catchments/" + id + "/profile?method=" + method);
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
    const auto first = server().post(R"({"name": "North row", "geometry": )" + geometry + "}");
    REQUIRE(first.status == 201);
    const json doc = body_of(first);
    const std::string id = doc["id"].get<std::string>();
    CHECK(id.size() == 32);
    CHECK(first.headers.get_or("Location") == "http://127.0.0.1:8080/api/catchments/" + id);
    CHECK(doc["properties"]["name"] == "North row");
    CHECK(doc["properties"]["definition"]["kind"] == "geometry");
    // The same square drawn from another corner, clockwise: the same catchment.
    const auto again = server().post(
        R"({"geometry": {"type": "Polygon", "coordinates": [[[-1.89, 52.49], [-1.89, 52.48],
           [-1.91, 52.48], [-1.91, 52.49], [-1.89, 52.49]]]}})");
    CHECK(again.status == 200);
    CHECK(body_of(again)["id"] == id);
    CHECK(body_of(again)["properties"]["name"] == "North row");  // the first name stays
    const auto got = server().get("/api/catchments/" + id);
    REQUIRE(got.status == 200);
    CHECK(body_of(got)["geometry"] == doc["geometry"]);
    CHECK(server().get("/api/catchments/0123456789abcdef0123456789abcdef").status == 404);
    CHECK(server().get("/api/catchments/../../etc/passwd").status == 404);
}

TEST_CASE("catchments: the north row crosses two boroughs and compares with each") {
    const json p = profile(define(R"({"geometry": )" +
                                  box_geometry(-1.91, 52.48, -1.89, 52.49) + "}"));
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
    const auto west = server().get("/api/areas/W/profile");
    REQUIRE(west.status == 200);
    const json w = body_of(west);
    for (const std::string i : {"residents", "excl_pct", "score"}) {
        INFO(i);
        CHECK(value(p, i) == value(w, i));  // the same sums in the same order
    }
    CHECK(value(p, "score") == Approx((30.0 * 1000 + 50 * 2000) / 3000));
    REQUIRE(p["boroughs"].size() == 1);
    CHECK(p["boroughs"][0]["code"] == "W");
    const json stored = body_of(server().get("/api/catchments/" + id));
    CHECK(stored["properties"]["definition"]["codes"] == json::array({"W"}));
}

TEST_CASE("catchments: area weighting takes the share of each area inside") {
    // The west three quarters of T01 and T03 (x ≤ -1.9025): best fit counts both whole (their
    // centroids at x = -1.905 are inside); by area each counts 0.75.
    const std::string id = define(R"({"geometry": )" +
                                  box_geometry(-1.91, 52.47, -1.9025, 52.49) + "}");
    CHECK(value(profile(id), "residents") == Approx(3000));
    const json by_area = profile(id, "area");
    CHECK(by_area["method"] == "area");
    CHECK(value(by_area, "residents") == Approx(2250).epsilon(0.002));
    // A ratio of apportioned parts: (0.75 · 14) / (0.75 · 600) = 2.33 %.
    CHECK(value(by_area, "excl_pct") == Approx(14.0 / 6).epsilon(0.002));
    const auto& areas = by_area["constituents"][0]["areas"];
    REQUIRE(areas.size() == 2);
    CHECK(areas[0]["area_share"].get<double>() == Approx(0.75).epsilon(0.002));
    CHECK(server().get("/api/catchments/" + id + "/profile?method=centroid").status == 400);
}

TEST_CASE("catchments: a hole over an area's centroid leaves it out of the best fit") {
    // The whole grid less [-1.907, -1.903] × [52.482, 52.488] around T01's centroid: by best fit
    // T02 + T03 + T04 = 4,000 residents; by area T01 keeps 1 − 0.24 of its 1,000.
    const std::string hole = R"(,[[-1.907,52.482],[-1.907,52.488],[-1.903,52.488],[-1.903,52.482],[-1.907,52.482]])";
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
    const auto r = server().post(R"({"radius": {"lon": -1.905, "lat": 52.485, "metres": 300}})");
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
    const auto& s = server();
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
    const auto& s = server();
    const std::string body = R"({"radius": {"lon": -1.9, "lat": 52.48, "metres": 500}})";
    CHECK(s.post(body, "application/json", "").status == 403);
    CHECK(s.post(body, "application/json", "https://elsewhere.example").status == 403);
    CHECK(s.post(body, "text/plain").status == 415);
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
