// England comparators, small-number suppression and incident counts from joined points, on a
// hand-written build: four 0.01° squares (T01 NW, T02 NE, T03 SW, T04 SE) in two boroughs (West =
// T01 + T03, East = T02 + T04), a DfE-style long table with a National row, and seven incident
// points. Every expected figure is worked by hand in the comments.

#include "geo/core/progress.hpp"
#include "geo/import/builder.hpp"
#include "geo/store/database.hpp"
#include "geo/store/store_reader.hpp"
#include "server/index/data_index.hpp"
#include "server/views/area_profile.hpp"
#include "server/views/csv_export.hpp"
#include "server/views/values_view.hpp"
#include "tests/support/body_stream.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace sna;
using nlohmann::json;

namespace {

std::string square(const std::string& code, const std::string& name, double x, double y,
                   double size) {
    std::ostringstream s;
    s << R"({"type":"Feature","properties":{"code":")" << code << R"(","name":")" << name
      << R"("},"geometry":{"type":"Polygon","coordinates":[[)"
      << "[" << x << "," << y << "],[" << x + size << "," << y << "],[" << x + size << ","
      << y + size << "],[" << x << "," << y + size << "],[" << x << "," << y << "]]]}}";
    return s.str();
}

const char* manifest = R"({
  "snamap_manifest": 1, "name": "analytics fixture",
  "datasets": [
    {"id": "dfe", "title": "Exclusions", "publisher": "DfE", "licence": "OGL"},
    {"id": "police", "title": "Incidents", "publisher": "police.uk", "licence": "OGL",
     "suppression": {"threshold": 0, "note": "published openly as points"}},
    {"id": "ons", "title": "Population", "publisher": "ONS", "licence": "OGL"}
  ],
  "area_sets": [
    {"id": "lsoa", "level": "small_area", "title": "Small", "dataset": "ons", "path": "lsoa.geojson",
     "code_field": "code", "name_field": "name"},
    {"id": "council", "level": "local_authority", "noun": "council", "title": "Councils",
     "dataset": "ons", "path": "lad.geojson",
     "code_field": "code", "name_field": "name"}
  ],
  "lookups": [{"path": "lookup.csv", "links": [{"from_set": "lsoa", "from_column": "lsoa",
     "to_set": "council", "to_column": "lad", "relation": "parent"}]}],
  "tables": [
    {"path": "population.csv", "set": "lsoa", "dataset": "ons", "code_column": "code",
     "population_column": "residents", "period": "2021",
     "indicators": [{"id": "residents", "title": "Residents", "value_kind": "count",
                     "column": "residents"}]},
    {"path": "excluded_lsoa.csv", "set": "lsoa", "dataset": "dfe", "code_column": "code",
     "period": "2017",
     "indicators": [{"id": "excluded_pupils", "title": "Excluded pupils living here",
                     "polarity": "higher_is_worse", "value_kind": "count",
                     "column": "excluded"}]},
    {"path": "exclusions.csv", "set": "council", "dataset": "dfe", "code_column": "name",
     "match": "name", "unknown_codes": "skip", "filter": {"level": "Local authority"},
     "period_column": "year", "national": {"filter": {"level": "National"}},
     "indicators": [{"id": "excl_rate", "title": "Exclusion rate", "unit": "%",
       "polarity": "higher_is_worse", "value_kind": "percentage", "column": "rate",
       "numerator_column": "excluded", "denominator_column": "pupils"}]}
  ],
  "points": [
    {"id": "incidents", "title": "Incidents", "kind": "incident", "dataset": "police",
     "path": "incidents.csv", "x_column": "lon", "y_column": "lat", "crs": "EPSG:4326",
     "category_column": "type", "period": "2011-02",
     "area_counts": {"set": "lsoa", "indicator_prefix": "inc", "theme": "Crime", "per": 1000,
                     "national_unavailable": "one force only"}},
    {"id": "schools", "title": "Schools", "kind": "school", "dataset": "dfe",
     "path": "schools.csv", "x_column": "lon", "y_column": "lat", "crs": "EPSG:4326",
     "id_column": "urn", "attributes": ["pupils", "excluded"], "count_attributes": ["excluded"]}
  ]
})";

