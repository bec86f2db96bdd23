// /api/gaps over real HTTP on the West Midlands data (provision against need): a partner gets the
// analysis, the public tier is told the service layer is reserved, bad parameters are 400/404.
// The answer is checked against figures made independently of the server's code: the high-need
// set from /api/indicators/…/values, the radii from data/westmids.json, and every area-to-service
// distance by SpatiaLite (ST_Distance after Transform to EPSG:27700) on the database itself.
#include "geo/core/analyses_spec.hpp"
#include "geo/store/database.hpp"
#include "tests/integration/socket_server.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace sna;
using nlohmann::json;

namespace {

json get_json(unsigned short port, const std::string& target, int status, bool partner = true) {
    const std::string auth =
        partner ? "Authorization: Bearer " + test::real_fixture().partner_token + "\r\n" : "";
    const auto reply = test::exchange(port, target, auth);
    INFO(target << ": " << reply.body.substr(0, 400));
    REQUIRE(reply.status == status);
    return json::parse(reply.body);
}

/// The services layer's radius per category, read from the manifest (not from the server).
geo::ServiceReach manifest_reach() {
    std::ifstream in(SNAMAP_SOURCE_DIR "/data/westmids.json");
    const json manifest = json::parse(in);
    for (const json& p : manifest.at("points"))
        if (p.at("id") == "services")
            return {p.at("reach").at("default_m").get<double>(),
                    p.at("reach").value("by_category", std::map<std::string, double>{})};
    FAIL("no services layer in data/westmids.json");
    return {};
}

/// (category, metres) from one LSOA 2021 to every service, by SpatiaLite on the database.
std::vector<std::pair<std::string, double>> service_distances(geo::Database& db,
                                                              const std::string& code) {
    auto st = db.prepare(
        "SELECT p.category, ST_Distance(Transform(a.geom, 27700), Transform(p.geom, 27700)) "
        "FROM areas a, points p WHERE a.set_id = 'lsoa21' AND a.code = ? AND p.layer = "
        "'services'");
    st.bind(1, code);
    std::vector<std::pair<std::string, double>> out;
    while (st.step()) out.emplace_back(st.column_text(0), st.column_double(1));
    return out;
}

/// The codes in the top 10 % of an indicator's values (ties at the threshold included).
std::set<std::string> top_decile(const json& values, bool higher_is_worse) {
    std::vector<std::pair<double, std::string>> v;
    for (const auto& [code, item] : values.items())
        if (item.contains("v") && item["v"].is_number())
            v.emplace_back((higher_is_worse ? 1 : -1) * item["v"].get<double>(), code);
    std::sort(v.rbegin(), v.rend());
    const auto k = static_cast<std::size_t>(std::ceil(static_cast<double>(v.size()) * 0.1 - 1e-9));
    std::set<std::string> out;
    for (const auto& [need, code] : v)
        if (need >= v[k - 1].first) out.insert(code);
    return out;
}

}  // namespace

