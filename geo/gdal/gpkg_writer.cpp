#include "geo/gdal/gpkg_writer.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/wkb.hpp"
#include "geo/gdal/gdal_handles.hpp"

#include <cassert>
#include <filesystem>

namespace sna::geo {

using detail::gdal_error;
using detail::ScopedConfigOption;

namespace {

/// GeoPackage stamps gpkg_contents.last_change with the current time unless told otherwise.
constexpr const char* fixed_change_date = "2000-01-01T00:00:00.000Z";

/// An EPSG CRS with x = easting/longitude, y = northing/latitude.
OGRSpatialReference traditional_crs(int epsg) {
    auto crs = detail::parse_traditional_crs("EPSG:" + std::to_string(epsg));
    if (!crs) throw Error(gdal_error("unknown CRS EPSG:" + std::to_string(epsg)));
    return std::move(*crs);
}

}  // namespace

struct GpkgWriter::Impl {
    Impl(std::string file_path, int epsg)
        : path(std::move(file_path)), srs(traditional_crs(epsg)) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw Error(gdal_error(path + ": " + what));
    }

    // Options first: they must outlive the dataset, whose close writes gpkg_contents.
    ScopedConfigOption fixed_date{"OGR_CURRENT_DATE", fixed_change_date};
    // Build the R-tree in this thread, where the pinned options apply.
    ScopedConfigOption single_thread_rtree{"OGR_GPKG_ALLOW_THREADED_RTREE", "NO"};
    std::string path;
    OGRSpatialReference srs;
    detail::DatasetHandle dataset;
    OGRLayerH layer = nullptr;
    std::size_t field_count = 0;
    bool in_transaction = false;
};

GpkgWriter::GpkgWriter(const std::string& path, const std::string& layer, int epsg,
                       const std::vector<std::string>& fields)
    : m_impl(std::make_unique<Impl>(path, epsg)) {
    detail::register_gdal_drivers();
    Impl& impl = *m_impl;
    std::error_code ignored;
    std::filesystem::remove(path, ignored);  // GDAL refuses to create over an existing file

    GDALDriverH driver = GDALGetDriverByName("GPKG");
    if (!driver) impl.fail("GDAL has no GPKG driver");
    CPLErrorReset();
    impl.dataset.reset(GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!impl.dataset) impl.fail("cannot create GeoPackage");

    const char* layer_options[] = {"GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=YES", nullptr};
    impl.layer = GDALDatasetCreateLayer(impl.dataset.get(), layer.c_str(),
                                        OGRSpatialReference::ToHandle(&impl.srs), wkbMultiPolygon,
                                        const_cast<char**>(layer_options));
    if (!impl.layer) impl.fail("cannot create layer '" + layer + "'");
    for (const std::string& name : fields) {
        OGRFieldDefnH field = OGR_Fld_Create(name.c_str(), OFTString);
        const OGRErr status = OGR_L_CreateField(impl.layer, field, TRUE);
        OGR_Fld_Destroy(field);
        if (status != OGRERR_NONE) impl.fail("cannot create field '" + name + "'");
    }
    impl.field_count = fields.size();
    if (GDALDatasetStartTransaction(impl.dataset.get(), FALSE) != OGRERR_NONE) {
        impl.fail("cannot start a transaction");
    }
    impl.in_transaction = true;
}

GpkgWriter::~GpkgWriter() {
    if (m_impl && m_impl->in_transaction) {
        GDALDatasetRollbackTransaction(m_impl->dataset.get());
    }
}

void GpkgWriter::add(const std::vector<std::string>& values, const MultiPolygon& geometry) {
    Impl& impl = *m_impl;
    assert(values.size() == impl.field_count);
    detail::FeatureHandle feature(OGR_F_Create(OGR_L_GetLayerDefn(impl.layer)));
    if (!feature) impl.fail("cannot create a feature");
    for (std::size_t i = 0; i < values.size(); ++i) {
        OGR_F_SetFieldString(feature.get(), static_cast<int>(i), values[i].c_str());
    }
    const std::string wkb = to_wkb(geometry);
    OGRGeometryH raw = nullptr;
    if (OGR_G_CreateFromWkb(wkb.data(), OGRSpatialReference::ToHandle(&impl.srs), &raw,
                            static_cast<int>(wkb.size())) != OGRERR_NONE) {
        impl.fail("cannot build the geometry of '" + values.front() + "'");
    }
    detail::GeometryHandle shape(raw);
    if (OGR_F_SetGeometryDirectly(feature.get(), shape.release()) != OGRERR_NONE) {
        impl.fail("cannot set the geometry of '" + values.front() + "'");
    }
    if (OGR_L_CreateFeature(impl.layer, feature.get()) != OGRERR_NONE) {
        impl.fail("cannot write feature '" + values.front() + "'");
    }
}

void GpkgWriter::close() {
    Impl& impl = *m_impl;
    if (!impl.dataset) return;
    if (impl.in_transaction) {
        impl.in_transaction = false;
        if (GDALDatasetCommitTransaction(impl.dataset.get()) != OGRERR_NONE) {
            impl.fail("cannot commit");
        }
    }
    CPLErrorReset();
    impl.dataset.reset();  // GDALClose writes the spatial index and gpkg_contents
    if (CPLGetLastErrorType() == CE_Failure) impl.fail("cannot close");
}

}  // namespace sna::geo
