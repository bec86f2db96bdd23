#include "geo/synth/demo_region.hpp"

#include "geo/core/errors.hpp"
#include "synth_test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

using namespace sna::geo;
using sna::geo::synth_test::TempDir;

namespace {

// Small enough to keep the suite fast, big enough for 7 boroughs and a few dozen wards.
DemoOptions small_options(std::uint64_t seed) {
    DemoOptions options;
    options.areas = 200;
    options.points = 2000;
    options.seed = seed;
    return options;
}

/// One seed-1 region shared by the read-back tests (generated on first use).
struct Generated {
    TempDir dir;
    DemoSummary summary;
    Generated() { summary = write_demo_region(dir.path(), small_options(1), {}); }
};

const Generated& seed_one() {
    static const Generated generated;
    return generated;
}

std::map<std::string, MultiPolygon> areas_by_code(const std::string& path,
                                                  const std::string& code_field) {
    std::map<std::string, MultiPolygon> result;
    for (auto& feature : synth_test::read_areas(path, code_field)) {
        result.emplace(feature.code, std::move(feature.geometry));
    }
    return result;
}

double total_area(const std::vector<synth_test::AreaFeature>& features) {
    double sum = 0;
    for (const auto& feature : features) sum += area(feature.geometry);
    return sum;
}

}  // namespace

TEST_CASE("demo region: the same seed writes byte-identical files", "[synth]") {
    const Generated& first = seed_one();
    TempDir second_dir;
    const DemoSummary second = write_demo_region(second_dir.path(), small_options(1), {});
    REQUIRE(second.files == first.summary.files);
    for (const std::string& name : first.summary.files) {
        INFO(name);
        CHECK(synth_test::read_bytes(second_dir.file(name)) ==
              synth_test::read_bytes(first.dir.file(name)));
    }
}

TEST_CASE("demo region: different seeds give different regions", "[synth]") {
    const Generated& first = seed_one();
    TempDir other_dir;
    const DemoSummary other = write_demo_region(other_dir.path(), small_options(2), {});
    for (const char* name :
         {"demo_lsoa.gpkg", "demo_indicators_lsoa.csv", "demo_schools.csv", "demo_incidents.csv"}) {
        INFO(name);
        CHECK(synth_test::read_bytes(other_dir.file(name)) !=
              synth_test::read_bytes(first.dir.file(name)));
    }
    CHECK(other.region_area_m2 != first.summary.region_area_m2);
}

TEST_CASE("demo region: summary matches the options and the files exist", "[synth]") {
    const Generated& generated = seed_one();
    const DemoSummary& summary = generated.summary;
    CHECK(summary.areas == 200);
    CHECK(summary.incidents == 2000);
    CHECK(summary.boroughs >= 5);
    CHECK(summary.boroughs <= 7);
    CHECK(summary.wards >= summary.boroughs);
    CHECK(summary.schools == 25);
    CHECK(summary.files.back() == "manifest.json");
    for (const std::string& name : summary.files) {
        INFO(name);
        CHECK(std::filesystem::file_size(generated.dir.file(name)) > 0);
    }
}

TEST_CASE("demo region: boundaries are EPSG:27700 GeoPackages that tile the region", "[synth]") {
    const Generated& generated = seed_one();
    const double region = generated.summary.region_area_m2;
    REQUIRE(region > 1e7);  // a 200-area region is tens of km²

    const auto lsoa = synth_test::read_areas(generated.dir.file("demo_lsoa.gpkg"), "lsoa_code");
    const auto wards = synth_test::read_areas(generated.dir.file("demo_wards.gpkg"), "ward_code");
    const auto boroughs =
        synth_test::read_areas(generated.dir.file("demo_boroughs.gpkg"), "lad_code");
    CHECK(lsoa.size() == 200);
    CHECK(static_cast<int>(wards.size()) == generated.summary.wards);
    CHECK(static_cast<int>(boroughs.size()) == generated.summary.boroughs);
    CHECK(synth_test::layer_epsg(generated.dir.file("demo_lsoa.gpkg")) == 27700);

    // Sum equal to the region and to the union: no gaps and no overlaps.
    CHECK(total_area(lsoa) == Approx(region).epsilon(1e-6));
    CHECK(synth_test::union_area(generated.dir.file("demo_lsoa.gpkg")) ==
          Approx(region).epsilon(1e-6));
    // Wards and boroughs are unions of small areas, so they tile the same region.
    CHECK(total_area(wards) == Approx(region).epsilon(1e-6));
    CHECK(total_area(boroughs) == Approx(region).epsilon(1e-6));

    std::set<std::string> codes;
    for (const auto& feature : lsoa) codes.insert(feature.code);
    CHECK(codes.size() == lsoa.size());
    CHECK(*codes.begin() == "S01000001");
    // In the English Midlands on the British National Grid.
    const BBox box = bbox_of(lsoa.front().geometry);
    CHECK(box.min_x > 350000);
    CHECK(box.max_x < 460000);
    CHECK(box.min_y > 240000);
    CHECK(box.max_y < 330000);
}

