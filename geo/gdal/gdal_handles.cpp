#include "geo/gdal/gdal_handles.hpp"

namespace sna::geo::detail {

void register_gdal_drivers() {
    static const bool registered = [] {
        GDALAllRegister();
        return true;
    }();
    static_cast<void>(registered);
}

QuietGdalErrors::QuietGdalErrors() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
}

QuietGdalErrors::~QuietGdalErrors() {
    CPLPopErrorHandler();
}

std::string gdal_reason() {
    const char* message = CPLGetLastErrorMsg();
    return message && *message ? std::string(" (") + message + ")" : std::string();
}

std::string gdal_error(const std::string& what) {
    const char* message = CPLGetLastErrorMsg();
    return what + (message && *message ? std::string(": ") + message : std::string());
}

ScopedConfigOption::ScopedConfigOption(const char* key, const char* value) : m_key(key) {
    if (const char* previous = CPLGetThreadLocalConfigOption(key, nullptr)) {
        m_previous = previous;
    }
    CPLSetThreadLocalConfigOption(key, value);
}

ScopedConfigOption::~ScopedConfigOption() {
    CPLSetThreadLocalConfigOption(m_key, m_previous ? m_previous->c_str() : nullptr);
}

std::optional<OGRSpatialReference> parse_traditional_crs(const std::string& text) {
    OGRSpatialReference crs;
    if (text.empty() ||
        crs.SetFromUserInput(text.c_str(),
                             OGRSpatialReference::SET_FROM_USER_INPUT_LIMITATIONS_get()) !=
            OGRERR_NONE) {
        return std::nullopt;
    }
    crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return crs;
}

std::string to_wkt(const OGRSpatialReference& crs) {
    char* raw = nullptr;
    crs.exportToWkt(&raw);
    const CplString wkt(raw);
    return wkt ? std::string(wkt.get()) : std::string();
}

}  // namespace sna::geo::detail
