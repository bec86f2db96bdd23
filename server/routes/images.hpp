#pragma once
/// /api/map.png and /api/map.svg: static choropleth maps drawn on the server with cairo.

#include "server/routes/route_context.hpp"

namespace sna::server {

/// @throws InvalidInput / NotFound for bad parameters; answers 413 for images over the size cap.
HttpResponse handle_map_png(const RouteContext& ctx);
HttpResponse handle_map_svg(const RouteContext& ctx);

}  // namespace sna::server
