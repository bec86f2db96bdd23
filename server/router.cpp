#include "server/router.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/sha256.hpp"
#include "server/analysis_handlers.hpp"
#include "server/api_handlers.hpp"
#include "server/area_report.hpp"
#include "server/embed_handlers.hpp"
#include "server/image_handlers.hpp"
#include "server/metrics.hpp"
#include "server/profile_handler.hpp"
#include "server/responses.hpp"
#include "server/server_config.hpp"
#include "server/static_files.hpp"
#include "server/tile_handlers.hpp"
#include "server/url.hpp"
#include "server/version_handlers.hpp"

#include <map>
#include <mutex>
#include <vector>

namespace sna::server {

namespace {

/// Splits "/a/b/c" into decoded segments. @throws InvalidInput on bad percent-encoding.
std::vector<std::string> path_segments(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const auto raw = path.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        const auto decoded = percent_decode(raw);
        if (!decoded) throw geo::InvalidInput("bad percent-encoding in the path");
        out.push_back(*decoded);
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

Query query_of(std::string_view query) {
    std::map<std::string, std::string> values;
    for (auto& [key, value] : parse_query(query)) values.emplace(std::move(key), std::move(value));
    return Query(std::move(values));
}

bool is_api_route(const std::string& route) {
    return route.rfind("api_", 0) == 0 || route == "catalog" || route == "style" ||
           route == "tilejson" || route == "oembed" || route == "report" || route == "report_pdf";
}

}  // namespace

HttpResponse Router::handle(const HttpRequest& request) const {
    HttpResponse response;
    try {
        response = dispatch(request);
    } catch (const geo::InvalidInput& e) {
        response = error_response(400, "bad request", e.what());
    } catch (const geo::NotFound& e) {
        response = error_response(404, "not found", e.what());
    } catch (const geo::DataError& e) {
        response = error_response(400, "bad request", e.what());
    } catch (const std::exception& e) {
        const auto id = ++m_error_ids;
        {
            static std::mutex log_mutex;
            std::lock_guard<std::mutex> lock(log_mutex);
            m_log << "error " << id << " on " << request.method << " " << request.target << ": "
                  << e.what() << std::endl;
        }
        response = error_response(500, "internal error", "request id " + std::to_string(id));
    }
    finish(request, response);
    return response;
}

HttpResponse Router::dispatch(const HttpRequest& request) const {
    const Services& s = m_services;
    if (request.method == "OPTIONS") {
        HttpResponse r;
        r.status = 204;
        r.route = "preflight";
        r.headers.set("Access-Control-Allow-Origin", s.config.cors_origin);
        r.headers.set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        r.headers.set("Access-Control-Allow-Headers", "If-None-Match, Accept-Encoding");
        r.headers.set("Access-Control-Max-Age", "86400");
        return r;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        HttpResponse r = error_response(405, "method not allowed", "only GET and HEAD are served");
        r.headers.set("Allow", "GET, HEAD, OPTIONS");
        return r;
    }
    const TargetParts parts = split_target(request.target);
    if (parts.path.empty() || parts.path.front() != '/')
        throw geo::InvalidInput("the request target must start with /");
    const auto seg = path_segments(parts.path);
    const Query query = query_of(parts.query);
    const auto is = [&](std::initializer_list<const char*> fixed) {
        if (seg.size() != fixed.size()) return false;
        std::size_t i = 0;
        for (const char* f : fixed) {
            if (*f != '*' && seg[i] != f) return false;
            ++i;
        }
        return true;
    };
    if (is({"health"})) return handle_health(s.data);
    if (is({"metrics"})) {
        HttpResponse r = text_response(s.metrics.render(),
                                       "text/plain; version=0.0.4; charset=utf-8", "metrics");
        r.headers.set("Cache-Control", "no-store");
        return r;
    }
    if (is({"catalog"})) return handle_catalog(request, s);
    if (is({"style.json"})) return handle_style(request, s, query);
    if (is({"tiles", "*"}) && seg[1].size() > 5 &&
        seg[1].compare(seg[1].size() - 5, 5, ".json") == 0) {
        return handle_tilejson(request, s, seg[1].substr(0, seg[1].size() - 5));
    }
    if (is({"tiles", "*", "*", "*", "*"}))
        return handle_tile(request, s, seg[1], seg[2], seg[3], seg[4]);
    if (is({"api", "indicators"})) return handle_indicators(s.data);
    if (is({"api", "indicators", "*", "values"}))
        return handle_indicator_values(s.data, seg[2], query);
    if (is({"api", "areas", "*"})) return handle_area(s.data, seg[2], query);
    if (is({"api", "areas", "*", "profile"})) return handle_area_profile(s.data, seg[2], query);
    if (is({"api", "areas", "*", "series"})) return handle_area_series(s.data, seg[2], query);
    if (is({"api", "search"})) return handle_search(s.data, query);
    if (is({"api", "aggregate"})) return handle_aggregate(s.data, query);
    if (is({"api", "composite"})) return handle_composite(s.data, query);
    if (is({"api", "hotspots"})) return handle_hotspots(s.data, s.analysis, query);
    if (is({"api", "schools", "priority"}))
        return handle_priority_schools(s.data, s.analysis, query);
    if (is({"api", "export.csv"})) return handle_export_csv(s.data, query);
    if (is({"api", "versions"})) return handle_versions(s);
    if (is({"api", "changes"})) return handle_changes(s, query);
    if (is({"api", "export.xlsx"})) return handle_export_xlsx(s.data, query);
    if (is({"api", "map.png"})) return handle_map_image(query, s, ImageFormat::png);
    if (is({"api", "map.svg"})) return handle_map_image(query, s, ImageFormat::svg);
    if (is({"embed"}) || (is({"embed", ""}))) return handle_embed(request, s);
    if (is({"oembed"})) return handle_oembed(request, s, query);
    if (is({"report", "*"})) {
        const std::string& code = seg[1];
        if (code.size() > 4 && code.compare(code.size() - 4, 4, ".pdf") == 0)
            return handle_report_pdf(request, s, code.substr(0, code.size() - 4), query);
        return handle_report_html(request, s, code, query);
    }
    if (!seg.empty() && (seg[0] == "api" || seg[0] == "tiles")) {
        throw geo::NotFound("no route for " + std::string(parts.path) + " (see docs/api.md)");
    }
    if (!s.config.web_root.empty()) return serve_static(request, s.config.web_root);
    throw geo::NotFound("no route for " + std::string(parts.path));
}

/// Headers every response gets: CORS, caching, a strong ETag for API bodies with 304 support.
void Router::finish(const HttpRequest& request, HttpResponse& r) const {
    if (is_api_route(r.route) || r.route == "health") {
        if (!r.headers.get("Access-Control-Allow-Origin") &&
            !m_services.config.cors_origin.empty()) {
            r.headers.set("Access-Control-Allow-Origin", m_services.config.cors_origin);
        }
    }
    if (r.status == 200 && is_api_route(r.route)) {
        if (!r.headers.get("Cache-Control"))
            r.headers.set("Cache-Control", m_services.config.cache_control_api);
        const std::string etag = "\"" + geo::sha256_hex(r.body_view()).substr(0, 20) + "\"";
        r.headers.set("ETag", etag);
        r.headers.set("Vary", "Accept-Encoding");
        if (request.headers.get_or("If-None-Match") == etag) {
            r.status = 304;
            r.clear_body();
        }
    }
}

}  // namespace sna::server
