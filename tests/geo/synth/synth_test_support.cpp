#include "synth_test_support.hpp"

#include "geo/core/wkb.hpp"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sna::geo::synth_test {

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

namespace {

struct Dataset {
    explicit Dataset(const std::string& path) {
        GDALAllRegister();
        handle =
            GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
        if (!handle) throw std::runtime_error(path + ": OGR cannot open");
        layer = GDALDatasetGetLayer(handle, 0);
        if (!layer) throw std::runtime_error(path + ": no layer");
    }
    ~Dataset() { GDALClose(handle); }
    Dataset(const Dataset&) = delete;
    Dataset& operator=(const Dataset&) = delete;

    GDALDatasetH handle = nullptr;
    OGRLayerH layer = nullptr;
};

MultiPolygon to_multipolygon(OGRGeometryH geometry) {
    std::string wkb(static_cast<std::size_t>(OGR_G_WkbSize(geometry)), '\0');
    OGR_G_ExportToWkb(geometry, wkbNDR, reinterpret_cast<unsigned char*>(wkb.data()));
    return multipolygon_from_wkb(wkb);
}

}  // namespace

std::vector<AreaFeature> read_areas(const std::string& path, const std::string& code_field) {
    Dataset dataset(path);
    const int field = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(dataset.layer), code_field.c_str());
    if (field < 0) throw std::runtime_error(path + ": no field " + code_field);
    std::vector<AreaFeature> areas;
    OGR_L_ResetReading(dataset.layer);
    while (OGRFeatureH feature = OGR_L_GetNextFeature(dataset.layer)) {
        areas.push_back({OGR_F_GetFieldAsString(feature, field),
                         to_multipolygon(OGR_F_GetGeometryRef(feature))});
        OGR_F_Destroy(feature);
    }
    return areas;
}

int layer_epsg(const std::string& path) {
    Dataset dataset(path);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(dataset.layer);
    if (!srs) return 0;
    const char* code = OSRGetAuthorityCode(srs, nullptr);
    return code ? std::atoi(code) : 0;
}

double union_area(const std::string& path) {
    Dataset dataset(path);
    OGRGeometryH collection = OGR_G_CreateGeometry(wkbMultiPolygon);
    OGR_L_ResetReading(dataset.layer);
    while (OGRFeatureH feature = OGR_L_GetNextFeature(dataset.layer)) {
        OGRGeometryH multi = OGR_F_GetGeometryRef(feature);
        for (int i = 0; i < OGR_G_GetGeometryCount(multi); ++i) {
            OGR_G_AddGeometry(collection, OGR_G_GetGeometryRef(multi, i));
        }
        OGR_F_Destroy(feature);
    }
    OGRGeometryH merged = OGR_G_UnionCascaded(collection);
    OGR_G_DestroyGeometry(collection);
    if (!merged) throw std::runtime_error(path + ": union failed");
    const double result = OGR_G_Area(merged);
    OGR_G_DestroyGeometry(merged);
    return result;
}

const std::string& CsvTable::cell(std::size_t row, const std::string& name) const {
    const auto it = column.find(name);
    if (it == column.end()) throw std::runtime_error("no column " + name);
    return rows.at(row).at(it->second);
}

CsvTable read_csv(const std::string& path) {
    const std::string text = read_bytes(path);
    std::vector<std::vector<std::string>> lines;
    std::vector<std::string> row;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell.push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(cell));
            cell.clear();
        } else if (c == '\n') {
            row.push_back(std::move(cell));
            cell.clear();
            lines.push_back(std::move(row));
            row.clear();
        } else {
            cell.push_back(c);
        }
    }
    CsvTable table;
    if (lines.empty()) return table;
    for (std::size_t i = 0; i < lines.front().size(); ++i) table.column[lines.front()[i]] = i;
    table.rows.assign(lines.begin() + 1, lines.end());
    return table;
}

std::vector<Point> lon_lat_to_bng(const std::vector<Point>& lon_lat) {
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
    OGRSpatialReferenceH bng = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(wgs84, 4326);
    OSRImportFromEPSG(bng, 27700);
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(bng, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH transform = OCTNewCoordinateTransformation(wgs84, bng);
    std::vector<Point> result;
    for (const Point& p : lon_lat) {
        double x = p.x;
        double y = p.y;
        if (!OCTTransform(transform, 1, &x, &y, nullptr)) throw std::runtime_error("transform");
        result.push_back(Point{x, y});
    }
    OCTDestroyCoordinateTransformation(transform);
    OSRRelease(wgs84);
    OSRRelease(bng);
    return result;
}

}  // namespace sna::geo::synth_test
