// Every route of the router, in-process, on the real West Midlands database.
#include "geo/tiles/gzip.hpp"
#include "geo/tiles/mvt_decoder.hpp"
#include "server/views/value_format.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace sna;
using nlohmann::json;

namespace {

const test::ServerFixture& fixture() {
    return test::real_fixture();
}

using test::body_of;

}  // namespace

TEST_CASE("api: health and catalog", "[real]") {
    const auto& f = fixture();
    const auto health = f.get("/health");
    CHECK(health.status == 200);
    CHECK(body_of(health)["data_version"].get<std::string>().size() == 12);
    const auto ids_of = [](const json& catalog) {
        std::map<std::string, std::string> ids;
        for (const auto& l : catalog["layers"]) ids[l["id"]] = l["access"];
        return ids;
    };
    // A partner sees every layer; street-level incidents and services are partner-only, and the
    // schools layer holds partner-only attributes (data/README.md).
    const json partner = body_of(f.get_as_partner("/catalog"));
    const auto all = ids_of(partner);
    for (const char* id :
         {"lsoa11", "lsoa21", "ward22", "lad", "pfa", "schools", "incidents_2011", "services"}) {
        CHECK(all.count(id) == 1);
    }
    CHECK(all.at("lad") == "public");
    CHECK(all.at("incidents_2011") == "partner");
    CHECK(all.at("services") == "partner");
    CHECK(all.at("schools") == "partner");
    CHECK(partner["withheld"] == false);
    // Anonymous callers get the public layers, told that signing in would show more.
    const json open = body_of(f.get("/catalog"));
    const auto some = ids_of(open);
    for (const char* id : {"lsoa11", "lsoa21", "ward22", "lad", "pfa", "schools"})
        CHECK(some.count(id) == 1);
    CHECK(some.count("incidents_2011") == 0);
    CHECK(some.count("services") == 0);
    CHECK(some.at("schools") == "public");
    CHECK(open["withheld"] == true);
    CHECK(open["tier"] == "public");
}

TEST_CASE("api: TileJSON 3.0 for a layer", "[real]") {
    const auto& f = fixture();
    const auto r = f.get("/tiles/lsoa11.json");
    REQUIRE(r.status == 200);
    const json tj = body_of(r);
    CHECK(tj["tilejson"] == "3.0.0");
    CHECK(tj["tiles"][0].get<std::string>().rfind(
              "http://example.test:8080/tiles/lsoa11/{z}/{x}/{y}.mvt?v=", 0) == 0);
    CHECK(tj["minzoom"] == 8);
    CHECK(tj["vector_layers"][0]["id"] == "lsoa11");
    CHECK(tj["vector_layers"][0]["fields"].contains("imd19_score"));
    CHECK_THAT(tj["attribution"].get<std::string>(), Catch::Contains("Open Government Licence"));
    const double west = tj["bounds"][0], south = tj["bounds"][1], east = tj["bounds"][2],
                 north = tj["bounds"][3];
    CHECK(west == Approx(-2.2).margin(0.1));
    CHECK(east == Approx(-1.42).margin(0.1));
    CHECK(south < 52.4);
    CHECK(north > 52.6);
    CHECK(f.get("/tiles/nope.json").status == 404);
}