TEST_CASE("demo region: the lookup nests small areas in wards in boroughs", "[synth]") {
    const Generated& generated = seed_one();
    const auto lookup = synth_test::read_csv(generated.dir.file("demo_lookup_lsoa_ward_lad.csv"));
    const auto ward_lookup = synth_test::read_csv(generated.dir.file("demo_lookup_ward_lad.csv"));
    REQUIRE(lookup.rows.size() == 200);
    std::map<std::string, std::string> ward_parent;
    for (std::size_t r = 0; r < ward_lookup.rows.size(); ++r) {
        ward_parent[ward_lookup.cell(r, "ward_code")] = ward_lookup.cell(r, "lad_code");
    }
    CHECK(static_cast<int>(ward_parent.size()) == generated.summary.wards);
    for (std::size_t r = 0; r < lookup.rows.size(); ++r) {
        CHECK(ward_parent.at(lookup.cell(r, "ward_code")) == lookup.cell(r, "lad_code"));
    }
    const auto indicators = synth_test::read_csv(generated.dir.file("demo_indicators_lsoa.csv"));
    REQUIRE(indicators.rows.size() == 200);
    for (std::size_t r = 0; r < indicators.rows.size(); ++r) {
        const double population = std::stod(indicators.cell(r, "population"));
        const double score = std::stod(indicators.cell(r, "deprivation_score"));
        const int decile = std::stoi(indicators.cell(r, "deprivation_decile"));
        CHECK(population >= 1000);
        CHECK(population <= 3000);
        CHECK(score >= 0);
        CHECK(score <= 80);
        CHECK(decile >= 1);
        CHECK(decile <= 10);
    }
}

TEST_CASE("demo region: every school lies in its own small area", "[synth]") {
    const Generated& generated = seed_one();
    const auto areas = areas_by_code(generated.dir.file("demo_lsoa.gpkg"), "lsoa_code");
    const auto schools = synth_test::read_csv(generated.dir.file("demo_schools.csv"));
    REQUIRE(static_cast<int>(schools.rows.size()) == generated.summary.schools);
    std::vector<Point> lon_lat;
    for (std::size_t r = 0; r < schools.rows.size(); ++r) {
        lon_lat.push_back(
            Point{std::stod(schools.cell(r, "lon")), std::stod(schools.cell(r, "lat"))});
    }
    const std::vector<Point> bng = synth_test::lon_lat_to_bng(lon_lat);
    for (std::size_t r = 0; r < schools.rows.size(); ++r) {
        INFO(schools.cell(r, "urn") << " " << schools.cell(r, "lsoa_code"));
        CHECK(lon_lat[r].x > -3);  // lon/lat order, in the Midlands
        CHECK(lon_lat[r].x < -0.5);
        CHECK(lon_lat[r].y > 52);
        CHECK(lon_lat[r].y < 53.5);
        CHECK(locate(bng[r], areas.at(schools.cell(r, "lsoa_code"))) == Location::inside);
    }
}

