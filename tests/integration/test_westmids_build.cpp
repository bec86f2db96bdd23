// Integration: the real West Midlands build checked against the published sources.
#include "geo/import/csv_reader.hpp"
#include "geo/store/database.hpp"
#include "tests/integration/westmids_fixture.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>

using namespace sna;

namespace {

geo::Database open_westmids() {
    REQUIRE(test::has_shared_data());  // fails, never skips, when ../shared/data is missing
    return geo::Database(test::westmids_database(), geo::Database::Mode::read_only);
}

std::int64_t count(geo::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_int(0);
}

/// Compares `samples` random rows of a source CSV column with the stored values.
void check_sampled_values(geo::Database& db, const std::string& file,
                          const std::string& code_column, const std::string& value_column,
                          const std::string& indicator, int samples) {
    geo::CsvReader csv(test::shared_data_dir() + "/" + file, file);
    const auto code = csv.column_index(code_column, "test");
    const auto value = csv.column_index(value_column, "test");
    std::vector<std::pair<std::string, double>> rows;
    std::vector<std::string> row;
    while (csv.next(row)) {
        if (!row[value].empty()) rows.emplace_back(row[code], std::stod(row[value]));
    }
    std::mt19937 random(42);
    std::shuffle(rows.begin(), rows.end(), random);
    auto st =
        db.prepare("SELECT value FROM indicator_values WHERE indicator_id = ? AND area_code = ?");
    for (int i = 0; i < samples; ++i) {
        st.bind_all(indicator, rows[static_cast<std::size_t>(i)].first);
        REQUIRE(st.step());
        INFO(indicator << " " << rows[static_cast<std::size_t>(i)].first);
        CHECK(st.column_double(0) == rows[static_cast<std::size_t>(i)].second);
        st.reset();
    }
}

}  // namespace

TEST_CASE("westmids: area counts per set and per borough", "[real]") {
    auto db = open_westmids();
    CHECK(count(db, "SELECT COUNT(*) FROM areas WHERE set_id = 'lsoa11'") == 1680);
    CHECK(count(db, "SELECT COUNT(*) FROM areas WHERE set_id = 'lsoa21'") == 1719);
    CHECK(count(db, "SELECT COUNT(*) FROM areas WHERE set_id = 'ward22'") == 192);
    CHECK(count(db, "SELECT COUNT(*) FROM areas WHERE set_id = 'lad'") == 7);
    CHECK(count(db, "SELECT COUNT(*) FROM areas WHERE set_id = 'pfa'") == 43);
    const std::map<std::string, std::int64_t> expected = {
        {"Birmingham", 639}, {"Coventry", 195}, {"Dudley", 201},       {"Sandwell", 186},
        {"Solihull", 134},   {"Walsall", 167},  {"Wolverhampton", 158}};
    auto st = db.prepare(
        "SELECT la.name, COUNT(*) FROM area_parents p JOIN areas la ON la.set_id = 'lad' "
        "AND la.code = p.parent_code WHERE p.set_id = 'lsoa11' AND p.parent_set = 'lad' "
        "GROUP BY la.name ORDER BY la.name");
    std::map<std::string, std::int64_t> actual;
    while (st.step()) actual[st.column_text(0)] = st.column_int(1);
    CHECK(actual == expected);
    // Areas in EPSG:27700 add up to the published totals (SOURCES.md: LSOA11 901.6 km²).
    auto km2 = db.prepare("SELECT SUM(area_m2) / 1e6 FROM areas WHERE set_id = 'lsoa11'");
    REQUIRE(km2.step());
    CHECK(km2.column_double(0) == Approx(901.6).margin(0.1));
}

TEST_CASE("westmids: sampled IMD 2019 and 2025 values equal the source files", "[real]") {
    auto db = open_westmids();
    check_sampled_values(db, "imd2019/mysociety_UK_IMD_E_scores_WM.csv", "lsoa",
                         "overall_local_score", "imd19_score", 25);
    check_sampled_values(
        db, "imd2019/IoD2019_File2_Domains_of_Deprivation_WM.csv", "LSOA code (2011)",
        "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)", "imd19_rank", 25);
    check_sampled_values(db, "imd2025/IoD2025_File7_selected_scores_ranks_deciles_LSOA21_WM.csv",
                         "lsoa21_code", "IMD_score", "imd25_score", 25);
    // Published national decile kept beside the value.
    auto st = db.prepare(
        "SELECT national_rank, national_decile FROM indicator_values WHERE indicator_id = "
        "'imd25_score' "
        "AND area_code = 'E01008881'");
    REQUIRE(st.step());
    CHECK(st.column_int(0) == 3696);
    CHECK(st.column_int(1) == 2);
}

