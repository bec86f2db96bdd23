#include "geo/gdal/gdal_source.hpp"

#include "geo/core/columns.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/gdal/gdal_handles.hpp"
#include "geo/proj/coordinate_transform.hpp"

#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

namespace sna::geo {

using detail::gdal_reason;
using detail::QuietGdalErrors;
using detail::ScopedConfigOption;

namespace {

/// Lets OGR walk a geometry's coordinates while geo/proj's CoordinateTransform moves them: the
/// one reprojection path for files, points and the demo region alike.
class ProjTransformation final : public OGRCoordinateTransformation {
public:
    ProjTransformation(const OGRSpatialReference& source, const OGRSpatialReference& target,
                       CoordinateTransform transform)
        : m_source(source), m_target(target), m_transform(std::move(transform)) {}

    OGRSpatialReference* GetSourceCS() override { return &m_source; }
    OGRSpatialReference* GetTargetCS() override { return &m_target; }
    OGRCoordinateTransformation* Clone() const override {
        return new ProjTransformation(m_source, m_target,
                                      CoordinateTransform(m_transform.from(), m_transform.to()));
    }
    OGRCoordinateTransformation* GetInverse() const override { return nullptr; }

    int Transform(int count, double* x, double* y, double* /*z*/, double* /*t*/,
                  int* success) override {
        const auto n = static_cast<std::size_t>(std::max(count, 0));
        m_points.resize(n);
        for (std::size_t i = 0; i < n; ++i) m_points[i] = Point{x[i], y[i]};
        const std::size_t failed = m_transform.forward(m_points);
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = m_points[i].x;
            y[i] = m_points[i].y;
            if (success) success[i] = std::isfinite(x[i]) ? TRUE : FALSE;
        }
        return failed < n || n == 0 ? TRUE : FALSE;
    }

private:
    OGRSpatialReference m_source;
    OGRSpatialReference m_target;
    CoordinateTransform m_transform;
    std::vector<Point> m_points;
};

/// Parses a CRS given by a user; a DataError naming the file when GDAL cannot read it.
OGRSpatialReference parse_crs(const std::string& text, const std::string& display_name) {
    QuietGdalErrors quiet;
    if (auto crs = detail::parse_traditional_crs(text)) return std::move(*crs);
    throw DataError({display_name, "", ""}, "unknown CRS '" + text + "'" + gdal_reason() +
                                                "; use an authority code such as 'EPSG:27700'");
}

/// The CRS as PROJJSON, which PROJ reads back without loss (WKT1 would drop details).
std::string to_projjson(const OGRSpatialReference& crs) {
    char* raw = nullptr;
    crs.exportToPROJJSON(&raw, nullptr);
    const detail::CplString json(raw);
    return json ? std::string(json.get()) : std::string();
}

std::string lowercase_extension(const std::string& path) {
    return to_lower(std::filesystem::path(path).extension().string());
}

GeometryType geometry_type_of(const OGRGeometry& geometry) {
    switch (wkbFlatten(geometry.getGeometryType())) {
        case wkbPoint:
            return GeometryType::point;
        case wkbLineString:
            return GeometryType::line_string;
        case wkbPolygon:
            return GeometryType::polygon;
        case wkbMultiPoint:
            return GeometryType::multi_point;
        case wkbMultiLineString:
            return GeometryType::multi_line_string;
        case wkbMultiPolygon:
            return GeometryType::multi_polygon;
        case wkbGeometryCollection:
            return GeometryType::collection;
        default:
            return GeometryType::other;
    }
}

/// Curves become line segments, Z/M are dropped, then ISO WKB little-endian.
void store_geometry(OGRGeometryUniquePtr geometry, Feature& feature) {
    if (geometry->hasCurveGeometry(TRUE)) {
        geometry.reset(geometry->getLinearGeometry());
    }
    geometry->flattenTo2D();
    feature.type = geometry_type_of(*geometry);
    feature.wkb.resize(geometry->WkbSize());
    if (geometry->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(feature.wkb.data()),
                              wkbVariantIso) != OGRERR_NONE) {
        throw Error("GDAL cannot encode a " + to_string(feature.type) + " as WKB");
    }
}

