#pragma once
/// Opens XLSX bytes with GDAL's XLSX driver (an independent reader), first row as the header.

#include "tests/support/temp_dir.hpp"

#include <gdal_priv.h>

#include <string>

namespace sna::test {

/// The workbook as a GDAL vector dataset (one layer per sheet); null when GDAL cannot read it.
/// The file lives in `dir`, which must outlive the dataset.
inline GDALDatasetUniquePtr open_xlsx(const std::string& bytes, const TempDir& dir) {
    const std::string path = dir.write("workbook.xlsx", bytes).string();
    GDALAllRegister();
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
}

}  // namespace sna::test
