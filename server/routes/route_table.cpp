#include "server/routes/route_table.hpp"

#include "server/routes/analysis.hpp"
#include "server/routes/areas.hpp"
#include "server/routes/catchments.hpp"
#include "server/routes/embeds.hpp"
#include "server/routes/exports.hpp"
#include "server/routes/images.hpp"
#include "server/routes/reports.hpp"
#include "server/routes/service.hpp"
#include "server/routes/session.hpp"
#include "server/routes/tiles.hpp"
#include "server/routes/versions.hpp"

#include <cassert>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace sna::server {

namespace {

using namespace route_flag;
constexpr unsigned read = route_method::read, post = route_method::post;
constexpr Access pub = Access::public_read, ops = Access::operators;
constexpr CostClass cheap = CostClass::cheap, analysis = CostClass::analysis,
                    heavy = CostClass::heavy;

// clang-format off
const std::vector<Route> table = {
    // id                          label                  pattern                             methods flags  access cost      handler
    {RouteId::health,           "health",              "/health",                          read, cors,      pub, cheap,    handle_health},
    // The server's own figures (request counts by route, queue depths): for operators only.
    {RouteId::metrics,          "metrics",             "/metrics",                         read, 0,         ops, cheap,    handle_metrics},
    {RouteId::catalog,          "catalog",             "/catalog",                         read, api,       pub, cheap,    handle_catalog},
    {RouteId::style,            "style",               "/style.json",                      read, api,       pub, cheap,    handle_style},
    {RouteId::tilejson,         "tilejson",            "/tiles/{layer}.json",              read, api,       pub, cheap,    handle_tilejson},
    {RouteId::tile,             "tile",                "/tiles/{layer}/{z}/{x}/{y}",       read, api,       pub, cheap,    handle_tile},
    {RouteId::indicators,       "api_indicators",      "/api/indicators",                  read, api,       pub, cheap,    handle_indicators},
    {RouteId::indicator_values, "api_values",          "/api/indicators/{id}/values",      read, api,       pub, cheap,    handle_indicator_values},
    {RouteId::area,             "api_area",            "/api/areas/{code}",                read, api,       pub, cheap,    handle_area},
    {RouteId::area_profile,     "api_profile",         "/api/areas/{code}/profile",        read, api,       pub, cheap,    handle_area_profile},
    {RouteId::area_series,      "api_series",          "/api/areas/{code}/series",         read, api,       pub, cheap,    handle_area_series},
    {RouteId::search,           "api_search",          "/api/search",                      read, api,       pub, cheap,    handle_search},
    // User-defined areas (docs/api.md, "Catchments"). The POST passes the router's cross-site
    // check like /signin's; a new catchment's overlaps are computed there, so it is an analysis.
    {RouteId::catchments,       "api_catchments",      "/api/catchments",                  post, cors,      pub, analysis, handle_catchment_create},
    {RouteId::catchment,        "api_catchment",       "/api/catchments/{id}",             read, api,       pub, cheap,    handle_catchment},
    {RouteId::catchment_profile,"api_catchment_profile","/api/catchments/{id}/profile",    read, api,       pub, analysis, handle_catchment_profile},
    {RouteId::aggregate,        "api_aggregate",       "/api/aggregate",                   read, api,       pub, analysis, handle_aggregate},
    {RouteId::composite,        "api_composite",       "/api/composite",                   read, api,       pub, analysis, handle_composite},
    {RouteId::hotspots,         "api_hotspots",        "/api/hotspots",                    read, api,       pub, analysis, handle_hotspots},
    {RouteId::priority_schools, "api_schools_priority","/api/schools/priority",            read, api,       pub, analysis, handle_priority_schools},
    // Provision against need: refused (403) to a tier that does not see the service layer.
    {RouteId::gaps,             "api_gaps",            "/api/gaps",                        read, api,       pub, analysis, handle_gaps},
    // The CSV body is streamed: its ETag is weak, of the data version and the target (router.cpp).
    // The XLSX is capped at config.max_xlsx_rows (413 beyond, pointing to the CSV).
    {RouteId::export_csv,       "api_export_csv",      "/api/export.csv",                  read, api,       pub, heavy,    handle_export_csv},
    {RouteId::export_xlsx,      "api_export_xlsx",     "/api/export.xlsx",                 read, api,       pub, heavy,    handle_export_xlsx},
    {RouteId::map_png,          "api_map_png",         "/api/map.png",                     read, api,       pub, heavy,    handle_map_png},
    // No body ETag: cairo numbers SVG surfaces and glyphs process-wide, so two renders of the
    // same map differ in their ids and a body hash would never match (found by the route test).
    {RouteId::map_svg,          "api_map_svg",         "/api/map.svg",                     read, cors | cacheable, pub, heavy, handle_map_svg},
    {RouteId::versions,         "api_versions",        "/api/versions",                    read, api,       pub, cheap,    handle_versions},
    {RouteId::changes,          "api_changes",         "/api/changes",                     read, api,       pub, analysis, handle_changes},
    {RouteId::embed,            "embed",               "/embed/?",                         read, 0,         pub, cheap,    handle_embed},
    {RouteId::oembed,           "oembed",              "/oembed",                          read, api,       pub, cheap,    handle_oembed},
    // A catchment's pack: its profile apportioned (overlaps cached per catchment) and typeset.
    {RouteId::catchment_report_pdf, "report_catchment_pdf", "/report/catchment/{id}.pdf",   read, api,       pub, heavy,    handle_catchment_report_pdf},
    {RouteId::catchment_report, "report_catchment",    "/report/catchment/{id}",           read, api,       pub, heavy,    handle_catchment_report_html},
    {RouteId::report_pdf,       "report_pdf",          "/report/{code}.pdf",               read, api,       pub, heavy,    handle_report_pdf},
    {RouteId::report_html,      "report",              "/report/{code}",                   read, api,       pub, heavy,    handle_report_html},
    // Browser sessions: the page and its form, sign-out, and who the browser is signed in as.
    // Public (signing in is how a caller leaves the public tier); never cached (session.cpp).
    {RouteId::sign_in,          "sign_in",             "/signin",                          read | post, 0,  pub, cheap,    handle_sign_in},
    {RouteId::sign_out,         "sign_out",            "/signout",                         post, 0,         pub, cheap,    handle_sign_out},
    {RouteId::session,          "api_session",         "/api/session",                     read, 0,         pub, cheap,    handle_session},
    {RouteId::api_not_found,    "not_found",           "/api/**",                          read, cors,      pub, cheap,    handle_api_not_found},
    {RouteId::api_not_found,    "not_found",           "/tiles/**",                        read, cors,      pub, cheap,    handle_api_not_found},
    {RouteId::static_file,      "static",              "/**",                              read, 0,         pub, cheap,    handle_static_file},
};
// clang-format on

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Whether one pattern segment fits one path segment: literal, `{name}` or `{name}.ext`.
bool segment_fits(std::string_view pattern, std::string_view segment) {
    if (pattern.empty() || pattern.front() != '{') return pattern == segment;
    const std::string_view ext = pattern.substr(pattern.find('}') + 1);
    return ext.empty() || (segment.size() > ext.size() && ends_with(segment, ext));
}

/// The parameter a fitting `{name}` or `{name}.ext` segment gives (none for a literal).
void add_parameter(std::string_view pattern, std::string_view segment, PathParams& params) {
    if (pattern.empty() || pattern.front() != '{') return;
    const auto close = pattern.find('}');
    const std::size_t ext = pattern.size() - close - 1;
    params.add(pattern.substr(1, close - 1), std::string(segment.substr(0, segment.size() - ext)));
}

std::vector<std::string_view> split_pattern(std::string_view pattern) {
    std::vector<std::string_view> out;
    std::size_t start = 1;
    while (start <= pattern.size()) {
        const std::size_t slash = pattern.find('/', start);
        out.push_back(pattern.substr(
            start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return out;
}

}  // namespace

const std::string& PathParams::operator[](std::string_view name) const {
    for (const auto& [n, v] : m_items) {
        if (n == name) return v;
    }
    assert(false && "the route's pattern does not name this parameter");
    throw std::logic_error("no path parameter '" + std::string(name) + "'");
}

std::string_view access_name(Access access) {
    switch (access) {
        case Access::public_read:
            return "public";
        case Access::operators:
            return operator_group;
    }
    return "unknown";
}

const std::vector<Route>& route_table() {
    return table;
}

namespace {

/// A pattern split once: its segments, and whether it ends in `/**` or `/?`.
struct SplitPattern {
    std::vector<std::string_view> parts;
    bool rest = false;
    bool optional_slash = false;
};

SplitPattern split_once(std::string_view pattern) {
    SplitPattern p{split_pattern(pattern)};
    if (!p.parts.empty() && p.parts.back() == "**") p.rest = true, p.parts.pop_back();
    if (!p.parts.empty() && p.parts.back() == "?") p.optional_slash = true, p.parts.pop_back();
    return p;
}

/// Whether the path fits the pattern; checked without allocating, since every request tries
/// the table's patterns in turn.
bool fits(const SplitPattern& p, const PathSegments& segments) {
    std::size_t count = segments.size();
    if (p.optional_slash && count == p.parts.size() + 1 && segments.back().empty()) --count;
    if (p.rest ? count < p.parts.size() : count != p.parts.size()) return false;
    for (std::size_t i = 0; i < p.parts.size(); ++i) {
        if (!segment_fits(p.parts[i], segments[i])) return false;
    }
    return true;
}

bool match_split(const SplitPattern& p, const PathSegments& segments, PathParams& params) {
    if (!fits(p, segments)) return false;
    params.reserve(p.parts.size());
    for (std::size_t i = 0; i < p.parts.size(); ++i) add_parameter(p.parts[i], segments[i], params);
    return true;
}

/// The table's patterns, split once per process (matching runs on every request).
const std::vector<SplitPattern>& split_table() {
    static const std::vector<SplitPattern> split = [] {
        std::vector<SplitPattern> out;
        for (const Route& route : table) out.push_back(split_once(route.pattern));
        return out;
    }();
    return split;
}

/// The routes a path may fit, by its first segment, each list in table order: those whose
/// pattern starts with that literal, merged with the open ones (a parameter or `/**` first),
/// which any first segment may fit. A tile request tries four patterns, not the whole table.
struct FirstSegmentIndex {
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_literal;
    std::vector<std::size_t> open;

    const std::vector<std::size_t>& candidates(const PathSegments& segments) const {
        if (segments.empty()) return open;
        const auto it = by_literal.find(segments.front());
        return it == by_literal.end() ? open : it->second;
    }
};

const FirstSegmentIndex& first_segment_index() {
    static const FirstSegmentIndex index = [] {
        FirstSegmentIndex out;
        const auto& split = split_table();
        for (std::size_t i = 0; i < split.size(); ++i) {
            const auto& parts = split[i].parts;
            if (parts.empty() || (!parts.front().empty() && parts.front().front() == '{')) {
                out.open.push_back(i);
                for (auto& [literal, routes] : out.by_literal) routes.push_back(i);
            } else {
                auto [it, added] = out.by_literal.try_emplace(parts.front());
                if (added) it->second = out.open;
                it->second.push_back(i);
            }
        }
        return out;
    }();
    return index;
}

}  // namespace

bool match_pattern(std::string_view pattern, const PathSegments& segments, PathParams& params) {
    return match_split(split_once(pattern), segments, params);
}

std::optional<RouteMatch> match_route(const PathSegments& segments) {
    const auto& split = split_table();
    for (const std::size_t i : first_segment_index().candidates(segments)) {
        PathParams params;
        if (match_split(split[i], segments, params))
            return RouteMatch{&table[i], std::move(params)};
    }
    return std::nullopt;
}

}  // namespace sna::server