// West: 50 of 1,000 pupils (5 %); East: 10 of 2,000 (0.5 %); England: 1,960 of 100,000 = 1.96 %,
// published rounded as 2.0. In 2016 East has 3 exclusions: a small number.
const char* exclusions =
    "level,name,year,pupils,excluded,rate\n"
    "Local authority,West,2017,1000,50,5.0\n"
    "Local authority,East,2017,2000,10,0.5\n"
    "National,England,2017,100000,1960,2.0\n"
    "Local authority,Elsewhere,2017,500,5,1.0\n"
    "Local authority,West,2016,1000,40,4.0\n"
    "Local authority,East,2016,2000,3,0.15\n"
    "National,England,2016,100000,1800,1.8\n";

// T01: 2 robberies + 1 burglary; T02: 1 robbery; T03: none; T04: 2 burglaries; one point
// outside every area (not counted).
const char* incidents =
    "lon,lat,type\n"
    "-1.905,52.485,Robbery\n-1.906,52.486,Robbery\n-1.904,52.484,Burglary\n"
    "-1.895,52.485,Robbery\n"
    "-1.895,52.475,Burglary\n-1.894,52.474,Burglary\n"
    "-1.800,52.400,Robbery\n";

struct Fixture {
    test::TempDir dir;
    std::unique_ptr<server::DataIndex> data;
    std::string db_path;

    Fixture() {
        dir.write("lsoa.geojson", std::string(R"({"type":"FeatureCollection","features":[)") +
                                      square("T01", "North West", -1.91, 52.48, 0.01) + "," +
                                      square("T02", "North East", -1.90, 52.48, 0.01) + "," +
                                      square("T03", "South West", -1.91, 52.47, 0.01) + "," +
                                      square("T04", "South East", -1.90, 52.47, 0.01) + "]}");
        dir.write("lad.geojson", std::string(R"({"type":"FeatureCollection","features":[)") +
                                     square("W", "West", -1.91, 52.47, 0.01) + "," +
                                     square("E", "East", -1.90, 52.47, 0.01) + "]}");
        dir.write("lookup.csv", "lsoa,lad\nT01,W\nT03,W\nT02,E\nT04,E\n");
        dir.write("population.csv", "code,residents\nT01,1000\nT02,1500\nT03,2000\nT04,500\n");
        dir.write("exclusions.csv", exclusions);
        dir.write("incidents.csv", incidents);
        dir.write("excluded_lsoa.csv", "code,excluded\nT01,3\nT02,12\nT03,0\nT04,6\n");
        dir.write("schools.csv",
                  "urn,lon,lat,pupils,excluded\n1,-1.905,52.485,900,3\n"
                  "2,-1.895,52.475,1200,7\n");
        dir.write("manifest.json", manifest);
        db_path = (dir.path() / "out.sqlite").string();
        std::ostringstream log;
        geo::Progress progress(log, false, true);
        geo::build_database({(dir.path() / "manifest.json").string(), dir.path().string(), db_path},
                            progress);
        geo::Database db(db_path, geo::Database::Mode::read_only);
        data = server::DataIndex::load(db, geo::read_stored_areas(db, true));
    }
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

server::Query query(std::map<std::string, std::string> values) {
    return server::Query(std::move(values));
}

json profile_of(const server::DataIndex& data, const std::string& code) {
    return server::area_profile_json(data, server::profile_area(data, code, server::Query()));
}

const json& indicator_in(const json& profile, const std::string& id) {
    for (const auto& i : profile["indicators"]) {
        if (i["id"] == id) return i;
    }
    FAIL("no indicator " << id);
    static const json none;
    return none;
}

}  // namespace