TEST_CASE("api: a tile decodes with features, ids and properties, gzip, 304 and 204", "[real]") {
    const auto& f = fixture();
    const auto plain = f.get("/tiles/lsoa11/12/2026/1344.mvt");
    REQUIRE(plain.status == 200);
    CHECK(plain.headers.get_or("Content-Type") == "application/vnd.mapbox-vector-tile");
    CHECK(plain.headers.get_or("Vary") ==
          "Accept-Encoding, Authorization, Cookie");  // tiered data (data/README.md)
    const auto layers = geo::decode_tile(plain.body);
    REQUIRE(layers.size() == 1);
    CHECK(layers[0].name == "lsoa11");
    CHECK(layers[0].features.size() > 50);
    const auto gz = f.get("/tiles/lsoa11/12/2026/1344.mvt", "Accept-Encoding", "gzip, deflate");
    CHECK(gz.headers.get_or("Content-Encoding") == "gzip");
    CHECK(gz.body.empty());  // the cached bytes are shared, not copied into `body`
    REQUIRE(gz.shared_body);
    CHECK(geo::gzip_decompress(gz.body_view()) == plain.body);
    CHECK_FALSE(plain.shared_body);  // identity: decompressed per request
    // A second gzip response shares the very bytes the cache holds: nothing was copied.
    const auto again = f.get("/tiles/lsoa11/12/2026/1344.mvt", "Accept-Encoding", "gzip");
    CHECK(again.shared_body.get() == gz.shared_body.get());
    // Each coding has its own tag: the identity tag with "-gzip" inside the quotes.
    const std::string plain_tag = plain.headers.get_or("ETag");
    CHECK(again.headers.get_or("ETag") == plain_tag.substr(0, plain_tag.size() - 1) + "-gzip\"");
    const auto not_modified =
        f.get("/tiles/lsoa11/12/2026/1344.mvt", "If-None-Match", plain.headers.get_or("ETag"));
    CHECK(not_modified.body_view().empty());
    const auto etag = plain.headers.get_or("ETag");
    CHECK(f.get("/tiles/lsoa11/12/2026/1344.mvt", "If-None-Match", etag).status == 304);
    CHECK(f.get("/tiles/lsoa11/8/0/0.mvt").status == 204);
    CHECK(f.get("/tiles/lsoa11/2/1/1.mvt").status == 404);
    CHECK(f.get("/tiles/lsoa11/12/4096/0.mvt").status == 400);
    CHECK(f.get("/tiles/lsoa11/12/1/1.png").status == 400);
}

TEST_CASE("api: indicator catalogue grouped by theme with citations", "[real]") {
    const json body = body_of(fixture().get("/api/indicators"));
    bool found = false;
    for (const auto& theme : body["themes"]) {
        for (const auto& i : theme["indicators"]) {
            if (i["id"] == "imd19_score") {
                found = true;
                CHECK(theme["theme"] == "Deprivation");
                CHECK(i["polarity"] == "higher_is_worse");
                CHECK(i["citation"]["licence"] != "");
            }
        }
    }
    CHECK(found);
}

TEST_CASE("api: values map equals the stored values and is joinable by feature id", "[real]") {
    const auto& f = fixture();
    const json body = body_of(f.get("/api/indicators/imd19_score/values?set=lsoa11"));
    CHECK(body["values"].size() == 1680);
    CHECK(body["by_feature_id"].size() == 1680);
    // E01008978 has the highest IoD2019 score in the region (mySociety file: 78.083).
    CHECK(body["values"]["E01008978"]["v"].get<double>() == Approx(78.083));
    CHECK(body["values"]["E01008978"]["d"] == 1);
    CHECK(f.get("/api/indicators/imd19_score/values?set=lsoa21").status == 400);
    CHECK(f.get("/api/indicators/nope/values").status == 404);
    CHECK(f.get("/api/indicators/crime_all/values?period=1999-01").status == 404);
    // Rates carry their 95 % confidence interval (lo, hi) in the compact map.
    const json rates = body_of(f.get("/api/indicators/crime_all_rate/values"));
    CHECK(rates["values"]["E01008978"]["lo"].get<double>() <
          rates["values"]["E01008978"]["v"].get<double>());
    CHECK(rates["values"]["E01008978"]["hi"].get<double>() >
          rates["values"]["E01008978"]["v"].get<double>());
    // The monthly series of one area: 35 months, the incomplete ones flagged.
    const json series = body_of(f.get("/api/areas/E01008978/series?indicator=crime_all"));
    REQUIRE(series["series"].size() == 35);
    CHECK(series["series"][0]["period"] == "2023-05");
    CHECK(series["series"][0]["flag"] == "incomplete_month");
    CHECK(f.get("/api/areas/E01008978/series").status == 400);
    // The default period of a monthly series is the newest complete month.
    CHECK(body_of(f.get("/api/indicators/crime_all/values"))["period"] == "2026-03");
}

TEST_CASE("api: an area with parents and borough/region comparators", "[real]") {
    const auto& f = fixture();
    const auto r = f.get("/api/areas/E01008978?set=lsoa11");
    REQUIRE(r.status == 200);
    const json a = body_of(r);
    CHECK(a["set"] == "lsoa11");
    CHECK(a["borough"]["name"] == "Birmingham");
    bool checked = false;
    for (const auto& i : a["indicators"]) {
        if (i["id"] != "imd19_score") continue;
        checked = true;
        CHECK(i["value"].get<double>() == Approx(78.083));
        CHECK(i["borough"]["name"] == "Birmingham");
        CHECK(i["borough"]["method"].get<std::string>().rfind("population-weighted mean", 0) == 0);
        CHECK(i["region"]["areas"] == 1680);
    }
    CHECK(checked);
    CHECK(f.get("/api/areas/E99999999").status == 404);
    CHECK(f.get("/api/areas/E01008978?set=ward22").status == 404);
}

