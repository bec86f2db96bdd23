#include "geo/synth/gdal_handles.hpp"

#include "geo/core/errors.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>

namespace sna::geo::detail {

void register_gdal_drivers() {
    static const bool registered = [] {
        GDALAllRegister();
        return true;
    }();
    static_cast<void>(registered);
}

std::string gdal_error(const std::string& what) {
    const char* message = CPLGetLastErrorMsg();
    return what + (message && *message ? std::string(": ") + message : std::string());
}

SpatialReferencePtr make_traditional_srs(int epsg) {
    SpatialReferencePtr srs(OSRNewSpatialReference(nullptr));
    if (!srs) throw Error(gdal_error("cannot create a spatial reference"));
    if (OSRImportFromEPSG(srs.get(), epsg) != OGRERR_NONE) {
        throw Error(gdal_error("unknown CRS EPSG:" + std::to_string(epsg)));
    }
    // GDAL 3 uses the authority's axis order (EPSG:4326 is lat, lon); we want x, y.
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

ScopedConfigOption::ScopedConfigOption(const char* key, const char* value) : m_key(key) {
    if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) {
        m_old_value = old;
        m_had_old_value = true;
    }
    CPLSetThreadLocalConfigOption(key, value);
}

ScopedConfigOption::~ScopedConfigOption() {
    CPLSetThreadLocalConfigOption(m_key, m_had_old_value ? m_old_value.c_str() : nullptr);
}

}  // namespace sna::geo::detail
