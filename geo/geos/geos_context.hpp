#pragma once
/// RAII over GEOS's reentrant C API, for the .cpp files of geo/ modules that wrap GEOS only: it
/// includes <geos_c.h>, which stays private to them (docs/style.md §1).

#include "geo/core/geometry.hpp"

#include <geos_c.h>

#include <memory>
#include <string>
#include <string_view>

namespace sna::geo::detail {

/// One reentrant GEOS context; collects GEOS's last error message for the exception text.
class GeosContext {
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t get() const { return m_handle; }

    /// @throws Error "GEOS: <what> failed: <GEOS's message>"
    [[noreturn]] void fail(std::string_view what) const;
    /// GEOS reports failure as a null pointer or 0 (2 for predicates).
    template <typename T>
    T* check(T* result, std::string_view what) const {
        if (!result) fail(what);
        return result;
    }
    void check_status(int status, std::string_view what) const {
        if (status == 0) fail(what);
    }
    /// After a failure that is handled rather than thrown.
    void clear_error() const { m_last_error.clear(); }

private:
    static void on_error(const char* message, void* self);

    GEOSContextHandle_t m_handle;
    mutable std::string m_last_error;
};

struct GeometryDeleter {
    GEOSContextHandle_t handle;
    void operator()(GEOSGeometry* geometry) const noexcept { GEOSGeom_destroy_r(handle, geometry); }
};
using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

struct PreparedDeleter {
    GEOSContextHandle_t handle;
    void operator()(const GEOSPreparedGeometry* prepared) const noexcept {
        GEOSPreparedGeom_destroy_r(handle, prepared);
    }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct WkbWriterDeleter {
    GEOSContextHandle_t handle;
    void operator()(GEOSWKBWriter* writer) const noexcept {
        GEOSWKBWriter_destroy_r(handle, writer);
    }
};
using WkbWriterPtr = std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter>;

struct BufferDeleter {
    GEOSContextHandle_t handle;
    void operator()(unsigned char* buffer) const noexcept { GEOSFree_r(handle, buffer); }
};

/// Owns `geometry` (checked: a null result throws with `what`).
GeometryPtr own(const GeosContext& geos, GEOSGeometry* geometry, std::string_view what);

/// A GEOS geometry of a multipolygon (through WKB).
GeometryPtr to_geos(const GeosContext& geos, const MultiPolygon& shape, std::string_view what);

/// A 2D little-endian WKB writer.
WkbWriterPtr make_wkb_writer(const GeosContext& geos);

/// The polygons of a GEOS geometry (a Polygon or MultiPolygon).
MultiPolygon to_multipolygon(const GeosContext& geos, GEOSWKBWriter* writer,
                             const GEOSGeometry* geometry);

}  // namespace sna::geo::detail