TEST_CASE("gaps: a partner's answer agrees with the values, the manifest and SpatiaLite",
          "[real]") {
    test::SocketServer s;
    json gaps = get_json(s.port(), "/api/gaps?indicator=imd25_score", 200);
    json values = get_json(s.port(), "/api/indicators/imd25_score/values", 200);
    CHECK(gaps["set"] == values["set"]);
    CHECK(gaps["rule"]["name"] == "decile");
    CHECK(gaps["radius"]["source"] == "manifest");
    const auto expected = top_decile(values["values"], values["polarity"] == "higher_is_worse");
    std::set<std::string> listed;
    for (const char* part : {"areas", "reached"})
        for (const json& a : gaps[part]) listed.insert(a["code"].get<std::string>());
    CHECK(listed == expected);  // every high-need area, once, reached or not
    REQUIRE(gaps["areas"].size() > 0);
    REQUIRE(gaps["reached"].size() > 0);
    // `fid` is the tile feature id: the values map keyed by feature id agrees with the one by code.
    for (json& a : gaps["areas"])
        CHECK(values["by_feature_id"][std::to_string(a["fid"].get<long long>())] ==
              values["values"][a["code"].get<std::string>()]["v"]);

    const geo::ServiceReach reach = manifest_reach();
    geo::Database db(test::westmids_database(), geo::Database::Mode::read_only);
    for (const char* part : {"areas", "reached"}) {
        for (const json& a : gaps[part]) {
            INFO(part << " " << a["code"]);
            const auto distances = service_distances(db, a["code"]);
            REQUIRE(distances.size() == gaps["layer"]["services"].get<std::size_t>());
            double nearest = 1e300, slack = 1e300;  // slack: least (distance − radius)
            for (const auto& [category, d] : distances) {
                CHECK(gaps["radius"]["by_category"][category] == reach.radius_for(category));
                nearest = std::min(nearest, d);
                slack = std::min(slack, d - reach.radius_for(category));
            }
            // Both sides project with PROJ; the server rounds to whole metres.
            CHECK(a["nearest"]["distance_m"].get<double>() == Approx(nearest).margin(1.5));
            if (std::string(part) == "areas") CHECK(slack > -1.0);  // beyond every radius
            if (std::string(part) == "reached") CHECK(slack <= 1.0);
        }
    }
    // Ranked: highest need first, ranks within the top decile of the set.
    for (std::size_t i = 1; i < gaps["areas"].size(); ++i)
        CHECK(gaps["areas"][i - 1]["rank"] <= gaps["areas"][i]["rank"]);
}

TEST_CASE("gaps: coverage shares lie in 0 to 1 and the boroughs add up to the region", "[real]") {
    test::SocketServer s;
    json gaps = get_json(s.port(), "/api/gaps?indicator=imd25_score", 200);
    const json& region = gaps["coverage"]["region"];
    CHECK(region["high_need_areas"] == gaps["areas"].size() + gaps["reached"].size());
    double population = 0;
    for (const char* part : {"areas", "reached"})
        for (const json& a : gaps[part]) population += a["population"].get<double>();
    CHECK(region["high_need_population"].get<double>() == Approx(population));
    std::size_t areas = 0, reached = 0;
    REQUIRE(gaps["coverage"]["boroughs"].size() == 7);
    for (const json& b : gaps["coverage"]["boroughs"]) {
        INFO(b.dump());
        areas += b["high_need_areas"].get<std::size_t>();
        reached += b["reached_areas"].get<std::size_t>();
        if (b["share"].is_null()) {
            CHECK(b["high_need_areas"] == 0);
            continue;
        }
        CHECK(b["share"].get<double>() >= 0);
        CHECK(b["share"].get<double>() <= 1);
    }
    CHECK(areas == region["high_need_areas"]);
    CHECK(reached == region["reached_areas"]);
    CHECK(region["share"].get<double>() > 0);
    CHECK(region["share"].get<double>() < 1);
    // A radius wider than the region reaches every area; a 1 m radius leaves more gaps.
    json wide = get_json(s.port(), "/api/gaps?indicator=imd25_score&radius=50000", 200);
    CHECK(wide["areas"].empty());
    CHECK(wide["coverage"]["region"]["share"] == 1.0);
    CHECK(wide["radius"]["source"] == "request");
    json narrow = get_json(s.port(), "/api/gaps?indicator=imd25_score&radius=1", 200);
    CHECK(narrow["areas"].size() > gaps["areas"].size());
    for (const json& a : narrow["reached"]) CHECK(a["reached_by"]["distance_m"] <= 1);
}

TEST_CASE("gaps: the hot-spot rule lists exactly the 95 and 99 percent hot spots", "[real]") {
    test::SocketServer s;
    json gaps = get_json(s.port(), "/api/gaps?indicator=imd25_score&rule=hotspot", 200);
    json hot = get_json(s.port(), "/api/hotspots?indicator=imd25_score", 200);
    std::set<std::string> expected, listed;
    for (const auto& [code, g] : hot["values"].items())
        if (g["class"] == "hot_99" || g["class"] == "hot_95") expected.insert(code);
    for (const char* part : {"areas", "reached"})
        for (const json& a : gaps[part]) listed.insert(a["code"].get<std::string>());
    CHECK(listed == expected);
    CHECK_FALSE(expected.empty());
    json composite = get_json(s.port(), "/api/gaps?indicator=composite&top=5", 200);
    CHECK(composite["need"]["id"] == "composite");
    CHECK(composite["rule"]["top_percent"] == 5.0);
    CHECK(composite["areas"].size() + composite["reached"].size() >= 86);  // 5 % of 1,719
}

