#pragma once
/// The security headers of every response, and the Content-Security-Policy of the web client's
/// HTML pages. Pure std (no Beast): the transport writes the first kind into every head
/// (http_wire.cpp), the router sets the policy on every HTML response (router.cpp).

#include "server/http/http_message.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace sna::server {

struct ServerConfig;

/// Sent with every response, errors and static files included, unless the response set its own:
/// no MIME sniffing of, say, a JSON error body as HTML; no full URLs (with their query) leaked
/// to other sites in Referer.
inline constexpr std::pair<std::string_view, std::string_view> every_response_headers[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
};

/// The Content-Security-Policy of the client's pages (web/index.html, /embed, /report/{code}):
/// scripts only from this site (no inline script, no eval); workers from this site or blob:
/// (MapLibre starts its worker from a blob: URL that imports the worker module); styles from
/// this site plus inline ones (MapLibre and the legend set style attributes); images from this
/// site, data: and blob:; fonts from this site; fetches to this site; plus the origin of
/// `config.basemap_url` for images and fetches when a basemap is configured. `frame_ancestors`
/// is the directive's value: "'self'" for the app's pages, config.frame_ancestors for /embed.
std::string content_security_policy(const ServerConfig& config,
                                    std::string_view frame_ancestors = "'self'");

/// True when the response's Content-Type is HTML (the pages a CSP protects).
bool is_html_response(const HttpResponse& response);

}  // namespace sna::server