TEST_CASE("westmids: every school point is joined or reported", "[real]") {
    auto db = open_westmids();
    CHECK(count(db, "SELECT COUNT(*) FROM points WHERE layer = 'schools'") == 1056);
    // Each school has a row per area set; an unjoined one is listed in the build report.
    CHECK(count(db,
                "SELECT COUNT(*) FROM point_areas pa JOIN points p ON p.fid = pa.point_fid "
                "WHERE p.layer = 'schools'") == 1056 * 5);
    const auto unjoined =
        count(db,
              "SELECT COUNT(*) FROM point_areas pa JOIN points p ON p.fid = pa.point_fid "
              "WHERE p.layer = 'schools' AND pa.area_code IS NULL");
    const auto reported = count(db,
                                "SELECT COUNT(*) FROM build_report WHERE kind = 'unjoined' AND "
                                "source LIKE 'schools/WMVRU_Schools_layer%'");
    CHECK(unjoined == reported);
    CHECK(unjoined > 0);
    auto st = db.prepare(
        "SELECT own_code_checked, own_code_agreeing, own_code_within_tolerance "
        "FROM point_layers WHERE id = 'schools'");
    REQUIRE(st.step());
    const double checked = static_cast<double>(st.column_int(0));
    const double exact = static_cast<double>(st.column_int(1)) / checked;
    const double within = static_cast<double>(st.column_int(2)) / checked;
    WARN("schools: exact LSOA agreement " << 100 * exact << "%, within 200 m " << 100 * within
                                          << "%");
    CHECK(checked == 1056);
    CHECK(within >= 0.99);
    CHECK(exact >= 0.85);
}

TEST_CASE("westmids: the incomplete police.uk months are flagged", "[real]") {
    auto db = open_westmids();
    std::vector<std::string> flagged;
    auto st = db.prepare(
        "SELECT DISTINCT period FROM series_months WHERE series_id = 'policeuk' "
        "AND flagged = 1 ORDER BY period");
    while (st.step()) flagged.push_back(st.column_text(0));
    // SOURCES.md lists these months as missing whole boroughs.
    CHECK(flagged == std::vector<std::string>{"2023-05", "2023-06", "2023-07", "2023-08", "2024-09",
                                              "2024-10", "2025-03"});
    // 1,717 LSOAs: the two with no record in any month carry 'no_records_any_month' instead
    // (issue 15; methods §4).
    CHECK(count(db,
                "SELECT COUNT(*) FROM indicator_values WHERE indicator_id = 'crime_all' "
                "AND period = '2024-09' AND flag = 'incomplete_month'") == 1717);
    CHECK(count(db,
                "SELECT COUNT(*) FROM indicator_values WHERE indicator_id = 'crime_all' "
                "AND period = '2024-01' AND flag = ''") == 1717);
    CHECK(count(db,
                "SELECT COUNT(*) FROM indicator_values WHERE indicator_id = 'crime_all' "
                "AND period = '2024-01' AND flag = 'no_records_any_month' AND value IS NULL") == 2);
    // Totals by category over all months equal SOURCES.md (e.g. robbery 18,990; all 879,009).
    CHECK(
        count(db, "SELECT SUM(value) FROM indicator_values WHERE indicator_id = 'crime_robbery'") ==
        18990);
    CHECK(count(db, "SELECT SUM(value) FROM indicator_values WHERE indicator_id = 'crime_all'") ==
          879009);
}

TEST_CASE("westmids: the 2011 street-level points are reprojected from BNG and joined", "[real]") {
    auto db = open_westmids();
    CHECK(count(db, "SELECT COUNT(*) FROM points WHERE layer = 'incidents_2011'") == 25558);
    // SOURCES.md: 25,539 of 25,558 fall inside an LSOA11 polygon.
    CHECK(count(db,
                "SELECT COUNT(*) FROM point_areas pa JOIN points p ON p.fid = pa.point_fid "
                "WHERE p.layer = 'incidents_2011' AND pa.set_id = 'lsoa11' AND pa.area_code IS NOT "
                "NULL") == 25539);
}
