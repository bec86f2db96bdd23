#pragma once
/// Vector tiles, TileJSON 3.0, the layer catalog and the MapLibre style document.

#include "server/routes/route_context.hpp"

namespace sna::server {

/// `/tiles/{layer}/{z}/{x}/{y}.mvt`: 200 (gzip when accepted, with its own ETag), 204 empty,
/// 304 for the tag of either coding, 400, 404.
HttpResponse handle_tile(const RouteContext& ctx);
/// `/tiles/{layer}.json`: TileJSON 3.0.0.
HttpResponse handle_tilejson(const RouteContext& ctx);
/// `/catalog`: the tile layers with their zoom ranges and headline indicators.
HttpResponse handle_catalog(const RouteContext& ctx);
/// `/style.json?indicator=ID[&classes=5&method=quantiles]`.
HttpResponse handle_style(const RouteContext& ctx);

}  // namespace sna::server
