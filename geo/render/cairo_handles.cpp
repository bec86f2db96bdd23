#include "geo/render/cairo_handles.hpp"

#include <stdexcept>

namespace sna::geo::detail {

void check_cairo(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo: ") + what + ": " +
                                 cairo_status_to_string(status));
}

ContextPtr new_context(cairo_surface_t* surface) {
    check_cairo(cairo_surface_status(surface), "create surface");
    ContextPtr cr(cairo_create(surface));
    check_cairo(cairo_status(cr.get()), "create context");
    return cr;
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    auto* out = static_cast<std::string*>(closure);
    out->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace sna::geo::detail
