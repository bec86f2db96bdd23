#include "server/views/xlsx_export.hpp"

#include "tests/server/views/export_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <catch2/catch.hpp>

#include <fstream>
#include <map>

using namespace sna;
using namespace sna::server;

namespace {

/// The workbook's sheets read back with GDAL's XLSX driver: sheet → rows of field → text.
using Sheets = std::map<std::string, std::vector<std::map<std::string, std::string>>>;

Sheets read_back(const std::string& bytes) {
    test::TempDir dir;
    const std::string path = dir.write("export.xlsx", bytes).string();
    GDALAllRegister();
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    Sheets sheets;
    for (OGRLayer* layer : ds->GetLayers()) {
        auto& rows = sheets[layer->GetName()];
        for (auto& feature : *layer) {
            std::map<std::string, std::string> row;
            for (int i = 0; i < feature->GetFieldCount(); ++i) {
                if (feature->IsFieldSetAndNotNull(i))
                    row[feature->GetFieldDefnRef(i)->GetNameRef()] = feature->GetFieldAsString(i);
            }
            rows.push_back(std::move(row));
        }
    }
    return sheets;
}

}  // namespace

TEST_CASE("XLSX export: the cursor's rows in the Data sheet, definitions and sources", "[export]") {
    const auto data = test::export_data();
    const ExportSelection selection =
        select_export(*data, Query({{"set", "lsoa"}, {"period", "all"}}));
    const Sheets sheets = read_back(export_xlsx(*data, selection));
    REQUIRE(sheets.count("Data"));
    const auto& rows = sheets.at("Data");
    REQUIRE(rows.size() == 11);
    CHECK(rows[0].at("area_code") == "T01");
    CHECK(rows[0].at("period") == "2019");
    CHECK(rows[0].at("value") == "10.5");
    CHECK(rows[1].at("national_rank") == "100");
    CHECK(rows[1].at("national_decile") == "3");
    // Text cells are text, never formulas: no ' prefix is needed or added.
    CHECK(rows[2].at("area_name") == "=2+3");
    CHECK(rows[2].at("borough_name") == "East, Side");
    CHECK(rows[2].at("value") == "-3.25");
    CHECK(rows[5].count("borough_code") == 0);  // T04 has no borough
    // Small numbers are withheld as in the CSV: no value, and the flag says why.
    CHECK(rows[6].at("area_code") == "T01");
    CHECK(rows[6].count("value") == 0);
    CHECK(rows[6].at("flag") == "suppressed");
    CHECK(rows[7].at("value") == "0");  // zero is shown
    CHECK(rows[9].count("value") == 0);
    CHECK(rows[9].at("flag") == "incomplete_month;suppressed");
    // The evidence columns: a score has no interval, so it is not compared (as in the profile).
    CHECK(rows[0].count("lower_95") == 0);
    CHECK(rows[0].at("vs_borough_95") == "not_compared");
    CHECK(rows[0].at("vs_region_95") == "not_compared");
    CHECK(rows[6].count("numerator") == 0);
    CHECK(sheets.at("Indicators").size() == 2);
    CHECK(sheets.at("Sources").size() == 2);  // ons (also the boundaries) and dfe
}