/// The polygons of a MakeValid result: itself when polygonal, the polygon members of a collection
/// (dropping the lines and points MakeValid leaves from collapsed parts), else null.
OGRGeometryUniquePtr polygonal_part(OGRGeometryUniquePtr geometry) {
    const auto type = wkbFlatten(geometry->getGeometryType());
    if (type == wkbPolygon || type == wkbMultiPolygon) return geometry;
    if (type != wkbGeometryCollection) return nullptr;
    auto polygons = std::make_unique<OGRMultiPolygon>();
    for (const OGRGeometry* part : *geometry->toGeometryCollection()) {
        const auto part_type = wkbFlatten(part->getGeometryType());
        if (part_type == wkbPolygon) {
            polygons->addGeometry(part);
        } else if (part_type == wkbMultiPolygon) {
            for (const OGRPolygon* polygon : *part->toMultiPolygon())
                polygons->addGeometry(polygon);
        }
    }
    if (polygons->IsEmpty()) return nullptr;
    return OGRGeometryUniquePtr(polygons.release());
}

OGRLayer* find_layer(GDALDataset& dataset, const std::string& name, const std::string& display_name,
                     bool spreadsheet) {
    const std::string noun = spreadsheet ? "sheet" : "layer";
    const int count = dataset.GetLayerCount();
    if (count == 0) throw DataError({display_name, "", ""}, "the file has no vector " + noun + "s");
    if (name.empty()) return dataset.GetLayer(0);
    if (OGRLayer* layer = dataset.GetLayerByName(name.c_str())) return layer;

    std::vector<std::string> names;
    for (int i = 0; i < count; ++i) names.emplace_back(dataset.GetLayer(i)->GetName());
    std::string problem = noun + " '" + name + "' not found";
    if (const auto near = nearest_match(name, names)) problem += "; did you mean '" + *near + "'?";
    problem += " The file has " + noun + (names.size() == 1 ? " " : "s ");
    for (std::size_t i = 0; i < names.size(); ++i) {
        problem += (i == 0 ? "'" : ", '") + names[i] + "'";
    }
    throw DataError({display_name, "", ""}, problem);
}

}  // namespace

std::string to_string(GeometryType type) {
    switch (type) {
        case GeometryType::none:
            return "no geometry";
        case GeometryType::point:
            return "Point";
        case GeometryType::line_string:
            return "LineString";
        case GeometryType::polygon:
            return "Polygon";
        case GeometryType::multi_point:
            return "MultiPoint";
        case GeometryType::multi_line_string:
            return "MultiLineString";
        case GeometryType::multi_polygon:
            return "MultiPolygon";
        case GeometryType::collection:
            return "GeometryCollection";
        case GeometryType::other:
            return "other geometry";
    }
    return "other geometry";
}

bool is_polygonal(GeometryType type) noexcept {
    return type == GeometryType::polygon || type == GeometryType::multi_polygon;
}

struct GdalSource::Impl {
    std::string display_name;
    std::string layer_name;
    GDALDatasetUniquePtr dataset;
    OGRLayer* layer = nullptr;  ///< owned by dataset
    std::vector<std::string> fields;
    bool spreadsheet = false;
    bool read_geometry = true;
    std::optional<OGRSpatialReference> crs;  ///< traditional GIS axis order
    std::map<std::string, std::unique_ptr<ProjTransformation>> transforms;  ///< by target CRS text

    const OGRSpatialReference& require_crs() const {
        if (crs) return *crs;
        throw DataError({display_name, "", ""},
                        "the file has no CRS; declare it with \"crs\" in the manifest entry for "
                        "this file (e.g. \"crs\": \"EPSG:27700\" for British National Grid)");
    }

