// Issue 15, last parts, on the real West Midlands build: the register of open schools (GIAS) as
// a point layer, and LAIT's remaining youth-justice tables. Expected figures are computed here
// from the raw files with GDAL's own readers (OGR's CSV and GeoPackage drivers and GEOS through
// OGR), not with the product's CSV reader, importer or spatial join.
#include "geo/store/database.hpp"
#include "tests/integration/profile_json.hpp"
#include "tests/integration/westmids_fixture.hpp"

#include <ogrsf_frmts.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <vector>

using namespace sna;
using nlohmann::json;

namespace {

constexpr const char* register_file = "education/GIAS_open_establishments_2025-05-24_WM.csv";
constexpr const char* justice_file = "justice/youth_justice_other_indicators_la_2016-2025.csv";

GDALDatasetUniquePtr open_vector(const std::string& relative) {
    REQUIRE(test::has_shared_data());
    GDALAllRegister();
    const std::string path = test::shared_data_dir() + "/" + relative;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    return ds;
}

/// A register row as OGR's CSV driver reads it (every field a string).
struct RegisterRow {
    std::string urn, la_code, easting, longitude, latitude;
};

std::vector<RegisterRow> register_rows() {
    auto ds = open_vector(register_file);
    OGRLayer* layer = ds->GetLayer(0);
    std::vector<RegisterRow> rows;
    for (auto& f : *layer) {
        rows.push_back({f->GetFieldAsString("urn"), f->GetFieldAsString("la_code"),
                        f->GetFieldAsString("easting"), f->GetFieldAsString("longitude"),
                        f->GetFieldAsString("latitude")});
    }
    return rows;
}

/// Borough code → outline, from the same GeoPackage the manifest names.
std::map<std::string, std::unique_ptr<OGRGeometry>> borough_outlines() {
    auto ds = open_vector("boundaries/lad24_wm_bgc.gpkg");
    OGRLayer* layer = ds->GetLayerByName("lad24");
    REQUIRE(layer);
    std::map<std::string, std::unique_ptr<OGRGeometry>> out;
    for (auto& f : *layer) {
        out[f->GetFieldAsString("ltla24_code")].reset(f->GetGeometryRef()->clone());
    }
    return out;
}

std::int64_t count(geo::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_int(0);
}

using test::get_json;
using test::indicator_in;

/// LAIT values of one area and measure by period (empty where LAIT has '-'), read with OGR's
/// CSV driver.
std::map<std::string, std::string> lait_values(const std::string& area, const std::string& key) {
    auto ds = open_vector(justice_file);
    OGRLayer* layer = ds->GetLayer(0);
    std::map<std::string, std::string> out;
    for (auto& f : *layer) {
        if (area == f->GetFieldAsString("area_code") && key == f->GetFieldAsString("indicator_key"))
            out[f->GetFieldAsString("period")] = f->GetFieldAsString("value");
    }
    REQUIRE_FALSE(out.empty());
    return out;
}

/// The newest period with a value, and the periods with values.
std::pair<std::string, std::set<std::string>> with_values(
    const std::map<std::string, std::string>& by_period) {
    std::pair<std::string, std::set<std::string>> out;
    for (const auto& [period, value] : by_period) {
        if (value.empty()) continue;
        out.first = period;  // periods sort as text: "2016" … "2025", "2024-25"
        out.second.insert(period);
    }
    return out;
}

/// The newest period in which any of the seven boroughs has a value: the period a profile shows
/// (an area without a value then shows none, not an older figure).
std::string newest_borough_period(const std::string& key) {
    std::string newest;
    for (const char* area : {"E08000025", "E08000026", "E08000027", "E08000028", "E08000029",
                             "E08000030", "E08000031"}) {
        newest = std::max(newest, with_values(lait_values(area, key)).first);
    }
    return newest;
}

/// Every indicator of /api/indicators (grouped there by theme).
std::map<std::string, json> catalogue() {
    std::map<std::string, json> out;
    const json body = get_json("/api/indicators");
    for (const auto& theme : body["themes"]) {
        for (const auto& i : theme["indicators"]) out[i["id"].get<std::string>()] = i;
    }
    return out;
}

}  // namespace

