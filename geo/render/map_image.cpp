#include "geo/render/map_image.hpp"

#include "geo/render/cairo_handles.hpp"
#include "geo/render/map_painter.hpp"

#include <cairo-svg.h>

#include <cmath>

namespace sna::geo {

std::string render_png(const MapScene& scene) {
    const int w = static_cast<int>(std::lround(scene.width * scene.scale));
    const int h = static_cast<int>(std::lround(scene.height * scene.scale));
    detail::SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
    {
        auto cr = detail::new_context(surface.get());
        cairo_scale(cr.get(), scene.scale, scene.scale);
        detail::paint_map(cr.get(), scene, scene.width, scene.height);
        detail::check_cairo(cairo_status(cr.get()), "draw map");
    }
    std::string out;
    detail::check_cairo(
        cairo_surface_write_to_png_stream(surface.get(), detail::append_to_string, &out),
        "write PNG");
    return out;
}

std::string render_svg(const MapScene& scene) {
    std::string out;
    {
        detail::SurfacePtr surface(cairo_svg_surface_create_for_stream(
            detail::append_to_string, &out, scene.width, scene.height));
        cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
        auto cr = detail::new_context(surface.get());
        detail::paint_map(cr.get(), scene, scene.width, scene.height);
        detail::check_cairo(cairo_status(cr.get()), "draw map");
        cr.reset();
        cairo_surface_finish(surface.get());
        detail::check_cairo(cairo_surface_status(surface.get()), "write SVG");
    }
    return out;
}

}  // namespace sna::geo
