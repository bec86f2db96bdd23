#pragma once
/// Vector tiles, TileJSON 3.0, the layer catalog and the MapLibre style document.

#include "server/http_message.hpp"
#include "server/query.hpp"
#include "server/services.hpp"

#include <string>

namespace sna::server {

/// `/tiles/{layer}/{z}/{x}/{y}.mvt`: 200 (gzip when accepted), 204 empty, 304, 400, 404.
HttpResponse handle_tile(const HttpRequest& request, const Services& services,
                         const std::string& layer, const std::string& z, const std::string& x,
                         const std::string& y_with_extension);
HttpResponse handle_tilejson(const HttpRequest& request, const Services& services,
                             const std::string& layer);
HttpResponse handle_catalog(const HttpRequest& request, const Services& services);
/// `/style.json?indicator=ID[&classes=5&method=quantiles]`.
HttpResponse handle_style(const HttpRequest& request, const Services& services, const Query& query);

/// "http://host:port" from the Host header (validated) and X-Forwarded-Proto.
std::string base_url(const HttpRequest& request);

}  // namespace sna::server
