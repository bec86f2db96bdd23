#include "server/routes/analysis.hpp"

#include "geo/analysis/hotspots.hpp"
#include "geo/core/errors.hpp"
#include "server/http/responses.hpp"
#include "server/index/analysis_index.hpp"
#include "server/index/data_lookups.hpp"
#include "server/index/response_memo.hpp"
#include "server/views/composite_view.hpp"
#include "server/views/priority_schools.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace sna::server {

using nlohmann::json;

namespace {

/// The memo key of a request for the preset with the default draws and seed (one document per
/// set and transform, the same for every caller), or nullopt for any other request: custom
/// weights, draws and seeds are computed per request so the memo stays bounded.
std::optional<std::string> preset_composite_key(const DataIndex& data, const Query& query) {
    if (query.get("indicators") || query.get("draws") || query.get("seed")) return std::nullopt;
    const std::string transform = query.get_or("transform", "z_score");
    if (transform != "z_score" && transform != "exponential_rank") return std::nullopt;
    const std::string set = query.get_or("set", default_composite_set(data));
    if (!data.has_set(set)) return std::nullopt;
    return "composite\n" + set + "\n" + transform;
}

}  // namespace

HttpResponse handle_composite(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const auto key = ctx.services.memo ? preset_composite_key(data, ctx.query) : std::nullopt;
    if (!key) return json_response(composite_json(data, ctx.query), "api_composite");
    return text_response(
        ctx.services.memo->get(
            *key,
            [&] { return json_response(composite_json(data, ctx.query), "api_composite").body; }),
        "application/json; charset=utf-8", "api_composite");
}

HttpResponse handle_hotspots(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const AnalysisIndex& analysis = ctx.services.analysis;
    const Query& query = ctx.query;
    const std::string id = query.require("indicator");
    const geo::Indicator* i = data.indicator(id);
    if (!i) throw geo::NotFound("no indicator '" + id + "'");
    const std::string set = query.get_or("set", i->set_id);
    indicator_on_set(data, id, set);
    const auto& codes = analysis.codes(set);
    const std::string period = query.get_or("period", data.default_period(id));
    std::vector<std::optional<double>> values;
    for (const auto& code : codes) {
        const ValueEntry* v = data.value(id, code, period);
        values.push_back(v ? v->value : std::nullopt);
    }
    const auto gi = geo::gi_star(values, analysis.neighbours(set));
    json out = json::object(), by_fid = json::object();
    std::map<std::string, int> counts;
    for (std::size_t k = 0; k < codes.size(); ++k) {
        if (!gi[k]) continue;
        const std::string cls = geo::to_string(gi[k]->hotspot);
        ++counts[cls];
        out[codes[k]] = {
            {"z", gi[k]->z}, {"p", gi[k]->p}, {"class", cls}, {"bin", geo::gi_bin(gi[k]->hotspot)}};
        if (const AreaEntry* a = data.area(set, codes[k]))
            by_fid[std::to_string(a->fid)] = geo::gi_bin(gi[k]->hotspot);
    }
    return json_response(
        {{"indicator", id},
         {"set", set},
         {"period", period},
         {"counts", counts},
         {"method",
          "Getis-Ord Gi* with binary rook contiguity (areas sharing part of a boundary, "
          "the area itself included); two-sided p from the normal distribution; "
          "classes at 90/95/99 %."},
         {"data_version", data.data_version()},
         {"values", out},
         {"by_feature_id", by_fid}},
        "api_hotspots");
}

HttpResponse handle_priority_schools(const RouteContext& ctx) {
    return json_response(priority_schools_json(ctx.services.data, ctx.services.analysis, ctx.query,
                                               [&ctx] { ctx.check_alive(); }),
                         "api_schools_priority");
}

}  // namespace sna::server
