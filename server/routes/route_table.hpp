#pragma once
/// The route table: one row per route, declaring its path, methods, flags, access rule and cost
/// class (docs/style.md §9, "routes declared, not inferred"). Behaviour common to routes (CORS,
/// ETag, caching, metrics labels) is decided from the row, never from a label string.

#include "server/http/work_pools.hpp"
#include "server/routes/route_context.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sna::server {

enum class RouteId {
    health,
    metrics,
    catalog,
    style,
    tilejson,
    tile,
    indicators,
    indicator_values,
    area,
    area_profile,
    area_series,
    search,
    catchments,
    catchment,
    catchment_profile,
    aggregate,
    composite,
    hotspots,
    priority_schools,
    gaps,
    export_csv,
    export_xlsx,
    map_png,
    map_svg,
    versions,
    changes,
    embed,
    oembed,
    report_pdf,
    report_html,
    catchment_report_pdf,
    catchment_report,
    sign_in,
    sign_out,
    session,
    api_not_found,
    static_file,
};

/// Behaviour the router adds to a route's responses.
namespace route_flag {
constexpr unsigned cors = 1u << 0;  ///< Access-Control-Allow-Origin (config.cors_origin)
/// A strong ETag of a 200 body, 304 on If-None-Match. A streamed body (HttpResponse::stream)
/// gets a weak ETag of the data version and the request target instead: a route that streams
/// with this flag answers a function of those two alone.
constexpr unsigned etag = 1u << 1;
constexpr unsigned cacheable = 1u << 2;  ///< config.cache_control_api unless the handler set one
constexpr unsigned api = cors | etag | cacheable;
}  // namespace route_flag

/// Methods a route answers (OPTIONS preflight is answered by the router for every path).
namespace route_method {
constexpr unsigned get = 1u << 0;
constexpr unsigned head = 1u << 1;
constexpr unsigned read = get | head;
/// A request that changes state (signing in or out): the router refuses it unless it comes
/// from the server's own pages (cross_site_problem, server/routes/session.hpp).
constexpr unsigned post = 1u << 2;
}  // namespace route_method

/// Who may call a route (docs/access.md). `public_read`: anyone, answered from the caller's tier's
/// world. `operators`: only callers in the group `operator_group` (the server's own figures, for
/// a Prometheus scraper with a token): anonymous callers get 401, others 403.
enum class Access { public_read, operators };

/// The group whose members may call `Access::operators` routes.
inline constexpr std::string_view operator_group = "operator";

/// "public" or "operator": the rule's name in `snamap routes` and the docs.
std::string_view access_name(Access access);

// CostClass (cheap, analysis, heavy) is the transport's: it decides where a handler runs
// (server/http/work_pools.hpp).

struct Route {
    RouteId id;
    std::string_view label;  ///< metrics and access-log label, e.g. "api_profile"
    /// `/api/areas/{code}/profile`: literal segments, `{name}` (one segment), `{name}.ext` (one
    /// segment ending in .ext, the parameter without it), a final `/?` (optional trailing
    /// slash) or a final `/**` (any remainder, including none).
    std::string_view pattern;
    unsigned methods;
    unsigned flags;
    Access access;
    CostClass cost;
    Handler handler;
};

/// Every route, in matching order (the first match wins).
const std::vector<Route>& route_table();

struct RouteMatch {
    const Route* route;
    PathParams path;
};

/// A request path's decoded segments ("/a/b" → {"a", "b"}), viewing the path or its decoding.
using PathSegments = std::vector<std::string_view>;

/// The first route whose pattern matches the decoded path segments ("/a/b" → {"a", "b"}).
std::optional<RouteMatch> match_route(const PathSegments& segments);

/// Whether `pattern` matches `segments`; fills `params` on a match (exposed for tests).
bool match_pattern(std::string_view pattern, const PathSegments& segments, PathParams& params);

}  // namespace sna::server