    OGRCoordinateTransformation& transform_to(const std::string& target_text) {
        const auto found = transforms.find(target_text);
        if (found != transforms.end()) return *found->second;
        const OGRSpatialReference& source = require_crs();
        const OGRSpatialReference target = parse_crs(target_text, display_name);
        try {
            auto ct = std::make_unique<ProjTransformation>(
                source, target, CoordinateTransform(to_projjson(source), target_text));
            return *transforms.emplace(target_text, std::move(ct)).first->second;
        } catch (const DataError& e) {
            throw DataError({display_name, "", ""}, "no transformation from the file's CRS to '" +
                                                        target_text + "' (" + e.what() + ")");
        }
    }

    OGRGeometryUniquePtr parse(const Feature& feature) const {
        assert(!feature.wkb.empty() && "feature has no geometry");
        OGRGeometry* geometry = nullptr;
        QuietGdalErrors quiet;
        if (OGRGeometryFactory::createFromWkb(feature.wkb.data(), nullptr, &geometry,
                                              feature.wkb.size(), wkbVariantIso) != OGRERR_NONE) {
            throw DataError({display_name, feature.fid, ""}, "unreadable geometry" + gdal_reason());
        }
        return OGRGeometryUniquePtr(geometry);
    }

    OGRGeometryUniquePtr transformed(const Feature& feature, const std::string& target) {
        OGRCoordinateTransformation& ct = transform_to(target);
        OGRGeometryUniquePtr geometry = parse(feature);
        QuietGdalErrors quiet;
        if (geometry->transform(&ct) != OGRERR_NONE) {
            throw DataError({display_name, feature.fid, ""},
                            "cannot transform the geometry to " + target +
                                "; check the CRS of the file or the declared \"crs\"");
        }
        return geometry;
    }
};

