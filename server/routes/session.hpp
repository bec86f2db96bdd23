#pragma once
/// Browser sessions (docs/access.md): the sign-in page and its form, sign-out, and
/// /api/session (who the browser is signed in as). The cookie itself is made and checked in
/// server/access (authenticate.hpp, session_cookie.hpp).

#include "server/config/server_config.hpp"
#include "server/routes/route_context.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace sna::server {

/// The largest form body /signin reads; larger is 413.
constexpr std::size_t max_form_bytes = 4096;

/// GET: the sign-in page (or who is signed in). POST (a form with `token`): 303 to the map
/// with the session cookie, or the page again with 401 and why; 413 for a body above
/// max_form_bytes, 415 for a body that is not application/x-www-form-urlencoded.
HttpResponse handle_sign_in(const RouteContext& ctx);
/// POST: clears the session cookie and sends the browser (303) to the map.
HttpResponse handle_sign_out(const RouteContext& ctx);
/// GET /api/session: {signed_in, name, groups, method, expires}; private, never cached, never
/// a token.
HttpResponse handle_session(const RouteContext& ctx);

/// Why a request that changes state is refused as cross-site (CSRF): its Origin, or without
/// one its Referer, must be the origin of the public URL (public_base_url); a request with
/// neither is refused too. nullopt when it comes from this site.
std::optional<std::string> cross_site_problem(const HttpRequest& request,
                                              const ServerConfig& config);

}  // namespace sna::server
