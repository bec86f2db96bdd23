// One server, two tiers: a partner-only indicator, point layer and point attribute are in every
// partner answer and in no anonymous one; refused credentials are 401; answers that depend on
// who asks are private and vary on the credentials.

#include "geo/core/progress.hpp"
#include "geo/import/builder.hpp"
#include "geo/proj/coordinate_transform.hpp"
#include "geo/store/database.hpp"
#include "server/access/token_store.hpp"
#include "server/http/metrics.hpp"
#include "server/index/catchments.hpp"
#include "server/index/world.hpp"
#include "server/routes/route_table.hpp"
#include "server/routes/router.hpp"
#include "server/views/map_view.hpp"
#include "tests/support/body_stream.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>

using namespace sna;
using namespace sna::server;

namespace {

const char* manifest = R"({
  "snamap_manifest": 1, "name": "tiers fixture",
  "datasets": [
    {"id": "ons", "title": "Boundaries", "publisher": "ONS", "licence": "OGL"},
    {"id": "vault", "title": "Pre-publication figures", "publisher": "VRU", "licence": "internal",
     "access": "partner"}
  ],
  "area_sets": [{"id": "lsoa", "level": "small_area", "title": "Small", "dataset": "ons",
                 "path": "lsoa.geojson", "code_field": "code", "name_field": "name"}],
  "tables": [
    {"path": "open.csv", "set": "lsoa", "dataset": "ons", "code_column": "code",
     "indicators": [{"id": "open_score", "title": "Open score", "column": "open"}]},
    {"path": "vault.csv", "set": "lsoa", "dataset": "vault", "code_column": "code",
     "indicators": [{"id": "zzsecretrate", "title": "Zzsecret rate", "column": "secret",
                     "polarity": "higher_is_worse"}]}
  ],
  "points": [
    {"id": "zzhideouts", "title": "Zzhideouts", "kind": "service", "dataset": "ons",
     "access": "partner", "path": "hideouts.csv", "x_column": "lon", "y_column": "lat",
     "name_column": "name", "reach": {"default_m": 800}},
    {"id": "schools", "title": "Schools", "kind": "school", "dataset": "ons",
     "path": "schools.csv", "x_column": "lon", "y_column": "lat", "name_column": "name",
     "attributes": ["pupils", "zzexcluded"], "attribute_access": {"zzexcluded": "partner"}}
  ]
})";