TEST_CASE("England comparator: national rows are stored per period", "[analytics]") {
    geo::Database db(fixture().db_path, geo::Database::Mode::read_only);
    const auto national = geo::read_national_values(db);
    std::map<std::string, const geo::NationalValue*> by_key;
    for (const auto& n : national) by_key[n.indicator_id + "@" + n.period] = &n;
    REQUIRE(by_key.count("excl_rate@2017"));
    const auto& e = *by_key["excl_rate@2017"];
    CHECK(e.area_code == "E92000001");
    CHECK(e.area_name == "England");
    CHECK(e.value == 2.0);
    CHECK(e.numerator == 1960);
    CHECK(e.denominator == 100000);
    CHECK(e.source == "exclusions.csv (rows where level = National)");
    REQUIRE(by_key.count("excl_rate@2016"));
    CHECK(by_key["excl_rate@2016"]->value == 1.8);
    // The point counts say why there is no England value.
    REQUIRE(by_key.count("inc_all@"));
    CHECK_FALSE(by_key["inc_all@"]->value);
    CHECK(by_key["inc_all@"]->note == "one force only");
}

TEST_CASE("England comparator: profile compares the area's CI with England's value",
          "[analytics]") {
    const auto& f = fixture();
    const json west = profile_of(*f.data, "W");
    const json& w = indicator_in(west, "excl_rate");
    CHECK(w["period"] == "2017");
    // England recomputed from its numerator and denominator: 100 × 1960 / 100000 = 1.96 (the
    // published 2.0 is rounded).
    CHECK(w["england"]["value"].get<double>() == Approx(1.96));
    CHECK(w["england"]["published_value"] == 2.0);
    CHECK(w["england"]["code"] == "E92000001");
    // West 50/1000: Wilson 95 % [3.813, 6.531] %, 99.8 % [3.26, 7.59] %, both above 1.96.
    CHECK(w["ci95"][0].get<double>() == Approx(3.8126).epsilon(1e-3));
    CHECK(w["ci95"][1].get<double>() == Approx(6.5314).epsilon(1e-3));
    CHECK(w["england"]["significance_95"]["judgement"] == "worse");
    CHECK(w["england"]["significance_998"]["judgement"] == "worse");
    CHECK(w["england"]["significance_95"]["words"] == "significantly worse than England (95%)");

    const json east = profile_of(*f.data, "E");
    const json& e = indicator_in(east, "excl_rate");
    // East 10/2000: Wilson 95 % [0.272, 0.918] %, below 1.96: better.
    CHECK(e["ci95"][1].get<double>() == Approx(0.9183).epsilon(1e-3));
    CHECK(e["england"]["significance_95"]["judgement"] == "better");
}

TEST_CASE("England comparator: null with a reason where the sources have none", "[analytics]") {
    const auto& f = fixture();
    const json t01 = profile_of(*f.data, "T01");
    const json& inc = indicator_in(t01, "inc_all_rate");
    CHECK(inc["england"]["value"].is_null());
    CHECK(inc["england"]["reason"] == "one force only");
    CHECK(inc["england"]["significance_95"]["judgement"] == "not_compared");
    // No national row and no note at all: a generic reason, still explicit.
    const json& residents = indicator_in(t01, "residents");
    CHECK(residents["england"]["value"].is_null());
    CHECK(residents["england"]["reason"] == "no England value in the sources for this indicator");
}