TEST_CASE("api: search is prefix and case-insensitive, best first", "[real]") {
    const auto& f = fixture();
    const json lozells = body_of(f.get("/api/search?q=LOZELLS"));
    REQUIRE(!lozells["results"].empty());
    CHECK(lozells["results"][0]["name"] == "Lozells");
    CHECK(lozells["results"][0]["set"] == "ward22");
    const json birm = body_of(f.get("/api/search?q=birm&limit=5"));
    CHECK(birm["results"][0]["set"] == "lad");  // the borough before its LSOAs
    CHECK(birm["results"].size() == 5);
    const json code = body_of(f.get("/api/search?q=E01008978"));
    CHECK(code["results"][0]["code"] == "E01008978");
    CHECK(f.get("/api/search").status == 400);
    CHECK(f.get("/api/search?q=x&limit=1000").status == 400);
}

TEST_CASE("api: CSV export with provenance on every row", "[real]") {
    const auto& f = fixture();
    const auto r = f.get("/api/export.csv?set=lsoa11&indicators=imd19_score&la=Coventry");
    REQUIRE(r.status == 200);
    CHECK(r.headers.get_or("Content-Type") == "text/csv; charset=utf-8");
    CHECK(r.body.rfind("\xEF\xBB\xBF"
                       "area_code,",
                       0) == 0);
    const auto rows = std::count(r.body.begin(), r.body.end(), '\n');
    CHECK(rows == 1 + 195);  // header + Coventry's 195 LSOAs
    CHECK_THAT(r.body, Catch::Contains("derived from English Indices of Deprivation 2019, MHCLG"));
    CHECK(f.get("/api/export.csv").status == 400);
    CHECK(f.get("/api/export.csv?set=lsoa11&indicators=imd25_score").status == 400);
    CHECK(f.get("/api/export.csv?set=lsoa11&la=Atlantis").status == 404);
}

TEST_CASE("api: style.json is a MapLibre style with class breaks from the data", "[real]") {
    const auto& f = fixture();
    const json style = body_of(f.get("/style.json?indicator=imd19_score&classes=5"));
    CHECK(style["version"] == 8);
    CHECK(style["sources"]["lsoa11"]["url"] == "http://example.test:8080/tiles/lsoa11.json");
    CHECK(style["metadata"]["snamap:breaks"].size() == 4);
    CHECK(style["metadata"]["snamap:colors"].size() == 5);
    CHECK(f.get("/style.json").status == 400);
    CHECK(f.get("/style.json?indicator=imd19_score&classes=12").status == 400);
    CHECK(f.get("/style.json?indicator=imd19_score&method=kmeans").status == 400);
}

TEST_CASE("api: errors are JSON, methods other than GET/HEAD are refused, API ETags give 304",
          "[real]") {
    const auto& f = fixture();
    const auto missing = f.get("/api/nothing-here");
    CHECK(missing.status == 404);
    CHECK(body_of(missing).contains("error"));
    server::HttpRequest post;
    post.method = "POST";
    post.target = "/api/indicators";
    CHECK(f.router->handle(post).status == 405);
    const auto first = f.get("/api/indicators");
    CHECK(f.get("/api/indicators", "If-None-Match", first.headers.get_or("ETag")).status == 304);
    CHECK(f.get("/health").headers.get_or("Access-Control-Allow-Origin") == "*");
}

