#include "geo/geos/geos_context.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/wkb.hpp"

namespace sna::geo::detail {

GeosContext::GeosContext() : m_handle(GEOS_init_r()) {
    if (!m_handle) throw Error("GEOS: cannot create a context");
    GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
}

GeosContext::~GeosContext() {
    GEOS_finish_r(m_handle);
}

void GeosContext::fail(std::string_view what) const {
    std::string message = "GEOS: " + std::string(what) + " failed";
    if (!m_last_error.empty()) message += ": " + m_last_error;
    m_last_error.clear();  // so a later failure is not blamed on this message
    throw Error(message);
}

void GeosContext::on_error(const char* message, void* self) {
    static_cast<GeosContext*>(self)->m_last_error = message ? message : "";
}

GeometryPtr own(const GeosContext& geos, GEOSGeometry* geometry, std::string_view what) {
    return GeometryPtr(geos.check(geometry, what), GeometryDeleter{geos.get()});
}

GeometryPtr to_geos(const GeosContext& geos, const MultiPolygon& shape, std::string_view what) {
    const std::string wkb = to_wkb(shape);
    return own(geos,
               GEOSGeomFromWKB_buf_r(geos.get(), reinterpret_cast<const unsigned char*>(wkb.data()),
                                     wkb.size()),
               what);
}

WkbWriterPtr make_wkb_writer(const GeosContext& geos) {
    WkbWriterPtr writer(geos.check(GEOSWKBWriter_create_r(geos.get()), "WKB writer"),
                        WkbWriterDeleter{geos.get()});
    GEOSWKBWriter_setOutputDimension_r(geos.get(), writer.get(), 2);
    GEOSWKBWriter_setByteOrder_r(geos.get(), writer.get(), GEOS_WKB_NDR);
    return writer;
}

MultiPolygon to_multipolygon(const GeosContext& geos, GEOSWKBWriter* writer,
                             const GEOSGeometry* geometry) {
    std::size_t size = 0;
    std::unique_ptr<unsigned char, BufferDeleter> buffer(
        geos.check(GEOSWKBWriter_write_r(geos.get(), writer, geometry, &size), "write WKB"),
        BufferDeleter{geos.get()});
    return multipolygon_from_wkb(
        std::string_view(reinterpret_cast<const char*>(buffer.get()), size));
}

}  // namespace sna::geo::detail