TEST_CASE("gaps: the public tier is told the service layer is reserved", "[real]") {
    test::SocketServer s;
    for (const std::string target :
         {"/api/gaps?indicator=imd25_score", "/api/gaps?indicator=imd25_score&layer=services"}) {
        const auto reply = test::exchange(s.port(), target);
        INFO(target << ": " << reply.body);
        CHECK(reply.status == 403);
        CHECK(reply.header("cache-control") == "no-store");
        const json body = json::parse(reply.body);
        CHECK(body["error"] == "reserved");
        CHECK(body["groups"] == json::array({"partner"}));
        CHECK(reply.body.find("Step Together") == std::string::npos);
        CHECK(reply.body.find("Lozells") == std::string::npos);
    }
    // The layer id appears only when the caller named it.
    CHECK(test::exchange(s.port(), "/api/gaps?indicator=imd25_score").body.find("services") ==
          std::string::npos);
}

TEST_CASE("gaps: bad parameters are 400 or 404 with a message naming them", "[real]") {
    test::SocketServer s;
    const std::vector<std::pair<std::string, std::string>> bad400 = {
        {"/api/gaps", "indicator"},
        {"/api/gaps?indicator=imd25_score&rule=worst", "rule"},
        {"/api/gaps?indicator=imd25_score&top=0", "top"},
        {"/api/gaps?indicator=imd25_score&top=101", "top"},
        {"/api/gaps?indicator=imd25_score&top=ten", "top"},
        {"/api/gaps?indicator=imd25_score&rule=hotspot&top=5", "top"},
        {"/api/gaps?indicator=imd25_score&radius=0", "radius"},
        {"/api/gaps?indicator=imd25_score&radius=-5", "radius"},
        {"/api/gaps?indicator=imd25_score&radius=60000", "radius"},
        {"/api/gaps?indicator=pop15_total", "polarity"}};
    for (const auto& [target, word] : bad400) {
        const json body = get_json(s.port(), target, 400);
        CHECK_THAT(body.dump(), Catch::Contains(word));
    }
    for (const std::string target :
         {"/api/gaps?indicator=no_such", "/api/gaps?indicator=imd25_score&layer=no_such",
          "/api/gaps?indicator=imd25_score&layer=schools",
          "/api/gaps?indicator=imd25_score&period=1999"})
        get_json(s.port(), target, 404);
}

TEST_CASE("gaps: the borough pack lists the borough's unreached highest-need areas", "[real]") {
    test::SocketServer s;
    const std::string birmingham = "E08000025";
    json gaps = get_json(s.port(), "/api/gaps?indicator=composite", 200);
    std::vector<std::string> expected;
    for (const json& a : gaps["areas"])
        if (a["borough"]["code"] == birmingham && expected.size() < 15)
            expected.push_back(a["code"]);
    const std::string auth = "Authorization: Bearer " + test::real_fixture().partner_token + "\r\n";
    const auto pack = test::exchange(s.port(), "/report/" + birmingham, auth);
    REQUIRE(pack.status == 200);
    const auto at = pack.body.find("<section class=\"gaps\">");
    REQUIRE(at != std::string::npos);
    const std::string section = pack.body.substr(at, pack.body.find("</section>", at) - at);
    std::vector<std::string> shown;
    for (auto p = section.find("data-area=\""); p != std::string::npos;
         p = section.find("data-area=\"", p + 1))
        shown.push_back(section.substr(p + 11, section.find('"', p + 11) - p - 11));
    CHECK(shown == expected);
    CHECK_THAT(section, Catch::Contains("Areas of highest need"));
    CHECK_THAT(section, Catch::Contains("% live in an area a service reaches"));
    CHECK_THAT(pack.body, Catch::Contains("Includes partner-only data"));
    // The public pack has no such section (the services are reserved).
    const auto open = test::exchange(s.port(), "/report/" + birmingham);
    REQUIRE(open.status == 200);
    CHECK(open.body.find("class=\"gaps\"") == std::string::npos);
}