TEST_CASE("demo region: incidents match their areas and the count table", "[synth]") {
    const Generated& generated = seed_one();
    const auto areas = areas_by_code(generated.dir.file("demo_lsoa.gpkg"), "lsoa_code");
    const auto incidents = synth_test::read_csv(generated.dir.file("demo_incidents.csv"));
    REQUIRE(incidents.rows.size() == 2000);
    std::map<std::string, std::int64_t> from_points;  // "code|category|YYYY-MM"
    for (std::size_t r = 0; r < incidents.rows.size(); ++r) {
        const Point p{std::stod(incidents.cell(r, "easting")),
                      std::stod(incidents.cell(r, "northing"))};
        const std::string& code = incidents.cell(r, "lsoa_code");
        INFO("incident " << incidents.cell(r, "incident_id"));
        CHECK(locate(p, areas.at(code)) == Location::inside);
        ++from_points[code + "|" + incidents.cell(r, "category") + "|" +
                      incidents.cell(r, "month")];
    }

    std::map<std::string, std::int64_t> from_table;
    std::map<std::string, std::map<int, std::int64_t>> borough_months;  // lad → month → count
    for (const char* name : {"demo_crime_counts_2023.csv", "demo_crime_counts_2024.csv"}) {
        const auto table = synth_test::read_csv(generated.dir.file(name));
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            const int year = std::stoi(table.cell(r, "year"));
            const int month = std::stoi(table.cell(r, "month"));
            const std::int64_t count = std::stoll(table.cell(r, "crime_count"));
            CHECK(count > 0);  // zero rows are absent, as in police.uk's aggregates
            char label[16];
            std::snprintf(label, sizeof label, "%04d-%02d", year, month);
            from_table[table.cell(r, "lsoa_code") + "|" + table.cell(r, "category") + "|" +
                       label] += count;
            borough_months[table.cell(r, "lad_name")][(year - 2023) * 12 + month - 1] += count;
        }
    }
    CHECK(from_table == from_points);

    // Exactly one borough-month is missing among boroughs that average several a month.
    int gaps = 0;
    for (const auto& [borough, months] : borough_months) {
        std::int64_t total = 0;
        for (const auto& entry : months) total += entry.second;
        if (total < 24 * 5) continue;
        for (int m = 0; m < 24; ++m) {
            if (months.count(m) == 0) {
                ++gaps;
                CHECK(m >= 12);  // the gap is put in the second year
            }
        }
    }
    CHECK(gaps == 1);
}

TEST_CASE("demo region: the manifest cites every file it writes", "[synth]") {
    const Generated& generated = seed_one();
    const auto manifest =
        nlohmann::json::parse(synth_test::read_bytes(generated.dir.file("manifest.json")));
    CHECK(manifest.at("snamap_manifest") == 1);
    std::set<std::string> set_ids;
    for (const auto& set : manifest.at("area_sets")) set_ids.insert(set.at("id"));
    CHECK(set_ids == std::set<std::string>{"lsoa", "ward", "lad"});
    for (const auto& dataset : manifest.at("datasets")) {
        CHECK(dataset.at("publisher") == "snamap synthetic data");
        CHECK(dataset.at("licence") == "CC0 — synthetic");
    }
    std::set<std::string> cited;
    for (const char* section : {"area_sets", "lookups", "tables", "points"}) {
        for (const auto& entry : manifest.at(section)) cited.insert(entry.at("path"));
    }
    for (const auto& series : manifest.at("series")) {
        CHECK(series.at("completeness").at("group_set") == "lad");
        for (const auto& path : series.at("paths")) cited.insert(path);
    }
    std::set<std::string> written(generated.summary.files.begin(), generated.summary.files.end());
    written.erase("manifest.json");
    CHECK(cited == written);
}

TEST_CASE("demo region: out-of-range options are rejected", "[synth]") {
    TempDir dir;
    DemoOptions options = small_options(1);
    options.areas = 3;
    CHECK_THROWS_AS(write_demo_region(dir.path(), options, {}), InvalidInput);
    options = small_options(1);
    options.points = -1;
    CHECK_THROWS_WITH(write_demo_region(dir.path(), options, {}),
                      Catch::Contains("--points must not be negative"));
}
