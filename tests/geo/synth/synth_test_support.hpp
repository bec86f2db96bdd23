#pragma once
/// Helpers for the geo/synth tests: temporary folders, and an independent read-back of the
/// demo files through OGR and a plain CSV splitter.

#include "geo/core/geometry.hpp"
#include "tests/support/temp_dir.hpp"

#include <map>
#include <string>
#include <vector>

namespace sna::geo::synth_test {

using TempDir = sna::test::TempDir;

std::string read_bytes(const std::string& path);

/// One feature of a polygon layer, geometry in the file's CRS.
struct AreaFeature {
    std::string code;
    MultiPolygon geometry;
};

/// Reads the first layer of a vector file with OGR; `code_field` becomes AreaFeature::code.
std::vector<AreaFeature> read_areas(const std::string& path, const std::string& code_field);

/// EPSG code of the first layer's CRS, or 0.
int layer_epsg(const std::string& path);

/// Area of the union of every feature in the file (OGR's cascaded union).
double union_area(const std::string& path);

/// A whole CSV file as header → column index plus rows of cells (RFC 4180 quotes).
struct CsvTable {
    std::map<std::string, std::size_t> column;
    std::vector<std::vector<std::string>> rows;
    const std::string& cell(std::size_t row, const std::string& name) const;
};
CsvTable read_csv(const std::string& path);

/// lon/lat (EPSG:4326) to easting/northing (EPSG:27700) with OGR.
std::vector<Point> lon_lat_to_bng(const std::vector<Point>& lon_lat);

}  // namespace sna::geo::synth_test