TEST_CASE("incident counts: points joined to areas become counts and rates per 1,000",
          "[analytics]") {
    const auto& f = fixture();
    const auto value = [&](const std::string& id, const std::string& code) {
        const std::optional<server::ValueEntry> v = f.data->value(id, code, "2011-02");
        REQUIRE(v);
        return *v;
    };
    CHECK(value("inc_robbery", "T01").value == 2);
    CHECK(value("inc_robbery", "T02").value == 1);
    CHECK(value("inc_robbery", "T03").value == 0);
    CHECK(value("inc_burglary", "T04").value == 2);
    CHECK(value("inc_all", "T01").value == 3);
    double joined = 0;
    for (const char* code : {"T01", "T02", "T03", "T04"}) joined += *value("inc_all", code).value;
    CHECK(joined == 6);  // 7 points, one outside every area
    // Rates: 1000 × count / residents.
    const auto t01 = value("inc_all_rate", "T01");
    CHECK(t01.numerator == 3);
    CHECK(t01.denominator == 1000);
    CHECK(*t01.value == Approx(3.0));
    CHECK(*value("inc_all_rate", "T02").value == Approx(1000.0 / 1500));
    CHECK(*value("inc_burglary_rate", "T04").value == Approx(4.0));
    // Exact Poisson 95 % limits for 3 events are 0.6187 and 8.7673 (Armitage & Berry, table of
    // Poisson limits), per 1,000 of 1,000 residents.
    const json profile = profile_of(*f.data, "T01");
    const json& rate = indicator_in(profile, "inc_all_rate");
    CHECK(rate["ci95"][0].get<double>() == Approx(0.6187).epsilon(1e-3));
    CHECK(rate["ci95"][1].get<double>() == Approx(8.7673).epsilon(1e-3));
    // Borough West = T01 + T03: 3 incidents over 3,000 residents = 1.0 per 1,000.
    CHECK(rate["borough"]["value"].get<double>() == Approx(1.0));
}

TEST_CASE("suppression: counts 1-4 and values built on them are withheld in public output",
          "[analytics]") {
    const auto& f = fixture();
    // 2016: East has 3 exclusions (< 5) → value, numerator and interval withheld.
    const json values =
        server::indicator_values_json(*f.data, *f.data->indicator("excl_rate"), "2016");
    CHECK(values["values"]["E"]["v"].is_null());
    CHECK(values["values"]["E"]["s"] == "suppressed: fewer than 5 (small-number rule)");
    CHECK_FALSE(values["values"]["E"].contains("lo"));
    CHECK(values["values"]["W"]["v"] == 4.0);
    CHECK(values["suppression"]["suppressed"] == 1);
    CHECK(values["suppression"]["threshold"] == 5.0);

    const std::string csv = test::drain(server::csv_export_stream(
        *f.data, server::select_export(*f.data, query({{"set", "council"},
                                                       {"indicators", "excl_rate"},
                                                       {"period", "2016"}}))));
    INFO(csv);
    // East: no value, limits, numerator or denominator; not compared with the region nor with
    // England (the fixture has an England value); a council has no borough comparator but itself.
    CHECK(csv.find("E,East,council,E,East,excl_rate,Exclusion rate,2016,,%,,,,,,not_compared,"
                   "not_compared,,,suppressed,") != std::string::npos);
    // West: its value with its interval, numerator and denominator, judged against the region.
    const auto west = csv.find("W,West,council,W,West,excl_rate,Exclusion rate,2016,4,%,");
    REQUIRE(west != std::string::npos);
    std::vector<std::string> cells(1);
    for (std::size_t i = west; i < csv.size() && csv[i] != '\r'; ++i) {
        if (csv[i] == ',')
            cells.emplace_back();
        else
            cells.back() += csv[i];
    }
    REQUIRE(cells.size() > 19);
    for (std::size_t c = 10; c < 14; ++c) CHECK_FALSE(cells[c].empty());  // limits, num, den
    CHECK(std::stod(cells[10]) < 4);
    CHECK(std::stod(cells[11]) > 4);
    CHECK(cells[14].empty());  // vs_borough_95: a council against itself
    CHECK((cells[15] == "better" || cells[15] == "similar" || cells[15] == "worse"));
    CHECK((cells[16] == "better" || cells[16] == "similar" || cells[16] == "worse"));  // England
    CHECK(cells[19].empty());                                                          // no flag

    // A dataset with suppression off (police.uk-style) shows its small counts.
    const json inc = server::indicator_values_json(*f.data, *f.data->indicator("inc_robbery"),
                                                   f.data->default_period("inc_robbery"));
    CHECK(inc["values"]["T02"]["v"] == 1.0);
    CHECK(inc["suppression"]["threshold"] == 0.0);
}

