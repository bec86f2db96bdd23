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

#include <map>
#include <vector>

namespace sna::server {

namespace {

Query query_of(std::string_view query) {
    std::map<std::string, std::string> values;
    for (auto& [key, value] : parse_query(query)) values.emplace(std::move(key), std::move(value));
    return Query(std::move(values));
}

/// A weak ETag for a body not produced yet: the data version and the full target (path and
/// query as sent) determine it; W/ because the bytes are not hashed.
std::string stream_etag(const DataIndex& data, const HttpRequest& request) {
    return "W/\"" + geo::sha256_hex(data.data_version() + "\n" + request.target).substr(0, 20) +
           "\"";
}

}  // namespace

HttpResponse Router::handle(const HttpRequest& request) const {
    HttpResponse response;
    const Route* route = nullptr;
    try {
        response = dispatch(request, route);
    } catch (const geo::InvalidInput& e) {
        response = error_response(400, "bad request", e.what());
    } catch (const geo::NotFound& e) {
        response = error_response(404, "not found", e.what());
    } catch (const geo::DataError& e) {
        response = error_response(400, "bad request", e.what());
    }
    if (route) apply_route_flags(request, *route, response);
    // Every page, whichever route made it (the transport adds the headers every response has).
    if (is_html_response(response) && !response.headers.find("Content-Security-Policy"))
        response.headers.set("Content-Security-Policy", content_security_policy(m_services.config));
    apply_content_coding(request, response);
    return response;
}

CostClass Router::cost_of(const HttpRequest& request) const {
    if (request.method != "GET" && request.method != "HEAD") return CostClass::cheap;
    const TargetParts parts = split_target(request.target);
    if (parts.path.empty() || parts.path.front() != '/') return CostClass::cheap;
    try {
        const auto match = match_route(path_segments(parts.path));
        return match ? match->route->cost : CostClass::cheap;
    } catch (const geo::InvalidInput&) {
        return CostClass::cheap;
    }
}

HttpResponse Router::preflight() const {
    HttpResponse r;
    r.status = 204;
    r.route = "preflight";
    r.headers.set("Access-Control-Allow-Origin", m_services.config.cors_origin);
    r.headers.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
    r.headers.set("Access-Control-Allow-Headers", "If-None-Match, Accept-Encoding");
    r.headers.set("Access-Control-Max-Age", "86400");
    return r;
}

HttpResponse Router::dispatch(const HttpRequest& request, const Route*& matched) const {
    if (request.method == "OPTIONS") return preflight();
    const TargetParts parts = split_target(request.target);
    if (parts.path.empty() || parts.path.front() != '/')
        throw geo::InvalidInput("the request target must start with /");
    auto match = match_route(path_segments(parts.path));
    if (!match) throw geo::NotFound("no route for " + std::string(parts.path));
    const bool allowed = (request.method == "GET" && (match->route->methods & route_method::get)) ||
                         (request.method == "HEAD" && (match->route->methods & route_method::head));
    if (!allowed) {
        HttpResponse r = error_response(405, "method not allowed", "only GET and HEAD are served");
        r.headers.set("Allow", "GET, HEAD, OPTIONS");
        return r;
    }
    matched = match->route;
    const Query query = query_of(parts.query);
    const RouteContext context{request, match->path, query, m_services};
    return matched->handler(context);
}

/// What the route's row promises and the handler did not set itself: CORS, caching, an ETag of
/// 200 responses (304 comes with content coding, which may change the tag); and the route's
/// label for metrics and the access log.
/// The ETag is a strong hash of the body, or for a streamed body (not produced yet) a weak tag
/// of the data version and the request target: a streaming handler's body is a function of
/// those two alone (route_flag::etag).
void Router::apply_route_flags(const HttpRequest& request, const Route& route,
                               HttpResponse& r) const {
    const ServerConfig& config = m_services.config;
    r.route = std::string(route.label);
    if (r.status >= 400) return;  // error bodies carry no CORS or caching headers (as before)
    if ((route.flags & route_flag::cors) && !config.cors_origin.empty() &&
        !r.headers.find("Access-Control-Allow-Origin")) {
        r.headers.set("Access-Control-Allow-Origin", config.cors_origin);
    }
    if (r.status != 200) return;
    if ((route.flags & route_flag::cacheable) && !r.headers.find("Cache-Control"))
        r.headers.set("Cache-Control", config.cache_control_api);
    if ((route.flags & route_flag::etag) && !r.headers.find("ETag")) {
        const std::string etag = r.stream
                                     ? stream_etag(m_services.data, request)
                                     : "\"" + geo::sha256_hex(r.body_view()).substr(0, 20) + "\"";
        r.headers.set("ETag", etag);
    }
}

/// Gzip of every coded response, If-None-Match of either variant (content_encoding.hpp). A body
/// with a strong ETag is compressed once: its gzip is kept in the `compressed` cache under the
/// path and the tag (a strong tag names the bytes: a hash of the body, or a static file's size
/// and mtime), so memoised documents, TileJSON, style.json and the client's files are never
/// compressed twice while they stay in the cache. Bodies above an eighth of the cache's budget,
/// and bodies without a strong tag, are compressed for their response alone (their bytes are
/// then the response's own, charged to the transport's response memory like any body).
void Router::apply_content_coding(const HttpRequest& request, HttpResponse& response) const {
    const ServerConfig& config = m_services.config;
    // Called for gzip only, when the ETag is already the gzip variant's (as unique as the tag).
    const auto compress = [&](std::string_view body) {
        TileCache* cache = m_services.compressed;
        const std::string* etag = response.headers.find("ETag");
        const bool strong = etag != nullptr && etag->rfind("W/", 0) != 0;
        if (!strong || cache == nullptr || body.size() > cache->stats().budget_bytes / 8) {
            m_services.metrics.add_counter("snamap_gzip_compressions_total",
                                           "Response bodies gzip-compressed");
            return GzipBytes{nullptr, geo::gzip_compress(body)};
        }
        const std::string key = std::string(split_target(request.target).path) + "\n" + *etag;
        const auto entry = cache->get_or_create(key, [&] {
            m_services.metrics.add_counter("snamap_gzip_compressions_total",
                                           "Response bodies gzip-compressed");
            CachedTile gz;
            gz.gzip = geo::gzip_compress(body);
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