// The register lists 1,238 open establishments of the seven boroughs' LAs (330-336); URN 140604
// has no coordinates (SOURCES.md) and is skipped and reported, so 1,237 points are stored. Per
// borough, the schools inside each outline are counted here with OGR (the register's own
// longitude/latitude, computed by its compiler from easting/northing, against lad24_wm_bgc.gpkg),
// and the build's spatial join of the easting/northing must give the same counts.
TEST_CASE("register: open schools per borough equal an independent count from the raw CSV",
          "[real][issue15]") {
    const std::set<std::string> seven = {"330", "331", "332", "333", "334", "335", "336"};
    const auto outlines = borough_outlines();
    REQUIRE(outlines.size() == 7);
    std::int64_t kept = 0, without = 0, outside = 0;
    std::map<std::string, std::int64_t> expected;
    for (const auto& row : register_rows()) {
        if (!seven.count(row.la_code)) continue;
        if (row.easting.empty()) {
            ++without;
            CHECK(row.urn == "140604");
            continue;
        }
        ++kept;
        OGRPoint p(std::stod(row.longitude), std::stod(row.latitude));
        bool inside = false;
        for (const auto& [code, outline] : outlines) {
            if (outline->Contains(&p)) {
                ++expected[code];
                inside = true;
            }
        }
        if (!inside) ++outside;
    }
    CHECK(kept == 1237);
    CHECK(without == 1);

    geo::Database db(test::westmids_database(), geo::Database::Mode::read_only);
    CHECK(count(db, "SELECT COUNT(*) FROM points WHERE layer = 'schools_register'") == kept);
    CHECK(count(db, "SELECT point_count FROM point_layers WHERE id = 'schools_register'") == kept);
    std::map<std::string, std::int64_t> joined;
    auto st = db.prepare(
        "SELECT pa.area_code, COUNT(*) FROM points p JOIN point_areas pa ON pa.point_fid = p.fid "
        "AND pa.set_id = 'lad' WHERE p.layer = 'schools_register' AND pa.area_code IS NOT NULL "
        "GROUP BY pa.area_code");
    while (st.step()) joined[st.column_text(0)] = st.column_int(1);
    CHECK(joined == expected);
    WARN("register: " << kept << " open establishments with a location, " << outside
                      << " outside the seven borough outlines; Birmingham "
                      << expected["E08000025"]);
    CHECK(count(db,
                "SELECT COUNT(*) FROM points p JOIN point_areas pa ON pa.point_fid = p.fid AND "
                "pa.set_id = 'lad' WHERE p.layer = 'schools_register' AND pa.area_code IS NULL") ==
          outside);
    // The skipped row is named by file, line and URN in the build report.
    CHECK(count(db, "SELECT COUNT(*) FROM build_report WHERE kind = 'skipped' AND source = '" +
                        std::string(register_file) +
                        "' AND detail LIKE 'line % (140604): no coordinates%'") == 1);
}

TEST_CASE("register: the layer carries its metadata and attribution", "[real][issue15]") {
    const json catalog = get_json("/catalog");
    json layer;
    for (const auto& l : catalog["layers"]) {
        if (l["id"] == "schools_register") layer = l;
    }
    REQUIRE(layer.is_object());
    CHECK(layer["kind"] == "points");
    const json tilejson = get_json("/tiles/schools_register.json");
    CHECK_THAT(tilejson["attribution"].get<std::string>(),
               Catch::Contains("Get Information about Schools") &&
                   Catch::Contains("Open Government Licence v3.0"));
    geo::Database db(test::westmids_database(), geo::Database::Mode::read_only);
    auto st = db.prepare(
        "SELECT category, attributes FROM points WHERE layer = 'schools_register' AND "
        "source_id = '103120'");
    REQUIRE(st.step());
    CHECK(st.column_text(0) == "Nursery");
    const json attributes = json::parse(st.column_text(1));
    CHECK(attributes["establishment_type"] == "Local authority nursery school");
    CHECK(attributes["lsoa_code"] == "E01009513");
}

// justice/youth_justice_other_indicators_la_2016-2025.csv: each table's value in its newest period
// and the trend of three boroughs checked against the raw file. Gaps ('-' in LAIT: Sandwell's 2025
// looked-after figure, Solihull's re-offending of 10-14 year olds since 2018) are no value, not
// zero, in the profile and in the trend. England only where LAIT has one.
TEST_CASE("youth justice: LAIT re-offending, cautions and looked-after convictions",
          "[real][issue15]") {
    const std::map<std::string, std::string> tables = {
        {"lait_reoffending_10_14", "ReoffYO"},
        {"lait_reoffending_15_17", "ReoffYO15-17"},
        {"lait_cautioned_sentenced_10_17", "YJS_Caution-Sentence10-17_YO"},
        {"lait_cla_convicted_cautioned", "LAC_Convictions"}};
    const auto described = catalogue();
    for (const auto& [id, key] : tables) {
        INFO(id);
        const json& meta = described.at(id);
        CHECK_FALSE(meta["description"].get<std::string>().empty());
        CHECK_THAT(meta["method"].get<std::string>(), Catch::Contains(key));
        CHECK(meta["source_column"] == "value");
        for (const char* area : {"E08000025", "E08000028", "E08000029"}) {
            INFO(area);
            const auto raw = lait_values(area, key);
            const std::set<std::string> periods = with_values(raw).second;
            const std::string newest = newest_borough_period(key);
            const json profile = get_json(std::string("/api/areas/") + area + "/profile?set=lad");
            const json i = indicator_in(profile, id);
            CHECK(i["period"] == newest);
            if (raw.at(newest).empty()) {
                CHECK(i["value"].is_null());
            } else {
                CHECK(i["value"].get<double>() == std::stod(raw.at(newest)));
            }
            CHECK(i["ci95"].is_null());
            CHECK(i["region"]["value"].is_null());
            const json trend = get_json(std::string("/api/areas/") + area +
                                        "/series?indicator=" + id + "&set=lad");
            std::set<std::string> trended;
            for (const auto& point : trend["series"]) {
                if (point["value"].is_number()) trended.insert(point["period"].get<std::string>());
            }
            CHECK(trended == periods);
        }
    }
    // England: LAIT has one only for looked-after children's convictions.
    const json birmingham = get_json("/api/areas/E08000025/profile?set=lad");
    const json cla = indicator_in(birmingham, "lait_cla_convicted_cautioned");
    CHECK(cla["england"]["value"].get<double>() ==
          std::stod(lait_values("E92000001", "LAC_Convictions").at(cla["period"])));
    for (const char* id :
         {"lait_reoffending_10_14", "lait_reoffending_15_17", "lait_cautioned_sentenced_10_17"}) {
        INFO(id);
        const json i = indicator_in(birmingham, id);
        CHECK(i["england"]["value"].is_null());
        CHECK_THAT(i["england"]["reason"].get<std::string>(), Catch::Contains("no England"));
    }
}