std::string square(const std::string& code, double x, double y) {
    std::ostringstream s;
    s << R"({"type":"Feature","properties":{"code":")" << code << R"(","name":"Area )" << code
      << R"("},"geometry":{"type":"Polygon","coordinates":[[[)" << x << "," << y << "],["
      << x + 0.01 << "," << y << "],[" << x + 0.01 << "," << y + 0.01 << "],[" << x << ","
      << y + 0.01 << "],[" << x << "," << y << "]]]}}";
    return s.str();
}

struct Tiered {
    test::TempDir dir;
    ServerConfig config;
    Metrics metrics;
    std::vector<std::unique_ptr<World>> worlds;
    std::unique_ptr<geo::CoordinateTransform> to_metres;
    std::unique_ptr<Catchments> catchments;
    std::string catchment_id;  ///< T01 and T02's areas, defined at start
    std::unique_ptr<Tiers> tiers;
    std::unique_ptr<Authenticator> auth;
    std::unique_ptr<Router> router;
    std::string partner_token, police_token, operator_token;

    Tiered() {
        dir.write("lsoa.geojson", R"({"type":"FeatureCollection","features":[)" +
                                      square("T01", -1.91, 52.48) + "," +
                                      square("T02", -1.90, 52.48) + "]}");
        dir.write("open.csv", "code,open\nT01,1.5\nT02,2.5\n");
        dir.write("vault.csv", "code,secret\nT01,777.25\nT02,888.5\n");
        dir.write("hideouts.csv", "lon,lat,name\n-1.905,52.485,Zzcellar\n");
        dir.write("schools.csv",
                  "lon,lat,name,pupils,zzexcluded\n-1.895,52.485,Hill School,900,42\n");
        dir.write("manifest.json", manifest);
        const std::string db_path = (dir.path() / "out.sqlite").string();
        std::ostringstream log;
        geo::Progress progress(log, false, true);
        geo::build_database({(dir.path() / "manifest.json").string(), dir.path().string(), db_path},
                            progress);
        config.tokens_file = (dir.path() / "tokens.jsonl").string();
        config.cors_origin = "*";
        TokenStore tokens(config.tokens_file);
        partner_token = tokens.add("pat", {"partner"}, "", std::time(nullptr));
        police_token = tokens.add("pc", {"police"}, "", std::time(nullptr));
        operator_token = tokens.add("scraper", {"operator"}, "", std::time(nullptr));
        config.web_root = SNAMAP_SOURCE_DIR "/web";  // for /embed
        geo::Database db(db_path, geo::Database::Mode::read_only);
        const auto sources = World::Sources::read(db);
        tiers = std::make_unique<Tiers>(sources.rules.groups());
        to_metres = std::make_unique<geo::CoordinateTransform>("EPSG:4326", "EPSG:27700");
        catchments = std::make_unique<Catchments>(
            config, [this](std::vector<geo::Point>& p) { return to_metres->forward(p); });
        for (const auto& groups : tier_group_sets(sources.rules.groups())) {
            worlds.push_back(std::make_unique<World>(db, sources, groups, config));
            Services services = worlds.back()->services(config, metrics, nullptr);
            services.catchments = catchments.get();
            tiers->add(groups, services);
        }
        auth = std::make_unique<Authenticator>(config);
        router = std::make_unique<Router>(*tiers, auth.get());
        const HttpResponse defined =
            post("/api/catchments", R"({"areas": {"set": "lsoa", "codes": ["T01", "T02"]}})",
                 "application/json");
        if (defined.status == 201) catchment_id = nlohmann::json::parse(defined.body)["id"];
    }

    HttpResponse get(const std::string& target, const std::string& token = "") const {
        HttpRequest r;
        r.target = target;
        if (!token.empty()) r.headers.set("Authorization", "Bearer " + token);
        return router->handle(r);
    }

    /// A POST from this site's own pages (the Origin of the default public URL).
    HttpResponse post(const std::string& target, const std::string& body,
                      const std::string& content_type = "application/x-www-form-urlencoded",
                      const std::string& origin = "http://127.0.0.1:8080") const {
        HttpRequest r;
        r.method = "POST";
        r.target = target;
        r.body = body;
        if (!content_type.empty()) r.headers.set("Content-Type", content_type);
        if (!origin.empty()) r.headers.set("Origin", origin);
        return router->handle(r);
    }

    HttpResponse with_cookie(const std::string& target, const std::string& cookie) const {
        HttpRequest r;
        r.target = target;
        r.headers.set("Cookie", cookie);
        return router->handle(r);
    }
};

const Tiered& tiered() {
    static const Tiered t;
    return t;
}

/// One request per route pattern on this fixture; a route added to the table without a sample
/// here fails the leak test below.
const std::map<std::string_view, std::string>& leak_samples() {
    static const std::map<std::string_view, std::string> all = {
        {"/health", "/health"},
        {"/metrics", "/metrics"},
        {"/catalog", "/catalog"},
        {"/style.json", "/style.json?indicator=open_score"},
        {"/tiles/{layer}.json", "/tiles/schools.json"},
        {"/tiles/{layer}/{z}/{x}/{y}", "/tiles/schools/14/8105/5375.mvt"},
        {"/api/indicators", "/api/indicators"},
        {"/api/indicators/{id}/values", "/api/indicators/open_score/values"},
        {"/api/areas/{code}", "/api/areas/T01"},
        {"/api/areas/{code}/profile", "/api/areas/T01/profile"},
        {"/api/areas/{code}/series", "/api/areas/T01/series?indicator=open_score"},
        {"/api/search", "/api/search?q=area"},
        {"/api/catchments", "/api/catchments"},
        {"/api/catchments/{id}", "/api/catchments/CATCHMENT"},
        {"/api/catchments/{id}/profile", "/api/catchments/CATCHMENT/profile"},
        {"/api/aggregate", "/api/aggregate?indicator=open_score&parent_set=lsoa"},
        {"/api/composite", "/api/composite?draws=10"},
        {"/api/hotspots", "/api/hotspots?indicator=open_score"},
        {"/api/schools/priority", "/api/schools/priority"},
        {"/api/gaps", "/api/gaps?indicator=zzsecretrate&top=100"},
        {"/api/export.csv", "/api/export.csv?set=lsoa"},
        {"/api/export.xlsx", "/api/export.xlsx?set=lsoa"},
        {"/api/map.png", "/api/map.png?indicator=open_score&width=200&height=150"},
        {"/api/map.svg", "/api/map.svg?indicator=open_score&width=200&height=150"},
        {"/api/versions", "/api/versions"},
        {"/api/changes", "/api/changes?since=nope"},
        {"/embed/?", "/embed"},
        {"/oembed", "/oembed?url=http://example.test/embed"},
        {"/report/catchment/{id}.pdf", "/report/catchment/CATCHMENT.pdf"},
        {"/report/catchment/{id}", "/report/catchment/CATCHMENT"},
        {"/report/{code}.pdf", "/report/T01.pdf"},
        {"/report/{code}", "/report/T01"},
        {"/signin", "/signin"},
        {"/signout", "/signout"},
        {"/api/session", "/api/session"},
        {"/api/**", "/api/nope"},
        {"/tiles/**", "/tiles/zzhideouts/1"},
        {"/**", "/index.html"},
    };
    return all;
}

bool mentions(const HttpResponse& r, const std::string& text) {
    if (test::body_text(r).find(text) != std::string::npos) return true;
    for (const auto& [name, value] : r.headers.items())
        if (value.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("tiers: the data names one group, so there are two worlds") {
    CHECK(tiered().tiers->data_groups() == std::set<std::string>{"partner"});
    CHECK(tiered().worlds.size() == 2);
}

TEST_CASE("tiers: anonymous answers never hold the partner-only indicator, layer or attribute") {
    const auto& t = tiered();
    for (const std::string target :
         {"/api/indicators", "/catalog", "/api/areas/T01/profile", "/api/areas/T01",
          "/tiles/schools.json", "/tiles/lsoa.json", "/tiles/lsoa/14/8105/5375.mvt",
          "/tiles/schools/14/8105/5375.mvt", "/api/export.csv?set=lsoa"}) {
        INFO(target);
        const HttpResponse r = t.get(target);
        CHECK(r.status < 500);
        CHECK(r.status != 204);  // the tiles hold features: the checks below are not vacuous
        CHECK_FALSE(mentions(r, "zzsecretrate"));
        CHECK_FALSE(mentions(r, "777.25"));
        CHECK_FALSE(mentions(r, "zzhideouts"));
        CHECK_FALSE(mentions(r, "Zzcellar"));
        CHECK_FALSE(mentions(r, "zzexcluded"));
        CHECK_FALSE(mentions(r, "Pre-publication"));  // the reserved dataset's title
    }
    CHECK(t.get("/api/indicators/zzsecretrate/values").status == 404);
    CHECK(t.get("/tiles/zzhideouts.json").status == 404);
    // The gap analysis reads the reserved service layer: refused, naming no layer.
    const HttpResponse gaps = t.get("/api/gaps?indicator=open_score");
    CHECK(gaps.status == 403);
    CHECK_FALSE(mentions(gaps, "zzhideouts"));
}

TEST_CASE("tiers: a partner sees them, privately, with validators of their own") {
    const auto& t = tiered();
    const HttpResponse indicators = t.get("/api/indicators", t.partner_token);
    CHECK(indicators.status == 200);
    CHECK(mentions(indicators, "zzsecretrate"));
    CHECK(indicators.headers.get_or("Cache-Control") == "private, no-cache");
    CHECK(indicators.headers.get_or("Vary").find("Authorization") != std::string::npos);
    CHECK(indicators.headers.get_or("Access-Control-Allow-Origin").empty());
    // Also where the handler sets the header itself (TileJSON, tiles, catalog, style, oEmbed).
    CHECK(t.get("/tiles/lsoa.json").headers.get_or("Access-Control-Allow-Origin") == "*");
    CHECK(t.get("/tiles/lsoa.json", t.partner_token)
              .headers.get_or("Access-Control-Allow-Origin")
              .empty());
    CHECK(mentions(t.get("/catalog", t.partner_token), "zzhideouts"));
    CHECK(t.get("/tiles/zzhideouts.json", t.partner_token).status == 200);
    CHECK(t.get("/api/indicators/zzsecretrate/values", t.partner_token).status == 200);
    CHECK(mentions(t.get("/api/areas/T01/profile", t.partner_token), "zzsecretrate"));
    CHECK(mentions(t.get("/tiles/schools/14/8105/5375.mvt", t.partner_token), "zzexcluded"));
    CHECK(mentions(t.get("/tiles/zzhideouts/14/8105/5375.mvt", t.partner_token), "Zzcellar"));
    CHECK(mentions(t.get("/api/gaps?indicator=zzsecretrate&top=100", t.partner_token), "Zzcellar"));
    CHECK(mentions(t.get("/api/export.csv?set=lsoa", t.partner_token), "777.25"));

    const HttpResponse open = t.get("/api/search?q=T01");
    const HttpResponse open_partner = t.get("/api/search?q=T01", t.partner_token);
    CHECK(std::string(open.body_view()) == std::string(open_partner.body_view()));
    REQUIRE_FALSE(open.headers.get_or("ETag").empty());
    CHECK(open.headers.get_or("ETag") != open_partner.headers.get_or("ETag"));
    CHECK(open.headers.get_or("Vary").find("Authorization") != std::string::npos);
}

TEST_CASE("tiers: a catchment profile is answered from the caller's world") {
    const auto& t = tiered();
    REQUIRE(t.catchment_id.size() == 32);
    const std::string target = "/api/catchments/" + t.catchment_id + "/profile";
    const HttpResponse open = t.get(target);
    REQUIRE(open.status == 200);
    CHECK(mentions(open, "open_score"));
    CHECK_FALSE(mentions(open, "zzsecretrate"));
    CHECK_FALSE(mentions(open, "zzhideouts"));
    const HttpResponse partner = t.get(target, t.partner_token);
    REQUIRE(partner.status == 200);
    const auto doc = nlohmann::json::parse(test::body_text(partner));
    bool secret = false;
    for (const auto& i : doc["indicators"]) secret = secret || i["id"] == "zzsecretrate";
    CHECK(secret);
    bool hideout = false;  // the partner-only service at (-1.905, 52.485), inside T01
    for (const auto& p : doc["points"])
        hideout = hideout || (p["layer"] == "zzhideouts" && p["count"] == 1);
    CHECK(hideout);
    CHECK(partner.headers.get_or("Cache-Control") == "private, no-cache");
}

TEST_CASE("tiers: a group the data does not name sees the public world") {
    const auto& t = tiered();
    const HttpResponse r = t.get("/api/indicators", t.police_token);
    CHECK(r.status == 200);
    CHECK_FALSE(mentions(r, "zzsecretrate"));
}

TEST_CASE("tiers: a refused token is 401, not the public answer") {
    const auto& t = tiered();
    const HttpResponse r = t.get("/api/indicators", "snamap_not-a-token");
    CHECK(r.status == 401);
    CHECK(r.headers.get_or("WWW-Authenticate").find("invalid_token") != std::string::npos);
    CHECK_FALSE(mentions(r, "open_score"));
}

TEST_CASE("tiers: no route of the table shows an anonymous caller the partner-only data") {
    // Text markers only: the XLSX, PNG and PDF bodies are compressed, so their check here is
    // the status; what they draw comes from the same world as the rest (docs/access.md).
    const auto& t = tiered();
    for (const Route& route : route_table()) {
        INFO(route.pattern);
        const auto sample = leak_samples().find(route.pattern);
        REQUIRE(sample != leak_samples().end());  // a new route needs a sample here
        // A route that takes no GET (sign-out) is sent what it takes.
        const bool reads = route.methods & route_method::get;
        std::string target = sample->second;
        if (const auto at = target.find("CATCHMENT"); at != std::string::npos)
            target.replace(at, 9, t.catchment_id);
        const HttpResponse r = reads ? t.get(target) : t.post(target, "");
        CHECK(r.status < 500);
        for (const std::string marker : {"zzsecretrate", "777.25", "888.5", "zzhideouts",
                                         "Zzcellar", "zzexcluded", "Pre-publication"}) {
            if (sample->second.find(marker) != std::string::npos) continue;  // the caller's own
            CHECK_FALSE(mentions(r, marker));
        }
    }
}

TEST_CASE("tiers: a browser signs in with a token and its session cookie sees the partner tier") {
    const auto& t = tiered();
    const HttpResponse in = t.post("/signin", "token=" + t.partner_token);
    REQUIRE(in.status == 303);
    CHECK(in.headers.get_or("Location") == "http://127.0.0.1:8080/");
    const std::string set_cookie = in.headers.get_or("Set-Cookie");
    CHECK(set_cookie.find("HttpOnly; SameSite=Lax") != std::string::npos);
    CHECK(set_cookie.find(t.partner_token) == std::string::npos);
    const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));

    const HttpResponse seen = t.with_cookie("/api/indicators", cookie);
    CHECK(mentions(seen, "zzsecretrate"));
    CHECK(seen.headers.get_or("Cache-Control") == "private, no-cache");
    CHECK(seen.caller == "pat (session)");
    const HttpResponse session = t.with_cookie("/api/session", cookie);
    CHECK(test::body_text(session).find("\"name\":\"pat\"") != std::string::npos);
    CHECK_FALSE(mentions(session, t.partner_token));
    CHECK(mentions(t.with_cookie("/signin", cookie), "Signed in as"));

    // Tampered: the public answer, and the browser told to drop the cookie.
    std::string tampered = cookie;
    tampered[20] = tampered[20] == 'a' ? 'b' : 'a';
    const HttpResponse forged = t.with_cookie("/api/indicators", tampered);
    CHECK(forged.status == 200);
    CHECK_FALSE(mentions(forged, "zzsecretrate"));
    CHECK(forged.headers.get_or("Set-Cookie").find("snamap_session=; Max-Age=0") == 0);
    CHECK(test::body_text(t.with_cookie("/api/session", tampered)).find("\"signed_in\":false") !=
          std::string::npos);

    const HttpResponse out = t.post("/signout", "");
    CHECK(out.status == 303);
    CHECK(out.headers.get_or("Set-Cookie").find("snamap_session=; Max-Age=0") == 0);
}

TEST_CASE("tiers: sign-in refuses bad tokens, other sites, big bodies and other content types") {
    const auto& t = tiered();
    const HttpResponse bad = t.post("/signin", "token=snamap_nope");
    CHECK(bad.status == 401);
    CHECK(bad.headers.get_or("Set-Cookie").empty());
    CHECK(mentions(bad, "the token is not known"));
    CHECK(t.post("/signin", "token=" + t.partner_token, "application/x-www-form-urlencoded",
                 "https://evil.example")
              .status == 403);
    CHECK(t.post("/signin", "token=" + t.partner_token, "application/x-www-form-urlencoded", "")
              .status == 403);  // neither Origin nor Referer
    CHECK(t.post("/signout", "", "", "https://evil.example").status == 403);
    CHECK(t.post("/signin", "token=" + std::string(5000, 'x')).status == 413);
    CHECK(t.post("/signin", "{\"token\": 1}", "application/json").status == 415);
    const HttpResponse get_out = t.get("/signout");
    CHECK(get_out.status == 405);
    CHECK(get_out.headers.get_or("Allow") == "POST, OPTIONS");
    CHECK(t.post("/api/indicators", "").status == 405);
}

TEST_CASE("tiers: metrics are for the operator group only") {
    const auto& t = tiered();
    const HttpResponse anonymous = t.get("/metrics");
    CHECK(anonymous.status == 401);
    CHECK(anonymous.headers.get_or("WWW-Authenticate").rfind("Bearer", 0) == 0);
    CHECK(anonymous.route == "metrics");
    CHECK(t.get("/metrics", t.partner_token).status == 403);
    const HttpResponse scraper = t.get("/metrics", t.operator_token);
    CHECK(scraper.status == 200);
    CHECK_THAT(test::body_text(scraper), Catch::Contains("snamap_http_requests_total"));
}

TEST_CASE("tiers: an embed naming a partner-only layer or indicator is refused to others") {
    const auto& t = tiered();
    const HttpResponse layer = t.get("/embed?i=open_score&lyr=wards,zzhideouts");
    CHECK(layer.status == 403);
    CHECK(layer.headers.get_or("Content-Type").rfind("text/html", 0) == 0);
    CHECK(layer.headers.get_or("Cache-Control") == "no-store");
    CHECK_THAT(test::body_text(layer), Catch::Contains("layer &#39;zzhideouts&#39;") ||
                                           Catch::Contains("layer 'zzhideouts'"));
    CHECK_THAT(test::body_text(layer), Catch::Contains("'partner'"));
    CHECK(t.get("/embed?i=zzsecretrate", t.police_token).status == 403);
    CHECK(t.get("/embed?i=composite&w=open_score:1,zzsecretrate:2").status == 403);
    CHECK(t.get("/embed?i=open_score&lyr=wards").status == 200);
    CHECK(t.get("/embed?i=open_score&lyr=wards,zzhideouts", t.partner_token).status == 200);
    const HttpResponse oembed = t.get("/oembed?url=http://127.0.0.1:8080/embed?i=zzsecretrate");
    CHECK(oembed.status == 403);
    CHECK_THAT(test::body_text(oembed),
               Catch::Contains("\"reserved\":[\"indicator 'zzsecretrate'\"]"));
}

TEST_CASE("tiers: packs and downloads made from partner-only data say so") {
    const auto& t = tiered();
    const std::string notice = "Includes partner-only data";
    CHECK_THAT(test::body_text(t.get("/report/T01", t.partner_token)), Catch::Contains(notice));
    CHECK_FALSE(mentions(t.get("/report/T01"), notice));
    const HttpResponse csv = t.get("/api/export.csv?set=lsoa", t.partner_token);
    const std::string rows = test::body_text(csv);  // read once: the body is a stream
    CHECK_THAT(rows, Catch::Contains("777.25"));
    CHECK_THAT(rows, Catch::Contains(",partner\r\n"));
    CHECK_THAT(rows, Catch::Contains(",public\r\n"));
    CHECK(csv.headers.get_or("X-Snamap-Reserved") == "partner");
    const HttpResponse open_csv =
        t.get("/api/export.csv?set=lsoa&indicators=open_score", t.partner_token);
    CHECK_FALSE(mentions(open_csv, "partner"));  // an all-public download is not flagged
    const auto catalog = [&](const std::string& token) {
        return nlohmann::json::parse(test::body_text(t.get("/catalog", token)));
    };
    CHECK(catalog("")["withheld"] == true);
    CHECK(catalog(t.partner_token)["withheld"] == false);
    const nlohmann::json partner_catalog = catalog(t.partner_token);  // outlives the loop
    int checked = 0;
    for (const auto& layer : partner_catalog["layers"]) {
        const std::string id = layer["id"];
        if (id != "zzhideouts" && id != "schools" && id != "lsoa") continue;
        CHECK(layer["access"] == (id == "lsoa" ? "public" : "partner"));
        ++checked;
    }
    CHECK(checked == 3);
}

// Image text is drawn as glyph outlines (PNG pixels, SVG paths), so the line is checked where
// the image is composed.
TEST_CASE("tiers: a map image of partner-only data says so under the map") {
    const auto& t = tiered();
    const Services& partner = t.tiers->for_groups({"partner"});
    REQUIRE(partner.shapes);
    MapView view;
    view.indicator_id = "zzsecretrate";
    view.set_id = "lsoa";
    view.width = 200;
    view.height = 150;
    const auto line = [&] {
        return draw_map_view(view, partner.data, *partner.shapes).scene.source_line;
    };
    CHECK_THAT(line(), Catch::StartsWith("Includes partner-only data"));
    view.attribution = false;  // the notice stays when the sources are left off
    CHECK(line().rfind("Includes partner-only data", 0) == 0);
    view.attribution = true;
    view.indicator_id = "open_score";
    CHECK_THAT(line(), !Catch::Contains("partner-only"));
    CHECK_THAT(line(), Catch::StartsWith("Source: "));
}
