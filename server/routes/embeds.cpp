#include "server/routes/embeds.hpp"

#include "geo/core/errors.hpp"
#include "server/config/server_config.hpp"
#include "server/http/responses.hpp"
#include "server/http/security_headers.hpp"
#include "server/http/static_files.hpp"
#include "server/http/url.hpp"
#include "server/index/data_index.hpp"
#include "server/routes/catchments.hpp"
#include "server/routes/reserved.hpp"
#include "server/routes/tiles.hpp"
#include "server/views/html_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace sna::server {

namespace {

/// The embed URL's query for a map URL of this server: /embed?… as is, the app's /#… hash
/// turned into a query. nullopt when the URL is not a map of this server.
std::optional<std::string> embed_query(const std::string& url, const std::string& base) {
    if (url.rfind(base + "/", 0) != 0) return std::nullopt;
    const std::string rest = url.substr(base.size());
    for (const char* prefix : {"/embed?", "/embed/?"}) {
        const std::string p = prefix;
        if (rest.rfind(p, 0) == 0) return rest.substr(p.size());
    }
    if (rest == "/embed" || rest == "/embed/" || rest == "/") return std::string();
    if (rest.rfind("/#", 0) == 0) return rest.substr(2);
    if (rest.rfind("/?", 0) == 0) return rest.substr(2);
    return std::nullopt;
}

/// A static image of the embedded view (the permalink's short keys: i, p, m, k, sel).
std::string thumbnail_url(const std::string& base, const std::string& params) {
    std::map<std::string, std::string> state;
    for (auto& [key, value] : parse_query(params)) state.emplace(std::move(key), std::move(value));
    const auto indicator = state.find("i");
    if (indicator == state.end() || indicator->second.empty()) return "";
    std::string url = base + "/api/map.png?indicator=" + percent_encode(indicator->second);
    const std::pair<const char*, const char*> keys[] = {
        {"p", "period"}, {"m", "method"}, {"k", "classes"}};
    for (const auto& [short_key, long_key] : keys) {
        const auto it = state.find(short_key);
        if (it != state.end())
            url += std::string("&") + long_key + "=" + percent_encode(it->second);
    }
    const auto catchment = state.find("catchment");
    if (catchment != state.end()) url += "&catchment=" + percent_encode(catchment->second);
    const auto selection = state.find("sel");
    if (selection != state.end() && catchment == state.end()) {
        const auto colon = selection->second.find(':');
        url += "&highlight=" +
               percent_encode(selection->second.substr(colon == std::string::npos ? 0 : colon + 1));
    }
    return url + "&width=400&height=300&attribution=0&scalebar=0";
}

/// Ids the view's state names (the permalink's short keys): the indicator `i`, the composite's
/// weights `w` ("id:weight,…") and the overlay layers `lyr`.
std::pair<std::vector<std::string>, std::vector<std::string>> view_ids(const std::string& params) {
    std::vector<std::string> indicators, layers;
    const auto split = [](const std::string& list, std::vector<std::string>& out, bool weights) {
        std::size_t start = 0;
        while (start <= list.size()) {
            const std::size_t comma = std::min(list.find(',', start), list.size());
            std::string item = list.substr(start, comma - start);
            if (weights) item = item.substr(0, item.find(':'));
            if (!item.empty()) out.push_back(item);
            start = comma + 1;
        }
    };
    for (const auto& [key, value] : parse_query(params)) {
        if (key == "i") indicators.push_back(value);
        if (key == "w") split(value, indicators, true);
        if (key == "lyr") split(value, layers, false);
    }
    return {indicators, layers};
}

/// What of the embedded view the caller's tier withholds (empty: the view can be shown).
ReservedItems withheld_in_view(const DataIndex& data, const std::string& params) {
    const auto [indicators, layers] = view_ids(params);
    return withheld_among(data.reservations(), indicators, layers);
}

constexpr const char* reserved_view = "This map shows data that";

}  // namespace

HttpResponse handle_embed(const RouteContext& ctx) {
    const HttpRequest& request = ctx.request;
    const Services& s = ctx.services;
    if (s.config.web_root.empty()) throw geo::NotFound("this server has no web client");
    // Refused, not drawn without the reserved parts, so a viewer never takes a partial map
    // for the whole one.
    const auto reserved = withheld_in_view(s.data, std::string(split_target(request.target).query));
    if (!reserved.empty()) return reserved_page(reserved, reserved_view, "embed");
    // A view framed on a catchment: the page draws its outline (web/js/catchment.js); an id
    // that is not one is a 400 and an unknown one a 404 here, not a map of nothing.
    if (const auto id = ctx.query.get("catchment")) find_catchment(s, *id);
    HttpRequest page = request;
    page.target = "/embed/index.html";
    HttpResponse r = serve_static(page, s.config.web_root);
    r.route = "embed";
    r.headers.set("Content-Security-Policy",
                  content_security_policy(s.config, s.config.frame_ancestors));
    r.headers.set("Cache-Control", "no-cache");
    return r;
}

HttpResponse handle_oembed(const RouteContext& ctx) {
    const Services& s = ctx.services;
    const Query& query = ctx.query;
    const std::string format = query.get_or("format", "json");
    if (format != "json")
        return error_response(501, "not implemented", "only format=json is offered", "oembed");
    const std::string url = query.require("url");
    const std::string base = public_base_url(s.config);
    const auto params = embed_query(url, base);
    if (!params) throw geo::NotFound("not a map URL of this server: '" + url + "'");
    if (const auto reserved = withheld_in_view(s.data, *params); !reserved.empty())
        return reserved_json(reserved, reserved_view, "oembed");
    const long long width = query.integer("maxwidth", 800, 200, 4000);
    const long long height = std::min<long long>(query.integer("maxheight", 520, 200, 4000), 520);
    const std::string src = base + "/embed?" + *params;
    const std::string title = "SNA map (data version " + s.data.data_version() + ")";
    nlohmann::json body = {
        {"version", "1.0"},
        {"type", "rich"},
        {"provider_name", "snamap"},
        {"provider_url", base + "/"},
        {"title", title},
        {"width", width},
        {"height", height},
        {"html", "<iframe src=\"" + html_escape(src) + "\" title=\"" + html_escape(title) +
                     "\" width=\"" + std::to_string(width) + "\" height=\"" +
                     std::to_string(height) + "\" style=\"border:0\" loading=\"lazy\"></iframe>"},
        {"data_version", s.data.data_version()}};
    if (const std::string thumbnail = thumbnail_url(base, *params); !thumbnail.empty()) {
        body["thumbnail_url"] = thumbnail;
        body["thumbnail_width"] = 400;
        body["thumbnail_height"] = 300;
    }
    HttpResponse r = json_response(body, "oembed");
    r.headers.set("Access-Control-Allow-Origin", s.config.cors_origin);
    return r;
}

}  // namespace sna::server
