#pragma once
/// Service routes: health, metrics, the web client's static files and the 404 of unknown API
/// paths.

#include "server/routes/route_context.hpp"

namespace sna::server {

HttpResponse handle_health(const RouteContext& ctx);
/// Prometheus text exposition of the server's metrics.
HttpResponse handle_metrics(const RouteContext& ctx);
/// Any other path under /api/ or /tiles/: 404 pointing at docs/api.md.
HttpResponse handle_api_not_found(const RouteContext& ctx);
/// Files of the web client (config.web_root); 404 when the server has none.
HttpResponse handle_static_file(const RouteContext& ctx);

}  // namespace sna::server
