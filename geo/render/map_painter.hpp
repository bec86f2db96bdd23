#pragma once
/// Draws a MapScene into a frame of a cairo context (PNG, SVG or a PDF page alike).
/// Private to geo/render.

#include "geo/render/cairo_handles.hpp"
#include "geo/render/map_scene.hpp"

namespace sna::geo::detail {

/// Paints `scene` into the rectangle (0, 0, width, height) of the current user space, with
/// scene.view filling it, then the furniture (title, legend, scale bar, source line).
void paint_map(cairo_t* cr, const MapScene& scene, double width, double height);

}  // namespace sna::geo::detail
