#include "geo/import/table_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include "geo/core/errors.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include "tests/support/error_text.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using sna::geo::DataError;
using sna::geo::TableReader;
using Row = std::vector<std::string>;

namespace {

using sna::test::TempDir;

using sna::test::error_text;

struct SheetRow {
    const char* code;
    double score;  // NaN = empty cell
    int count;     // -1 = empty cell
};

/// Writes a workbook with GDAL's `driver_name` (XLSX or ODS) driver: sheet "Notes" (two text
/// columns), then sheet "Indicators" with columns code, score, count and `rows`.
void write_workbook(const char* driver_name, const std::string& path,
                    const std::vector<SheetRow>& rows) {
    GDALAllRegister();
    GDALDriverH driver = GDALGetDriverByName(driver_name);
    REQUIRE(driver != nullptr);
    GDALDatasetH dataset = GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    REQUIRE(dataset != nullptr);

    // Only text cells: GDAL's header detection alone would take row 1 for data.
    OGRLayerH notes = GDALDatasetCreateLayer(dataset, "Notes", nullptr, wkbNone, nullptr);
    for (const char* name : {"topic", "text"}) {
        OGRFieldDefnH field = OGR_Fld_Create(name, OFTString);
        REQUIRE(OGR_L_CreateField(notes, field, TRUE) == OGRERR_NONE);
        OGR_Fld_Destroy(field);
    }
    OGRFeatureH note = OGR_F_Create(OGR_L_GetLayerDefn(notes));
    OGR_F_SetFieldString(note, 0, "source");
    OGR_F_SetFieldString(note, 1, "made by test_table_reader");
    REQUIRE(OGR_L_CreateFeature(notes, note) == OGRERR_NONE);
    OGR_F_Destroy(note);

    OGRLayerH layer = GDALDatasetCreateLayer(dataset, "Indicators", nullptr, wkbNone, nullptr);
    const std::pair<const char*, OGRFieldType> fields[] = {
        {"code", OFTString}, {"score", OFTReal}, {"count", OFTInteger}};
    for (const auto& [name, type] : fields) {
        OGRFieldDefnH field = OGR_Fld_Create(name, type);
        REQUIRE(OGR_L_CreateField(layer, field, TRUE) == OGRERR_NONE);
        OGR_Fld_Destroy(field);
    }
    for (const auto& row : rows) {
        OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGR_F_SetFieldString(feature, 0, row.code);
        if (!std::isnan(row.score)) OGR_F_SetFieldDouble(feature, 1, row.score);
        if (row.count >= 0) OGR_F_SetFieldInteger(feature, 2, row.count);
        REQUIRE(OGR_L_CreateFeature(layer, feature) == OGRERR_NONE);
        OGR_F_Destroy(feature);
    }
    GDALClose(dataset);
}

}  // namespace

TEST_CASE("TableReader reads CSV through CsvReader, naming the display name") {
    TempDir dir;
    const auto path = dir.file("values.csv");
    std::ofstream(path, std::ios::binary) << "code,value\nE01,1.5\nE02,x\n";

    const auto table = TableReader::open(path, "imd/values.csv", "");
    CHECK(table->display_name() == "imd/values.csv");
    CHECK(table->header() == Row{"code", "value"});
    Row row;
    REQUIRE(table->next(row));
    CHECK(row == Row{"E01", "1.5"});
    CHECK(table->row_number() == 2);
    REQUIRE(table->next(row));
    CHECK(table->row_number() == 3);
    CHECK_FALSE(table->next(row));
    CHECK(error_text([&] { table->column_index("Value", "indicator 'imd_score'"); }) ==
          "imd/values.csv: column 'Value': not found (needed for indicator 'imd_score'); did you "
          "mean 'value'?");

    CHECK(error_text([&] { TableReader::open(path, "imd/values.csv", "Sheet1"); }) ==
          "imd/values.csv: a CSV file has no sheets or layers, but layer 'Sheet1' was asked for; "
          "remove \"layer\"");
    CHECK_THAT(error_text([&] { TableReader::open(dir.file("none.csv"), "imd/none.csv", ""); }),
               Catch::StartsWith("imd/none.csv: cannot open '"));
}

TEST_CASE("TableReader reads an XLSX sheet as text with sheet row numbers") {
    TempDir dir;
    const auto path = dir.file("scores.xlsx");
    const double empty = std::numeric_limits<double>::quiet_NaN();
    write_workbook("XLSX", path,
                   {{"E01000001", 0.1, 12}, {"E01000002", empty, -1}, {"E01000003", 2.5, 7}});

    const auto table = TableReader::open(path, "imd/scores.xlsx", "Indicators");
    CHECK(table->header() == Row{"code", "score", "count"});
    CHECK(table->column_index("score", "indicator 'score'") == 1);

    Row row;
    REQUIRE(table->next(row));
    CHECK(row == Row{"E01000001", "0.1", "12"});
    CHECK(table->row_number() == 2);
    REQUIRE(table->next(row));
    CHECK(row == Row{"E01000002", "", ""});
    CHECK(table->row_number() == 3);
    REQUIRE(table->next(row));
    CHECK(row == Row{"E01000003", "2.5", "7"});
    CHECK(table->row_number() == 4);
    CHECK_FALSE(table->next(row));

    CHECK(error_text([&] { table->column_index("Count", "population_column"); }) ==
          "imd/scores.xlsx: column 'Count': not found (needed for population_column); did you "
          "mean 'count'?");

    SECTION("no sheet named: the first sheet, whose row 1 is the header though all text") {
        const auto first = TableReader::open(path, "imd/scores.xlsx", "");
        CHECK(first->header() == Row{"topic", "text"});
        Row note;
        REQUIRE(first->next(note));
        CHECK(note == Row{"source", "made by test_table_reader"});
        CHECK(first->row_number() == 2);
        CHECK_FALSE(first->next(note));
    }
    SECTION("unknown sheet: the nearest and the list") {
        CHECK(error_text([&] { TableReader::open(path, "imd/scores.xlsx", "Indicator"); }) ==
              "imd/scores.xlsx: sheet 'Indicator' not found; did you mean 'Indicators'? The file "
              "has sheets 'Notes', 'Indicators'");
    }
    SECTION("missing workbook") {
        CHECK_THAT(error_text([&] {
                       TableReader::open(dir.file("missing.xlsx"), "imd/missing.xlsx", "");
                   }),
                   Catch::StartsWith("imd/missing.xlsx: file not found (looked for '"));
    }
}

TEST_CASE("TableReader reads an ODS sheet like an XLSX one") {
    TempDir dir;
    const auto path = dir.file("scores.ods");
    write_workbook("ODS", path, {{"E01000001", 0.25, 3}, {"E01000002", 1.5, 4}});

    const auto notes = TableReader::open(path, "imd/scores.ods", "Notes");
    CHECK(notes->header() == Row{"topic", "text"});

    const auto table = TableReader::open(path, "imd/scores.ods", "Indicators");
    CHECK(table->header() == Row{"code", "score", "count"});
    Row row;
    REQUIRE(table->next(row));
    CHECK(row == Row{"E01000001", "0.25", "3"});
    CHECK(table->row_number() == 2);
    REQUIRE(table->next(row));
    CHECK(table->row_number() == 3);
    CHECK_FALSE(table->next(row));
}