TEST_CASE("api: area profile with CIs, regional rank and significance", "[real]") {
    const auto& f = fixture();
    const auto r = f.get("/api/areas/E01008978/profile?set=lsoa21");
    REQUIRE(r.status == 200);
    bool checked = false;
    const json profile = body_of(r);
    for (const auto& i : profile["indicators"]) {
        if (i["id"] != "crime_all_rate") continue;
        checked = true;
        const double count = i["numerator"], residents = i["denominator"];
        CHECK(i["value"].get<double>() == Approx(1000 * count / residents));
        // Byar's method by hand: lower = O(1 - 1/(9O) - z/(3 sqrt O))^3, upper with O+1.
        const double z = 1.959963984540054;
        const double lower = count * std::pow(1 - 1 / (9 * count) - z / (3 * std::sqrt(count)), 3);
        const double o = count + 1;
        const double upper = o * std::pow(1 - 1 / (9 * o) + z / (3 * std::sqrt(o)), 3);
        CHECK(i["ci95"][0].get<double>() == Approx(1000 * lower / residents).epsilon(1e-6));
        CHECK(i["ci95"][1].get<double>() == Approx(1000 * upper / residents).epsilon(1e-6));
        // Birmingham's 659 LSOA 2021 less the two with no police.uk record in any month,
        // which are not ranked (issue 15).
        CHECK(i["regional"]["of"] == 1717);
        CHECK(i["within_borough"]["of"] == 657);
        CHECK(i["regional"]["quintile"].get<int>() >= 1);
        // Significance follows the Fingertips rule: CI entirely below the borough value → better.
        const double borough = i["borough"]["value"];
        const std::string judgement = i["borough"]["significance_95"]["judgement"];
        if (i["ci95"][1].get<double>() < borough) CHECK(judgement == "better");
        if (i["ci95"][0].get<double>() > borough) CHECK(judgement == "worse");
    }
    CHECK(checked);
}

TEST_CASE("api: composite index with rank stability, hotspots and priority schools", "[real]") {
    const auto& f = fixture();
    const json composite = body_of(f.get("/api/composite?set=lsoa21"));
    CHECK(composite["values"].size() == 1719);
    const auto& v = composite["values"]["E01008978"];
    CHECK(v["rank_p05"].get<int>() <= v["rank"].get<int>());
    CHECK(v["rank_p95"].get<int>() >= v["rank"].get<int>());
    const json weighted =
        body_of(f.get("/api/composite?set=lsoa21&indicators=imd25_score:2,crime_robbery_rate:0.5"));
    CHECK(weighted["indicators"].size() == 2);
    CHECK(f.get("/api/composite?set=lsoa21&indicators=imd25_score:3").status == 400);
    CHECK(f.get("/api/composite?set=lsoa21&indicators=imd19_score:1").status == 400);

    const json hot = body_of(f.get("/api/hotspots?indicator=crime_all_rate"));
    CHECK(hot["set"] == "lsoa21");
    CHECK(hot["values"].size() == 1717);  // the two LSOAs with no police.uk record have no rate
    CHECK(hot["counts"].contains("hot_99"));

    const json schools = body_of(f.get_as_partner("/api/schools/priority?radius=1000&limit=10"));
    REQUIRE(schools["schools"].size() == 10);
    CHECK(schools["schools"][0]["rank"] == 1);
    CHECK(schools["schools"][0]["surroundings"]["crime_robbery_rate"].is_number());
    CHECK(f.get_as_partner("/api/schools/priority?radius=1").status == 400);
    // Anonymous callers are told the ranking is partner-only, not that it does not exist.
    const auto refused = f.get("/api/schools/priority?radius=1000&limit=10");
    CHECK(refused.status == 403);
    CHECK(body_of(refused)["groups"] == json::array({"partner"}));
    CHECK(refused.headers.get_or("Cache-Control") == "no-store");
}

