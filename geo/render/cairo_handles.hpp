#pragma once
/// RAII owners for cairo surfaces and contexts and an output stream into a std::string.
/// Private to geo/render: only this module's .cpp files include <cairo.h>.

#include <cairo.h>

#include <memory>
#include <string>

namespace sna::geo::detail {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

/// @throws std::runtime_error naming `what` and cairo's status text unless the status is success.
void check_cairo(cairo_status_t status, const char* what);

/// A context on `surface`, checked.
ContextPtr new_context(cairo_surface_t* surface);

/// cairo_write_func_t appending to the std::string passed as closure.
cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length);

}  // namespace sna::geo::detail