GdalSource::GdalSource(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
GdalSource::~GdalSource() = default;
GdalSource::GdalSource(GdalSource&& other) noexcept = default;
GdalSource& GdalSource::operator=(GdalSource&& other) noexcept = default;

GdalSource GdalSource::open(const std::string& path, const std::string& display_name,
                            const std::string& layer_name, const std::string& declared_crs) {
    detail::register_gdal_drivers();
    auto impl = std::make_unique<Impl>();
    impl->display_name = display_name.empty() ? path : display_name;

    const bool is_virtual = path.rfind("/vsi", 0) == 0;
    std::error_code ec;
    if (!is_virtual && !std::filesystem::exists(path, ec)) {
        throw DataError({impl->display_name, "", ""}, "file not found (looked for '" + path + "')");
    }
    const std::string extension = lowercase_extension(path);
    impl->spreadsheet = extension == ".xlsx" || extension == ".ods";
    // The first row is the header even when every cell is text (GDAL's AUTO would call such a
    // sheet headerless). GDAL 3.6's XLSX driver ignores the HEADERS open option and reads only the
    // config option, when the sheet is first parsed, so it is set until the fields are read.
    const char* spreadsheet_options[] = {"HEADERS=FORCE", nullptr};
    std::optional<ScopedConfigOption> xlsx_headers;
    if (impl->spreadsheet) xlsx_headers.emplace("OGR_XLSX_HEADERS", "FORCE");
    {
        QuietGdalErrors quiet;
        impl->dataset.reset(GDALDataset::Open(
            path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, nullptr,
            impl->spreadsheet ? spreadsheet_options : nullptr, nullptr));
        if (!impl->dataset) {
            throw DataError({impl->display_name, "", ""},
                            "cannot open as vector data" + gdal_reason());
        }
    }
    impl->layer = find_layer(*impl->dataset, layer_name, impl->display_name, impl->spreadsheet);
    impl->layer_name = impl->layer->GetName();

    const OGRFeatureDefn* definition = impl->layer->GetLayerDefn();  // XLSX parses the sheet here
    for (int i = 0; i < definition->GetFieldCount(); ++i) {
        impl->fields.emplace_back(definition->GetFieldDefn(i)->GetNameRef());
    }
    xlsx_headers.reset();

    if (!declared_crs.empty()) {
        impl->crs = parse_crs(declared_crs, impl->display_name);
    } else if (const OGRSpatialReference* file_crs = impl->layer->GetSpatialRef()) {
        impl->crs = *file_crs;
        impl->crs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    impl->layer->ResetReading();
    return GdalSource(std::move(impl));
}

const std::string& GdalSource::display_name() const noexcept {
    return m_impl->display_name;
}
const std::string& GdalSource::layer_name() const noexcept {
    return m_impl->layer_name;
}
const std::vector<std::string>& GdalSource::fields() const noexcept {
    return m_impl->fields;
}
bool GdalSource::is_spreadsheet() const noexcept {
    return m_impl->spreadsheet;
}

std::size_t GdalSource::field_index(const std::string& name, const std::string& purpose) const {
    return find_column(m_impl->fields, name, purpose, m_impl->display_name);
}

std::string GdalSource::crs_wkt_or_empty() const {
    return m_impl->crs ? detail::to_wkt(*m_impl->crs) : std::string();
}

void GdalSource::ignore_geometry() {
    const char* ignored[] = {"OGR_GEOMETRY", nullptr};
    m_impl->layer->SetIgnoredFields(ignored);
    m_impl->read_geometry = false;
}

bool GdalSource::next(Feature& feature) {
    CPLErrorReset();
    OGRFeatureUniquePtr source(m_impl->layer->GetNextFeature());
    if (!source) {
        if (CPLGetLastErrorType() >= CE_Failure) {
            const std::string after = feature.fid.empty() ? "" : " after feature " + feature.fid;
            throw DataError({m_impl->display_name, "", ""},
                            "cannot read the next feature" + after + gdal_reason());
        }
        return false;
    }
    const GIntBig fid = source->GetFID();
    feature.fid = fid == OGRNullFID ? std::string() : std::to_string(fid);

    const int field_count = source->GetFieldCount();
    feature.fields.resize(static_cast<std::size_t>(field_count));
    for (int i = 0; i < field_count; ++i) {
        auto& value = feature.fields[static_cast<std::size_t>(i)];
        if (source->IsFieldSetAndNotNull(i)) {
            value.assign(source->GetFieldAsString(i));
        } else {
            value.clear();
        }
    }

    feature.wkb.clear();
    feature.type = GeometryType::none;
    if (m_impl->read_geometry) {
        if (OGRGeometryUniquePtr geometry{source->StealGeometry()}) {
            store_geometry(std::move(geometry), feature);
        }
    }
    return true;
}

bool GdalSource::is_valid(const Feature& feature) const {
    const OGRGeometryUniquePtr geometry = m_impl->parse(feature);
    QuietGdalErrors quiet;
    return geometry->IsValid() != FALSE;
}

bool GdalSource::make_valid(Feature& feature) const {
    const OGRGeometryUniquePtr geometry = m_impl->parse(feature);
    OGRGeometryUniquePtr repaired;
    {
        QuietGdalErrors quiet;
        repaired.reset(geometry->MakeValid());
    }
    if (repaired && is_polygonal(feature.type)) repaired = polygonal_part(std::move(repaired));
    if (!repaired || repaired->IsEmpty()) return false;
    store_geometry(std::move(repaired), feature);
    return true;
}

std::string GdalSource::wkb_in(const Feature& feature, const std::string& crs) {
    Feature out;
    store_geometry(m_impl->transformed(feature, crs), out);
    return std::move(out.wkb);
}

double GdalSource::area_in(const Feature& feature, const std::string& crs) {
    const OGRGeometryUniquePtr geometry = m_impl->transformed(feature, crs);
    if (geometry->getDimension() < 2) return 0.0;
    return OGR_G_Area(OGRGeometry::ToHandle(geometry.get()));
}

}  // namespace sna::geo
