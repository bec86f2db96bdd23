#pragma once
/// RAII for the GDAL/OGR C handles this module uses. Include only from .cpp files: it pulls in
/// GDAL's C headers, which stay private to geo/synth's sources (STYLE.md §1).

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <memory>
#include <string>
#include <type_traits>

namespace sna::geo::detail {

/// Registers GDAL's drivers once per process (the one permitted global initialisation).
void register_gdal_drivers();

/// "what: <GDAL's last error message>".
std::string gdal_error(const std::string& what);

struct SpatialReferenceRelease {
    void operator()(OGRSpatialReferenceH srs) const noexcept { OSRRelease(srs); }
};
using SpatialReferencePtr =
    std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SpatialReferenceRelease>;

/// An EPSG CRS with x = easting/longitude, y = northing/latitude.
/// @throws Error when PROJ does not know the code.
SpatialReferencePtr make_traditional_srs(int epsg);

/// Sets a GDAL configuration option for this thread and restores the old value on destruction.
class ScopedConfigOption {
public:
    ScopedConfigOption(const char* key, const char* value);
    ~ScopedConfigOption();
    ScopedConfigOption(const ScopedConfigOption&) = delete;
    ScopedConfigOption& operator=(const ScopedConfigOption&) = delete;

private:
    const char* m_key;
    std::string m_old_value;
    bool m_had_old_value = false;
};

}  // namespace sna::geo::detail
