#include "geo/core/errors.hpp"
#include "geo/export/xlsx_workbook.hpp"
#include "tests/support/temp_dir.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <catch2/catch.hpp>

#include <fstream>

using namespace sna;
using namespace sna::geo;

TEST_CASE("an XLSX workbook reads back with GDAL's XLSX driver") {
    XlsxSheet data{"Data", {"code", "name", "value"}, {}, {12, 30, 10}};
    data.rows.push_back({std::string("E01000001"), std::string("City of London 001A"), 12.5});
    data.rows.push_back({std::string("E01000002"), std::string("Ünïcode ward"), XlsxCell{}});
    XlsxSheet meta{"Sources",
                   {"dataset", "licence"},
                   {{std::string("IoD 2019"), std::string("OGL v3.0")}},
                   {}};
    const std::string bytes = write_xlsx({data, meta}, {"snamap export", "test", 1700000000});
    REQUIRE(bytes.rfind("PK", 0) == 0);

    test::TempDir dir;
    const std::string path = (dir.path() / "out.xlsx").string();
    std::ofstream(path, std::ios::binary) << bytes;
    GDALAllRegister();
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    REQUIRE(ds->GetLayerCount() == 2);
    OGRLayer* sheet = ds->GetLayerByName("Data");
    REQUIRE(sheet);
    CHECK(sheet->GetFeatureCount() == 2);
    OGRFeatureUniquePtr first(sheet->GetNextFeature());
    CHECK(std::string(first->GetFieldAsString("code")) == "E01000001");
    CHECK(first->GetFieldAsDouble("value") == 12.5);
    OGRFeatureUniquePtr second(sheet->GetNextFeature());
    CHECK(std::string(second->GetFieldAsString("name")) == "Ünïcode ward");
    CHECK_FALSE(second->IsFieldSetAndNotNull(second->GetFieldIndex("value")));
    CHECK(ds->GetLayerByName("Sources")->GetFeatureCount() == 1);
    CHECK_THROWS_AS(write_xlsx({XlsxSheet{"bad/name", {}, {}, {}}}, {}), InvalidInput);
}
