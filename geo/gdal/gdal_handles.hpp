#pragma once
/// RAII over GDAL/OGR handles and GDAL's error state, for geo/gdal's own .cpp files only: it
/// includes GDAL's headers, which stay private to this module (docs/style.md §1).

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <memory>
#include <optional>
#include <string>

namespace sna::geo::detail {

/// Registers GDAL's drivers once per process (the one permitted global initialisation).
void register_gdal_drivers();

/// Silences GDAL's stderr handler and clears its last error while we turn failures into
/// exceptions; CPLGetLastErrorMsg() still records them.
class QuietGdalErrors {
public:
    QuietGdalErrors();
    ~QuietGdalErrors();
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

/// " (GDAL's last message)", or "" when it has none.
std::string gdal_reason();

/// "what: GDAL's last message", or "what" when it has none.
std::string gdal_error(const std::string& what);

/// Sets a GDAL configuration option for this thread and restores the old value on destruction.
class ScopedConfigOption {
public:
    ScopedConfigOption(const char* key, const char* value);
    ~ScopedConfigOption();
    ScopedConfigOption(const ScopedConfigOption&) = delete;
    ScopedConfigOption& operator=(const ScopedConfigOption&) = delete;

private:
    const char* m_key;
    std::optional<std::string> m_previous;
};

struct CplFree {
    void operator()(void* memory) const noexcept { CPLFree(memory); }
};
/// Text GDAL allocated (exportToWkt and friends).
using CplString = std::unique_ptr<char, CplFree>;

struct DatasetClose {
    void operator()(GDALDatasetH dataset) const noexcept { GDALClose(dataset); }
};
/// A dataset opened through GDAL's C API (GDALDatasetUniquePtr is the C++ API's).
using DatasetHandle = std::unique_ptr<std::remove_pointer_t<GDALDatasetH>, DatasetClose>;

struct FeatureDestroy {
    void operator()(OGRFeatureH feature) const noexcept { OGR_F_Destroy(feature); }
};
using FeatureHandle = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDestroy>;

struct GeometryDestroy {
    void operator()(OGRGeometryH geometry) const noexcept { OGR_G_DestroyGeometry(geometry); }
};
using GeometryHandle = std::unique_ptr<std::remove_pointer_t<OGRGeometryH>, GeometryDestroy>;

/// A CRS given by a user or a program (authority code, WKT or PROJ string; no file or network
/// access), in traditional GIS axis order (x = easting/longitude; docs/style.md §7).
/// @return std::nullopt when GDAL cannot read it (gdal_reason() says why).
std::optional<OGRSpatialReference> parse_traditional_crs(const std::string& text);

/// The CRS as WKT, "" when GDAL cannot export it.
std::string to_wkt(const OGRSpatialReference& crs);

}  // namespace sna::geo::detail