// Issue figures: population-weighted IMD 2019 average score (mid-2015 populations, as MHCLG's
// local-authority summaries), MHCLG's average rank (most deprived LSOA = 32,844; computed at build
// time, never by averaging the published ranks) and the share of LSOAs in the most deprived
// national decile, for the seven boroughs. Printed to the test log; checked for consistency.
TEST_CASE("api: IMD 2019 borough summaries are internally consistent", "[real]") {
    const auto& f = fixture();
    const json score = body_of(f.get("/api/aggregate?indicator=imd19_score&parent_set=lad"));
    // Published ranks are not averaged (issue 15): the aggregate says so instead of a number.
    const json ranks = body_of(f.get("/api/aggregate?indicator=imd19_rank&parent_set=lad"));
    CHECK(ranks["parents"][0]["value"].is_null());
    CHECK(ranks["parents"][0]["method"] == "not aggregated (rank)");
    REQUIRE(score["parents"].size() == 7);
    for (std::size_t b = 0; b < 7; ++b) {
        const auto& s = score["parents"][b];
        const json profile =
            body_of(f.get("/api/areas/" + s["code"].get<std::string>() + "/profile?set=lad"));
        json r;
        for (const auto& i : profile["indicators"]) {
            if (i["id"] == "imd19_lsoa_summary_average_rank") r = i;
        }
        REQUIRE(r.is_object());
        const double share = s["share_in_most_deprived_national_decile"];
        const double lsoas = s["areas"];
        WARN(s["name"].get<std::string>()
             << ": average score " << s["value"].get<double>() << ", average rank "
             << r["value"].get<double>() << ", share in most deprived 10% " << share << " ("
             << s["areas_in_most_deprived_national_decile"] << " of " << lsoas << " LSOAs)");
        CHECK(s["method"].get<std::string>().rfind("population-weighted mean", 0) == 0);
        // The share times the LSOA count is a whole number.
        CHECK(share * lsoas == Approx(std::round(share * lsoas)).margin(1e-9));
        // The average lies between the borough's smallest and largest LSOA score.
        double low = 1e9, high = -1e9;
        const json values = body_of(f.get("/api/indicators/imd19_score/values?set=lsoa11"));
        for (const auto& [code, v] : values["values"].items()) {
            const auto* area = f.data->area("lsoa11", code);
            if (area->parents.at("lad") != s["code"]) continue;
            low = std::min(low, v["v"].get<double>());
            high = std::max(high, v["v"].get<double>());
        }
        CHECK(s["value"].get<double>() > low);
        CHECK(s["value"].get<double>() < high);
        CHECK(r["value"].get<double>() > 1);
        CHECK(r["value"].get<double>() < 32844);
    }
    CHECK(score["parents"][0]["areas"] == 639);  // Birmingham
    // MHCLG, IoD2019 File 10 (local authority district summaries): Birmingham IMD average
    // score 38.067.
    CHECK(score["parents"][0]["value"].get<double>() == Approx(38.067).margin(0.0005));
}

TEST_CASE("api: a monthly count series carries its trend test, the likelihood's maximum",
          "[real]") {
    const auto& f = fixture();
    const json body = body_of(f.get("/api/areas/E01008978/series?indicator=crime_all"));
    // The complete months are those with a count and no flag; numbered by the calendar.
    std::vector<double> y, t;
    std::string first;
    for (const json& p : body["series"]) {
        if (p["value"].is_null() || p["flag"] != "") continue;
        const std::string period = p["period"];
        if (first.empty()) first = period;
        y.push_back(p["value"].get<double>());
        t.push_back(std::stoi(period.substr(0, 4)) * 12.0 + std::stoi(period.substr(5, 2)));
    }
    const json& trend = body["trend"];
    REQUIRE(trend["months"] == y.size());
    REQUIRE(y.size() >= 24);  // 35 months, 7 of them flagged incomplete
    CHECK(trend["first"] == first);
    // At the reported slope, with the intercept that makes the fitted total the observed total
    // (the first likelihood equation), the second equation holds: sum t (y - mu) = 0.
    const double slope = std::log1p(trend["change_per_month"].get<double>());
    double total = 0, scale = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        total += y[i];
        scale += std::exp(slope * (t[i] - t[0]));
    }
    double score = 0, spread = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double mu = total / scale * std::exp(slope * (t[i] - t[0]));
        score += (t[i] - t[0]) * (y[i] - mu);
        spread += (t[i] - t[0]) * y[i];
    }
    CHECK(std::abs(score) < 1e-9 * spread);
    // The words follow the numbers: significant exactly when the interval excludes no change.
    const double lower = trend["ci95"][0], upper = trend["ci95"][1];
    const std::string direction = trend["direction"];
    CHECK(direction == (lower > 0 ? "rising" : upper < 0 ? "falling" : "none"));
    const std::string text = trend["text"];
    INFO(text);
    const std::string since = "significantly since " + server::period_label(first);
    CHECK(text.find(direction == "none" ? "No significant trend" : since) != std::string::npos);
    CHECK((trend["p_value"].get<double>() < 0.05) == (direction != "none"));
    // A rate has no count to test.
    const json rate = body_of(f.get("/api/areas/E01008978/series?indicator=crime_all_rate"));
    CHECK(rate["trend"]["test"].is_null());
}