TEST_CASE("suppression: a point layer's count attributes follow its dataset's rule",
          "[analytics]") {
    const auto& f = fixture();
    // School 1 excluded 3 pupils (withheld); school 2 excluded 7 (shown); pupils are not a
    // count attribute; the incident layer's dataset has suppression off.
    CHECK(f.data->suppressed_attribute("schools", "excluded", 3) ==
          "suppressed: fewer than 5 (small-number rule)");
    CHECK_FALSE(f.data->suppressed_attribute("schools", "excluded", 7));
    CHECK_FALSE(f.data->suppressed_attribute("schools", "excluded", 0));
    CHECK_FALSE(f.data->suppressed_attribute("schools", "pupils", 3));
    CHECK_FALSE(f.data->suppressed_attribute("incidents", "excluded", 3));
    CHECK_FALSE(f.data->suppressed_attribute("nope", "excluded", 3));
}

TEST_CASE("suppression: the profile withholds a small count, its rank and its comparisons",
          "[analytics]") {
    const auto& f = fixture();
    // T01 has 3 excluded pupils (withheld); its borough West = T01 + T03 = 3 + 0 is small too;
    // the region = 3 + 12 + 0 + 6 = 21 is shown.
    const json t01 = profile_of(*f.data, "T01");
    const json& e = indicator_in(t01, "excluded_pupils");
    CHECK(e["value"].is_null());
    CHECK(e["suppressed"] == "suppressed: fewer than 5 (small-number rule)");
    CHECK(e["regional"].is_null());
    CHECK(e["within_borough"].is_null());
    CHECK(e["borough"]["value"].is_null());
    CHECK(e["borough"]["suppressed"] == "suppressed: fewer than 5 (small-number rule)");
    CHECK(e["region"]["value"] == 21.0);
    CHECK(e["region"]["significance_95"]["judgement"] == "not_compared");
    CHECK(e["region"]["significance_95"]["words"] ==
          "suppressed: fewer than 5 (small-number rule)");
    // T03 has 0: shown (zero discloses nothing). T02 has 12: shown, ranked.
    const json t03 = profile_of(*f.data, "T03");
    CHECK(indicator_in(t03, "excluded_pupils")["value"] == 0.0);
    const json t02 = profile_of(*f.data, "T02");
    CHECK(indicator_in(t02, "excluded_pupils")["value"] == 12.0);
    CHECK(indicator_in(t02, "excluded_pupils")["regional"]["rank"] == 1);
    CHECK(indicator_in(t02, "excluded_pupils")["borough"]["value"] == 18.0);
}

TEST_CASE("suppression: a suppressed value is not compared in the profile", "[analytics]") {
    // Build the profile's view of East in 2016 through the series route and the CSV above; the
    // profile shows the default (newest) period, so check the rule on a comparator instead:
    // the data index withholds a small aggregate too.
    const auto& f = fixture();
    const geo::Indicator* rate = f.data->indicator("excl_rate");
    REQUIRE(rate);
    server::ValueEntry small;
    small.value = 0.15;
    small.numerator = 3;
    small.denominator = 2000;
    CHECK(f.data->suppressed(*rate, small) == "suppressed: fewer than 5 (small-number rule)");
    small.numerator = 5;
    CHECK_FALSE(f.data->suppressed(*rate, small));
    small.numerator = 0;  // zero discloses nothing
    CHECK_FALSE(f.data->suppressed(*rate, small));
}
