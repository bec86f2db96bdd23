#include "server/routes/analysis.hpp"

#include "geo/core/errors.hpp"
#include "server/http/responses.hpp"
#include "server/index/response_memo.hpp"
#include "server/routes/reserved.hpp"
#include "server/views/composite_view.hpp"
#include "server/views/gaps_view.hpp"
#include "server/views/hotspots_view.hpp"
#include "server/views/priority_schools.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace sna::server {

using nlohmann::json;

namespace {

/// The memo key of a request for the preset with the default draws and seed and every member
/// (one document per set, transform and format, the same for every caller), or nullopt for any
/// other request: custom weights, draws and seeds are computed per request (their results cached
/// in the bounded AnalysisMemo), so the memo stays bounded.
std::optional<std::string> preset_composite_key(const DataIndex& data, const Query& query) {
    if (query.get("indicators") || query.get("draws") || query.get("seed") || query.get("fields"))
        return std::nullopt;
    const std::string transform = query.get_or("transform", "z_score");
    if (transform != "z_score" && transform != "exponential_rank") return std::nullopt;
    const std::string format = query.get_or("format", "1");
    if (format != "1" && format != "2") return std::nullopt;
    const std::string set = query.get_or("set", default_composite_set(data));
    if (!data.has_set(set)) return std::nullopt;
    return "composite\n" + set + "\n" + transform + "\n" + format;
}

HttpResponse json_text_response(std::string body, const std::string& route) {
    return text_response(std::move(body), "application/json; charset=utf-8", route);
}

}  // namespace

HttpResponse handle_composite(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const auto body = [&] { return composite_body(data, ctx.query, ctx.services.analyses); };
    const auto key = ctx.services.memo ? preset_composite_key(data, ctx.query) : std::nullopt;
    if (!key) return json_text_response(body(), "api_composite");
    return json_text_response(ctx.services.memo->get(*key, body), "api_composite");
}

HttpResponse handle_hotspots(const RouteContext& ctx) {
    return json_text_response(
        hotspots_body(ctx.services.data, ctx.services.analysis, ctx.services.analyses, ctx.query),
        "api_hotspots");
}

std::size_t prefill_composite_memo(const Services& services) {
    if (!services.memo || services.data.area_sets().empty()) return 0;
    std::size_t filled = 0;
    for (const char* transform : {"z_score", "exponential_rank"}) {
        for (const char* format : {"1", "2"}) {
            const Query query(
                std::map<std::string, std::string>{{"transform", transform}, {"format", format}});
            const auto key = preset_composite_key(services.data, query);
            if (!key ||
                vru_risk_preset(services.data, default_composite_set(services.data)).empty())
                continue;
            services.memo->get(
                *key, [&] { return composite_body(services.data, query, services.analyses); });
            ++filled;
        }
    }
    return filled;
}

HttpResponse handle_priority_schools(const RouteContext& ctx) {
    // Withdrawn from this tier (it reads reserved data): say so, rather than "no such ranking".
    const Reservations& reserved = ctx.services.data.reservations();
    if (!ctx.services.data.analyses().priority_schools && reserved.priority_schools_withheld)
        return reserved_json({{"the priority-school ranking"}, reserved.priority_schools},
                             "The priority-school ranking reads data that", "api_schools_priority");
    nlohmann::json body = priority_schools_json(ctx.services.data, ctx.services.analysis, ctx.query,
                                                [&ctx] { ctx.check_alive(); });
    if (!reserved.priority_schools.empty()) body["includes_reserved"] = reserved.priority_schools;
    return json_response(body, "api_schools_priority");
}

HttpResponse handle_gaps(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    // A caller outside the service layer's group is told it is reserved (docs/access.md), before
    // any other parameter is read, so the answer names nothing but what was asked and the group.
    if (const auto refusal = gaps_refusal(data, ctx.query))
        return reserved_json({refusal->items, refusal->groups},
                             "The gap analysis reads a service layer that", "api_gaps");
    const GapAnalysis gaps =
        analyse_gaps(data, ctx.services.analysis, ctx.services.analyses, ctx.query);
    return json_response(gaps_json(data, gaps), "api_gaps");
}

}  // namespace sna::server
