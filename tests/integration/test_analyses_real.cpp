// Issue "API at memory speed": /api/composite from precomputed columns and cached results, and
// /api/hotspots from Gi* precomputed at start-up, carry exactly the figures of the per-request
// computation they replaced (tests/integration/reference_analyses.cpp) on the real West Midlands
// database: every score, rank, decile, missing count and rank-stability range of the preset and
// two custom weight vectors, and every z, p and class of every indicator's hotspots.
#include "tests/integration/reference_analyses.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace sna;
using nlohmann::json;

namespace {

/// The query string's parameters, as the router would decode them (no escapes in these).
server::Query query_of(const std::string& text) {
    std::map<std::string, std::string> params;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t amp = std::min(text.find('&', start), text.size());
        const std::string item = text.substr(start, amp - start);
        const auto eq = item.find('=');
        params[item.substr(0, eq)] = item.substr(eq + 1);
        start = amp + 1;
    }
    return server::Query(params);
}

/// A format-2 document's by_feature_id array read back into format 1's object.
json by_feature_id_object(const json& format2) {
    json out = json::object();
    const auto base = format2["feature_id_base"].get<std::int64_t>();
    const json& slots = format2["by_feature_id"];
    for (std::size_t k = 0; k < slots.size(); ++k)
        if (!slots[k].is_null())
            out[std::to_string(base + static_cast<std::int64_t>(k))] = slots[k];
    return out;
}

}  // namespace

TEST_CASE("composite: memoised columns and results equal the per-request computation", "[real]") {
    const auto& f = test::real_fixture();
    const std::vector<std::string> queries = {
        "",  // the preset, default draws and seed (memoised body)
        "transform=exponential_rank", "indicators=imd25_score:1,crime_robbery_rate:2",
        "indicators=crime_violence_and_sexual_offences_rate:0.5,imd25_cyp_education_score:1.75,"
        "census21_households_not_deprived_pct:0,iod25_public_order_weapons_rate:1.2&draws=150&seed="
        "7",
        "indicators=imd25_income_score:2,crime_possession_of_weapons_rate:0.3&transform="
        "exponential_rank"};
    std::size_t values_compared = 0;
    for (const std::string& q : queries) {
        INFO(q);
        const json expected = test::reference::composite_json(*f.data, query_of(q));
        for (int k = 0; k < 2; ++k) {  // the first fills the caches, the second reads them
            const auto r = f.get("/api/composite?" + q);
            REQUIRE(r.status == 200);
            // Byte for byte what the old tree's dump() wrote, and so every double the same.
            CHECK(r.body == expected.dump());
            const json now = json::parse(r.body);
            REQUIRE(now["values"].size() == expected["values"].size());
            for (const auto& [code, v] : expected["values"].items()) {
                CHECK(now["values"][code] == v);
                values_compared += v.size();
            }
        }
        const json two = test::body_of(f.get("/api/composite?format=2&" + q));
        CHECK(two["format"] == 2);
        CHECK(two["values"] == expected["values"]);
        CHECK(by_feature_id_object(two) == expected["by_feature_id"]);
    }
    // 1,719 LSOAs × 5 requests × 2 readings × 6 fields: enough for the comparison to mean
    // something.
    CHECK(values_compared > 100000);
}

TEST_CASE("hotspots: precomputed Gi* equal the per-request computation for every indicator",
          "[real]") {
    const auto& f = test::real_fixture();
    std::size_t documents = 0, significant = 0;
    std::vector<std::string> queries;
    for (const auto& i : f.data->indicators()) queries.push_back("indicator=" + i.id);
    // Other periods come from the bounded cache, not the start-up memo.
    const std::string monthly = "crime_all";  // the police.uk counts: one period a month
    const auto& periods = f.data->periods(monthly);
    REQUIRE(periods.size() > 2);
    queries.push_back("indicator=" + monthly + "&period=" + periods.front());
    queries.push_back("indicator=" + monthly + "&period=" + periods[periods.size() / 2]);
    for (const std::string& q : queries) {
        INFO(q);
        const json expected = test::reference::hotspots_json(*f.data, *f.analysis, query_of(q));
        const auto r = f.get("/api/hotspots?" + q);
        REQUIRE(r.status == 200);
        CHECK(r.body == expected.dump());
        const json two = test::body_of(f.get("/api/hotspots?format=2&" + q));
        CHECK(two["values"] == expected["values"]);
        CHECK(by_feature_id_object(two) == expected["by_feature_id"]);
        for (const auto& [code, v] : expected["values"].items())
            significant += v["bin"] != 0 ? 1 : 0;
        ++documents;
    }
    CHECK(documents == f.data->indicators().size() + 2);
    CHECK(significant > 10000);
}

TEST_CASE("composite and hotspots: fields selects members, unknown ones are a 400", "[real]") {
    const auto& f = test::real_fixture();
    const json only =
        test::body_of(f.get("/api/composite?fields=by_feature_id,data_version&format=2"));
    CHECK(only.size() == 4);  // the two asked for, format and feature_id_base
    CHECK(only["by_feature_id"].is_array());
    CHECK(only["data_version"] == f.data->data_version());
    const json hot = test::body_of(f.get("/api/hotspots?indicator=crime_all_rate&fields=counts"));
    CHECK(hot.size() == 1);
    CHECK(hot["counts"].is_object());
    const auto bad = f.get("/api/composite?fields=scores");
    CHECK(bad.status == 400);
    CHECK(test::body_of(bad)["detail"].get<std::string>().find("no member 'scores'") !=
          std::string::npos);
    CHECK(f.get("/api/hotspots?indicator=crime_all_rate&format=3").status == 400);
}

TEST_CASE("values: format 2 carries the same values, fields selects members", "[real]") {
    const auto& f = test::real_fixture();
    for (const char* id : {"crime_all_rate", "imd19_score", "census21_population"}) {
        INFO(id);
        const std::string path = std::string("/api/indicators/") + id + "/values";
        json one = test::body_of(f.get(path));
        json two = test::body_of(f.get(path + "?format=2"));
        CHECK(two["format"] == 2);
        // Format 1 lists areas whose value is null (suppressed, or none); format 2 has null
        // for them as for features without a value.
        json listed = json::object();
        for (const auto& [fid, v] : one["by_feature_id"].items())
            if (!v.is_null()) listed[fid] = v;
        CHECK(by_feature_id_object(two) == listed);
        for (const char* member : {"by_feature_id", "feature_id_base", "format"}) {
            one.erase(member);
            two.erase(member);
        }
        CHECK(two == one);
        CHECK(f.get(path + "?format=2").body == f.get(path + "?format=2").body);  // memoised
    }
    const json only = test::body_of(f.get("/api/indicators/imd19_score/values?fields=values,unit"));
    CHECK(only.size() == 2);
    CHECK(only["values"].size() == 1680);
    CHECK(f.get("/api/indicators/imd19_score/values?fields=v").status == 400);
}
