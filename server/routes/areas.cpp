#include "server/routes/areas.hpp"

#include "geo/core/errors.hpp"
#include "server/config/server_config.hpp"
#include "server/http/metrics.hpp"
#include "server/http/responses.hpp"
#include "server/index/response_memo.hpp"
#include "server/index/tile_cache.hpp"
#include "server/routes/cached_answer.hpp"
#include "server/views/area_profile.hpp"
#include "server/views/confidence.hpp"
#include "server/views/json_views.hpp"
#include "server/views/search_results.hpp"
#include "server/views/series_trend.hpp"
#include "server/views/values_view.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sna::server {

using nlohmann::json;

namespace {

const geo::Indicator& require_indicator(const DataIndex& data, const std::string& id) {
    if (const geo::Indicator* i = data.indicator(id)) return *i;
    throw geo::NotFound("no indicator '" + id + "' (see /api/indicators)");
}

std::string require_period(const DataIndex& data, const geo::Indicator& indicator,
                           const Query& query) {
    const std::string period = query.get_or("period", data.default_period(indicator.id));
    const auto& known = data.periods(indicator.id);
    if (std::find(known.begin(), known.end(), period) == known.end()) {
        throw geo::NotFound("indicator '" + indicator.id + "' has no values for period '" + period +
                            "'");
    }
    return period;
}

/// The area asked for: `set` chooses between vintages sharing a code (LSOA 2011 and 2021).
const AreaEntry& require_area(const DataIndex& data, const std::string& code, const Query& query) {
    if (const auto set = query.get("set")) {
        if (const AreaEntry* a = data.area(*set, code)) return *a;
        throw geo::NotFound("no area '" + code + "' in set '" + *set + "'");
    }
    const auto found = data.areas_with_code(code);
    if (found.empty()) throw geo::NotFound("no area with code '" + code + "' (try /api/search?q=)");
    return *found.front();
}

}  // namespace

HttpResponse handle_indicators(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    json themes = json::array();
    std::map<std::string, json> by_theme;
    std::vector<std::string> order;
    for (const auto& i : data.indicators()) {
        if (!by_theme.count(i.theme)) order.push_back(i.theme);
        by_theme[i.theme].push_back(indicator_json(data, i));
    }
    for (const auto& theme : order)
        themes.push_back({{"theme", theme}, {"indicators", by_theme[theme]}});
    return json_response({{"data_version", data.data_version()},
                          {"themes", themes},
                          {"datasets", datasets_json(data)}},
                         "api_indicators");
}

HttpResponse handle_indicator_values(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const Query& query = ctx.query;
    const std::string& indicator_id = ctx.path["id"];
    const geo::Indicator& indicator = require_indicator(data, indicator_id);
    const std::string set = query.get_or("set", indicator.set_id);
    if (set != indicator.set_id) {
        throw geo::InvalidInput("indicator '" + indicator.id + "' is published for set '" +
                                indicator.set_id + "', not '" + set + "'");
    }
    const std::string period = require_period(data, indicator, query);
    const AnswerShape shape = parse_answer_shape(query, values_members());
    const auto body = [&] {
        return json_response(indicator_values_json(data, indicator, period, shape), "api_values");
    };
    // The default period's map is what the client asks for on every indicator change: one
    // document per indicator and format, computed once (other periods and selections of
    // fields are computed per request).
    if (!ctx.services.memo || period != data.default_period(indicator.id) || shape.fields)
        return body();
    return text_response(
        ctx.services.memo->get("values\n" + indicator.id + "\n" + std::to_string(shape.format),
                               [&] { return body().body; }),
        "application/json; charset=utf-8", "api_values");
}

HttpResponse handle_area(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const Query& query = ctx.query;
    const std::string& code = ctx.path["code"];
    const AreaEntry& area = require_area(data, code, query);
    json indicators = json::array();
    for (const auto& i : data.indicators()) {
        if (i.set_id != area.set_id) continue;
        const std::string period = data.default_period(i.id);
        const std::optional<ValueEntry> v = data.value(i.id, area.code, period);
        if (!v) continue;
        indicators.push_back(area_value_json(data, i, area, *v));
    }
    json body = area_json(data, area);
    body["indicators"] = indicators;
    body["data_version"] = data.data_version();
    return json_response(body, "api_area");
}

