#include "geo/core/errors.hpp"
#include "geo/export/xlsx_workbook.hpp"
#include "tests/support/temp_dir.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

using namespace sna;
using namespace sna::geo;

TEST_CASE("an XLSX workbook reads back with GDAL's XLSX driver") {
    XlsxSheet data{"Data", {"code", "name", "value"}, {}, {12, 30, 10}, {}};
    data.rows.push_back({std::string("E01000001"), std::string("City of London 001A"), 12.5});
    data.rows.push_back({std::string("E01000002"), std::string("Ünïcode ward"), XlsxCell{}});
    XlsxSheet meta{"Sources",
                   {"dataset", "licence"},
                   {{std::string("IoD 2019"), std::string("OGL v3.0")}},
                   {},
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
    CHECK_THROWS_AS(write_xlsx({XlsxSheet{"bad/name", {}, {}, {}, {}}}, {}), InvalidInput);
}

namespace {

std::size_t open_descriptors() {
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                      std::filesystem::directory_iterator()));
}

/// Points TMPDIR at a fresh directory for the scope, so the test sees every temporary file.
struct PrivateTmp {
    test::TempDir dir;
    std::string before;
    bool had = false;
    PrivateTmp() {
        if (const char* t = std::getenv("TMPDIR")) {
            before = t;
            had = true;
        }
        setenv("TMPDIR", dir.path().c_str(), 1);
    }
    ~PrivateTmp() {
        if (had) {
            setenv("TMPDIR", before.c_str(), 1);
        } else {
            unsetenv("TMPDIR");
        }
    }
    bool empty() const { return std::filesystem::is_empty(dir.path()); }
};

/// A sheet of `count` rows from a row source.
XlsxSheet counted_sheet(std::uint32_t count) {
    XlsxSheet sheet{"Rows", {"n", "text"}, {}, {}, {}};
    sheet.source = [count, n = std::uint32_t{0}](XlsxRowWriter& row) mutable {
        if (n == count) return false;
        ++n;
        row.number(n).text("row " + std::to_string(n));
        return true;
    };
    return sheet;
}

}  // namespace

TEST_CASE("an XLSX sheet from a row source, with a check every few thousand rows") {
    const PrivateTmp tmp;
    int checks = 0;
    const std::string bytes =
        write_xlsx({counted_sheet(10000)}, {"rows", "", 0}, [&checks] { ++checks; });
    CHECK(checks == 2);  // every 4,096 rows
    CHECK(tmp.empty());  // the private directory is gone

    test::TempDir dir;
    const std::string path = dir.write("rows.xlsx", bytes).string();
    GDALAllRegister();
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    REQUIRE(ds);
    OGRLayer* sheet = ds->GetLayerByName("Rows");
    REQUIRE(sheet);
    CHECK(sheet->GetFeatureCount() == 10000);
    OGRFeatureUniquePtr first(sheet->GetNextFeature());
    CHECK(first->GetFieldAsInteger("n") == 1);
    CHECK(std::string(first->GetFieldAsString("text")) == "row 1");
}

TEST_CASE("an abandoned XLSX workbook leaves no temporary file or open descriptor") {
    const PrivateTmp tmp;
    const std::size_t descriptors = open_descriptors();
    int checks = 0;
    const auto abandon = [&checks] {
        if (++checks == 2) throw std::runtime_error("client gone");
    };
    CHECK_THROWS_WITH(write_xlsx({counted_sheet(100000)}, {}, abandon), "client gone");
    CHECK(checks == 2);
    CHECK(tmp.empty());
    CHECK(open_descriptors() == descriptors);
    // A row source that throws is abandoned the same way.
    XlsxSheet failing{
        "Rows", {"n"}, {}, {}, [](XlsxRowWriter&) -> bool { throw std::runtime_error("bad row"); }};
    CHECK_THROWS_WITH(write_xlsx({failing}, {}), "bad row");
    CHECK(tmp.empty());
    CHECK(open_descriptors() == descriptors);
}
