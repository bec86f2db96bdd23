#pragma once
/// Static map images: PNG (width*scale × height*scale pixels) and SVG (width × height px).
/// The same scene gives the same bytes every time.

#include "geo/render/map_scene.hpp"

#include <string>

namespace sna::geo {

/// @pre scene.view is not empty; width, height > 0
std::string render_png(const MapScene& scene);
std::string render_svg(const MapScene& scene);

}  // namespace sna::geo