HttpResponse handle_area_series(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const Query& query = ctx.query;
    const std::string& code = ctx.path["code"];
    const geo::Indicator& indicator = require_indicator(data, query.require("indicator"));
    const AreaEntry& area =
        require_area(data, code, query.get("set") ? query : Query({{"set", indicator.set_id}}));
    json points = json::array();
    std::vector<CountMonth> complete;
    for (const ValueEntry& v : data.series(indicator.id, area.code)) {
        json point = {{"period", v.period},
                      {"value", v.value ? json(*v.value) : json(nullptr)},
                      {"flag", v.flag}};
        if (const auto reason = data.suppressed(indicator, v)) {
            point["value"] = nullptr;
            point["suppressed"] = *reason;
        } else if (v.value && v.flag.empty()) {
            complete.push_back({v.period, *v.value});
        }
        points.push_back(point);
    }
    return json_response({{"indicator", indicator.id},
                          {"unit", indicator.unit},
                          {"code", area.code},
                          {"name", area.name},
                          {"set", area.set_id},
                          {"series", points},
                          {"trend", series_trend_json(indicator, std::move(complete))},
                          {"data_version", data.data_version()}},
                         "api_series");
}

HttpResponse handle_search(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const Query& query = ctx.query;
    const std::string q = query.require("q");
    // Fuzzy matching costs grow with the text; nobody types a place name this long.
    if (q.size() > 100) throw geo::InvalidInput("q: at most 100 characters");
    const auto limit = static_cast<std::size_t>(query.integer("limit", 10, 1, 50));
    return json_response(search_results_json(data, ctx.services.postcodes, q, limit), "api_search");
}

HttpResponse handle_aggregate(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const Query& query = ctx.query;
    const geo::Indicator& indicator = require_indicator(data, query.require("indicator"));
    const std::string parent_set = query.get_or("parent_set", data.borough_set());
    if (!data.has_set(parent_set)) throw geo::NotFound("no area set '" + parent_set + "'");
    const std::string period = require_period(data, indicator, query);
    const auto row = [&](const std::string& code, const std::string& name, const std::string& set) {
        const ComparatorValue c = data.comparator(indicator.id, period, set, code);
        std::size_t with_decile = 0, in_first = 0;
        for (const AreaEntry* a : data.areas_in_set(indicator.set_id)) {
            const auto p = a->parents.find(parent_set);
            if (!set.empty() && (p == a->parents.end() || p->second != code)) continue;
            const std::optional<ValueEntry> v = data.value(indicator.id, a->code, period);
            if (!v || !v->national_decile) continue;
            ++with_decile;
            in_first += *v->national_decile == 1 ? 1 : 0;
        }
        json out = {{"code", code},
                    {"name", name},
                    {"value", c.value ? json(*c.value) : json(nullptr)},
                    {"method", c.method},
                    {"areas", c.areas}};
        if (const auto reason = data.suppressed(indicator, c)) {
            out["value"] = nullptr;
            out["suppressed"] = *reason;
        }
        if (with_decile > 0) {
            out["areas_in_most_deprived_national_decile"] = in_first;
            out["share_in_most_deprived_national_decile"] =
                static_cast<double>(in_first) / static_cast<double>(with_decile);
        }
        return out;
    };
    json parents = json::array();
    for (const AreaEntry* p : data.areas_in_set(parent_set))
        parents.push_back(row(p->code, p->name, parent_set));
    return json_response({{"indicator", indicator.id},
                          {"period", period},
                          {"set", indicator.set_id},
                          {"parent_set", parent_set},
                          {"parents", parents},
                          {"region", row("", "region", "")},
                          {"data_version", data.data_version()}},
                         "api_aggregate");
}

HttpResponse handle_area_profile(const RouteContext& ctx) {
    const Services& services = ctx.services;
    const DataIndex& data = services.data;
    const AreaEntry& area = profile_area(data, ctx.path["code"], ctx.query);
    const auto only = profile_selection(data, ctx.query);
    if (!services.profiles)
        return json_response(area_profile_json(data, area, only), "api_profile");
    // A profile depends on the tier's data and the request's area and selection alone: computed
    // once, kept gzip-compressed with its tag (the tier in the tag, as the router's tags have it).
    std::string key = area.set_id + "\n" + area.code;
    for (const std::string& id : only) key += "\n" + id;
    bool created = false;
    const auto entry = services.profiles->get_or_create(key, [&] {
        created = true;
        const std::string body = json_response(area_profile_json(data, area, only), "").body;
        const std::string tier = data.tier() == "public" ? std::string() : "\n" + data.tier();
        return make_cached_tile(body, data.data_version() + tier);
    });
    services.metrics.add_counter(
        created ? "snamap_profile_cache_misses_total" : "snamap_profile_cache_hits_total",
        created ? "Area profiles that had to be computed"
                : "Area profiles answered from the cache");
    HttpResponse r;
    r.route = "api_profile";
    if (services.config.compression) r.headers.add("Vary", "Accept-Encoding");
    answer_from_cache(ctx.request, entry, "application/json; charset=utf-8",
                      services.config.compression, r);
    return r;
}

}  // namespace sna::server
