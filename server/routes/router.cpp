#include "server/routes/router.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/sha256.hpp"
#include "geo/tiles/gzip.hpp"
#include "server/config/server_config.hpp"
#include "server/http/content_encoding.hpp"
#include "server/http/metrics.hpp"
#include "server/http/responses.hpp"
#include "server/http/security_headers.hpp"
#include "server/http/url.hpp"
#include "server/index/data_index.hpp"
#include "server/index/tile_cache.hpp"
#include "server/routes/session.hpp"

#include <map>
#include <optional>
#include <vector>

namespace sna::server {

namespace {

Query query_of(std::string_view query) {
    std::map<std::string, std::string> values;
    for (auto& [key, value] : parse_query(query)) values.emplace(std::move(key), std::move(value));
    return Query(std::move(values));
}

/// Mixed into ETags of the non-public tiers, so a validator never matches across tiers (public
/// tags are as they were before tiers existed).
std::string tier_salt(const DataIndex& data) {
    return data.tier() == "public" ? std::string() : "\n" + data.tier();
}

/// The first 20 hex digits of the SHA-256 of the body, then the salt.
std::string body_hash(std::string_view body, const std::string& salt) {
    geo::Sha256 hash;
    hash.update(body);
    hash.update(salt);
    return hash.hex_digest().substr(0, 20);
}

/// A weak ETag for a body not produced yet: the data version and the full target (path and
/// query as sent) determine it; W/ because the bytes are not hashed.
std::string stream_etag(const DataIndex& data, const HttpRequest& request) {
    return "W/\"" +
           geo::sha256_hex(data.data_version() + "\n" + request.target + tier_salt(data))
               .substr(0, 20) +
           "\"";
}

/// 401 for a credential presented and refused (RFC 6750 §3): never cached, never downgraded to
/// the public answer, so a caller with a revoked token finds out.
HttpResponse refused_credentials(const std::string& reason) {
    HttpResponse r = error_response(401, "unauthorized", reason);
    r.route = "unauthorized";
    r.headers.set(
        "WWW-Authenticate",
        "Bearer realm=\"snamap\", error=\"invalid_token\", error_description=\"" + reason + "\"");
    r.headers.set("Cache-Control", "no-store");
    return r;
}

bool is_read_method(const std::string& method) {
    return method == "GET" || method == "HEAD";
}

unsigned method_bit(const std::string& method) {
    if (method == "GET") return route_method::get;
    if (method == "HEAD") return route_method::head;
    if (method == "POST") return route_method::post;
    return 0;
}

/// The Allow header of a route's methods (RFC 9110 §10.2.1), OPTIONS included.
std::string allowed_methods(unsigned methods) {
    std::string out;
    for (const auto& [bit, name] :
         {std::pair{route_method::get, "GET"}, std::pair{route_method::head, "HEAD"},
          std::pair{route_method::post, "POST"}})
        if (methods & bit) out += std::string(name) + ", ";
    return out + "OPTIONS";
}

/// The route's access rule (route_table.hpp): 401 asks an anonymous caller for credentials, 403
/// tells an identified one their groups do not include the one the route needs.
std::optional<HttpResponse> refuse_by_rule(const Route& route, const Identity& caller) {
    if (route.access == Access::public_read) return std::nullopt;
    const std::string group(operator_group);
    if (caller.groups.count(group)) return std::nullopt;
    const std::string need = "this route is for callers in the group '" + group + "'";
    HttpResponse r = caller.anonymous()
                         ? error_response(401, "unauthorized", need + ": send a token")
                         : error_response(403, "forbidden", need);
    if (caller.anonymous()) r.headers.set("WWW-Authenticate", "Bearer realm=\"snamap\"");
    r.headers.set("Cache-Control", "no-store");
    return r;
}

HeaderList without_header(const HeaderList& headers, std::string_view name) {
    HeaderList kept;
    for (const auto& [n, v] : headers.items())
        if (!HeaderList::equals(n, name)) kept.add(n, v);
    return kept;
}

}  // namespace

Router::Router(const Services& services) : m_tiers(m_single), m_config(services.config) {
    m_single.add({}, services);
}

Router::Router(const Tiers& tiers, const Authenticator* authenticator)
    : m_tiers(tiers), m_authenticator(authenticator), m_config(tiers.public_services().config) {}

HttpResponse Router::handle(const HttpRequest& request) const {
    Identity caller;
    std::string ended_session;
    if (m_authenticator) {
        auto identified = m_authenticator->identify(request, &ended_session);
        if (const auto* refusal = std::get_if<Refusal>(&identified))
            return refused_credentials(refusal->reason);
        caller = std::move(std::get<Identity>(identified));
    }
    // The caller's tier's world, chosen once for the whole request.
    const Services& world = m_tiers.for_groups(caller.groups);
    HttpResponse response;
    const Route* route = nullptr;
    try {
        response = dispatch(request, world, caller, route);
    } catch (const geo::InvalidInput& e) {
        response = error_response(400, "bad request", e.what());
    } catch (const geo::NotFound& e) {
        response = error_response(404, "not found", e.what());
    } catch (const geo::DataError& e) {
        response = error_response(400, "bad request", e.what());
    }
    if (route) apply_route_flags(request, *route, world, caller, response);
    // Every page, whichever route made it (the transport adds the headers every response has).
    if (is_html_response(response) && !response.headers.find("Content-Security-Policy"))
        response.headers.set("Content-Security-Policy", content_security_policy(m_config));
    apply_content_coding(request, world, response);
    apply_tier_headers(caller, response);
    // A session cookie not honoured (tampered, expired, its token revoked): answered as
    // anonymous, and the browser told to drop it (docs/access.md).
    if (!ended_session.empty() && !response.headers.find("Set-Cookie")) {
        response.headers.add("Set-Cookie", m_authenticator->sign_out_cookie());
        response.headers.set("Cache-Control", "no-store");
    }
    if (!caller.anonymous()) response.caller = caller.name + " (" + caller.method + ")";
    return response;
}

CostClass Router::classify(HttpRequest& request) const {
    if (!is_read_method(request.method)) return CostClass::cheap;
    const TargetParts parts = split_target(request.target);
    if (parts.path.empty() || parts.path.front() != '/') return CostClass::cheap;
    try {
        auto match = match_of(request, parts.path);
        const CostClass cost = match ? match->route->cost : CostClass::cheap;
        request.routing = std::move(match);
        return cost;
    } catch (const geo::InvalidInput&) {
        return CostClass::cheap;
    }
}

std::shared_ptr<const RouteMatch> Router::match_of(const HttpRequest& request,
                                                   std::string_view path) const {
    if (request.routing) return std::static_pointer_cast<const RouteMatch>(request.routing);
    std::vector<std::string> decoded;
    auto match = match_route(path_segment_views(path, decoded));
    return match ? std::make_shared<const RouteMatch>(std::move(*match)) : nullptr;
}

HttpResponse Router::preflight() const {
    HttpResponse r;
    r.status = 204;
    r.route = "preflight";
    r.headers.set("Access-Control-Allow-Origin", m_config.cors_origin);
    r.headers.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    r.headers.set("Access-Control-Allow-Headers", "If-None-Match, Accept-Encoding, Authorization");
    r.headers.set("Access-Control-Max-Age", "86400");
    return r;
}

HttpResponse Router::dispatch(const HttpRequest& request, const Services& world,
                              const Identity& identity, const Route*& matched) const {
    if (request.method == "OPTIONS") return preflight();
    const TargetParts parts = split_target(request.target);
    if (parts.path.empty() || parts.path.front() != '/')
        throw geo::InvalidInput("the request target must start with /");
    const auto match = match_of(request, parts.path);
    if (!match) throw geo::NotFound("no route for " + std::string(parts.path));
    matched = match->route;  // its label names the 405 and 403 below in metrics and logs
    const unsigned methods = match->route->methods;
    if ((method_bit(request.method) & methods) == 0) {
        const std::string allow = allowed_methods(methods);
        HttpResponse r = error_response(405, "method not allowed", "this path answers " + allow);
        r.headers.set("Allow", allow);
        return r;
    }
    if (auto refusal = refuse_by_rule(*matched, identity)) return std::move(*refusal);
    // Cross-site request forgery: a request that changes state must come from our own pages.
    if (!is_read_method(request.method)) {
        if (const auto problem = cross_site_problem(request, m_config))
            return error_response(403, "forbidden", *problem);
    }
    const Query query = query_of(parts.query);
    const RouteContext context{request, match->path, query, world, identity, m_authenticator};
    return matched->handler(context);
}

/// What the route's row promises and the handler did not set itself: CORS, caching, an ETag of
/// 200 responses (304 comes with content coding, which may change the tag); and the route's
/// label for metrics and the access log.
/// The ETag is a strong hash of the body, or for a streamed body (not produced yet) a weak tag
/// of the data version and the request target: a streaming handler's body is a function of
/// those two alone (route_flag::etag).
void Router::apply_route_flags(const HttpRequest& request, const Route& route,
                               const Services& world, const Identity& caller,
                               HttpResponse& r) const {
    const ServerConfig& config = m_config;
    r.route = std::string(route.label);
    if (r.status >= 400) return;  // error bodies carry no CORS or caching headers (as before)
    // A wildcard origin is for anonymous answers only: credentials never go to any site.
    const bool wildcard_for_caller = config.cors_origin == "*" && !caller.anonymous();
    if ((route.flags & route_flag::cors) && !config.cors_origin.empty() && !wildcard_for_caller &&
        !r.headers.find("Access-Control-Allow-Origin")) {
        r.headers.set("Access-Control-Allow-Origin", config.cors_origin);
    }
    if (r.status != 200) return;
    if ((route.flags & route_flag::cacheable) && !r.headers.find("Cache-Control"))
        r.headers.set("Cache-Control", config.cache_control_api);
    if ((route.flags & route_flag::etag) && !r.headers.find("ETag")) {
        const DataIndex& data = world.data;
        const std::string etag = r.stream ? stream_etag(data, request)
                                          : "\"" + body_hash(r.body_view(), tier_salt(data)) + "\"";
        r.headers.set("ETag", etag);
    }
}

void Router::apply_tier_headers(const Identity& caller, HttpResponse& r) const {
    if (!caller.anonymous()) {
        r.headers.set("Cache-Control", "private, no-cache");
        // Handlers that set their own CORS header (tiles, TileJSON, catalog, style, oEmbed) do
        // not know who asks: a wildcard origin never goes with credentials, whoever set it.
        if (const auto* origin = r.headers.find("Access-Control-Allow-Origin");
            origin && *origin == "*")
            r.headers = without_header(r.headers, "Access-Control-Allow-Origin");
    }
    if (!m_tiers.tiered() && caller.anonymous()) return;
    const auto* vary = r.headers.find("Vary");
    r.headers.set("Vary", (vary ? *vary + ", " : std::string()) + "Authorization, Cookie");
}

namespace {

/// The zlib level for a response body. The client's files are compressed once per process and
/// kept, so the best ratio pays; an API answer (a composite or values map at national size is
/// 0.7–5 MB) is mostly compressed for its first and only request: geo::quick_gzip_level.
int gzip_level_for(const HttpResponse& response, std::size_t body_size) {
    return response.route == "static" ? geo::default_gzip_level : geo::quick_gzip_level(body_size);
}

}  // namespace

/// Gzip of every coded response, If-None-Match of either variant (content_encoding.hpp). A body
/// with a strong ETag is compressed once: its gzip is kept in the `compressed` cache under the
/// path and the tag (a strong tag names the bytes: a hash of the body, or a static file's size
/// and mtime), so memoised documents, TileJSON, style.json and the client's files are never
/// compressed twice while they stay in the cache. Bodies above an eighth of the cache's budget,
/// and bodies without a strong tag, are compressed for their response alone (their bytes are
/// then the response's own, charged to the transport's response memory like any body).
void Router::apply_content_coding(const HttpRequest& request, const Services& services,
                                  HttpResponse& response) const {
    const ServerConfig& config = m_config;
    // Called for gzip only, when the ETag is already the gzip variant's (as unique as the tag).
    const auto compress = [&](std::string_view body) {
        TileCache* cache = services.compressed;
        const int level = gzip_level_for(response, body.size());
        const std::string* etag = response.headers.find("ETag");
        const bool strong = etag != nullptr && etag->rfind("W/", 0) != 0;
        if (!strong || cache == nullptr || body.size() > cache->stats().budget_bytes / 8) {
            services.metrics.add_counter("snamap_gzip_compressions_total",
                                         "Response bodies gzip-compressed");
            return GzipBytes{nullptr, geo::gzip_compress(body, level)};
        }
        const std::string key = std::string(split_target(request.target).path) + "\n" + *etag;
        const auto entry = cache->get_or_create(key, [&] {
            services.metrics.add_counter("snamap_gzip_compressions_total",
                                         "Response bodies gzip-compressed");
            CachedTile gz;
            gz.gzip = geo::gzip_compress(body, level);
            gz.raw_size = body.size();
            return gz;
        });
        return GzipBytes{std::shared_ptr<const std::string>(entry, &entry->gzip), {}};
    };
    negotiate_content_coding(request, response,
                             CompressionOptions{config.compression, config.compression_min_bytes},
                             compress);
}

}  // namespace sna::server
