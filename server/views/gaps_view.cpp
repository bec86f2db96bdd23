#include "server/views/gaps_view.hpp"

#include "geo/core/errors.hpp"
#include "server/index/data_lookups.hpp"
#include "server/views/citations.hpp"
#include "server/views/composite_view.hpp"
#include "server/views/value_format.hpp"

#include <algorithm>
#include <cmath>

namespace sna::server {

using nlohmann::json;

namespace {

/// The largest radius= accepted, as the manifest's reach (geo/import/manifest_reach.cpp).
constexpr double most_radius_m = 50'000;

/// A number parameter within (0, most]: "top must be … got 'x'".
std::optional<double> bounded_number(const Query& query, const std::string& key, double most,
                                     const std::string& what) {
    const auto text = query.get(key);
    if (!text) return std::nullopt;
    const auto n = number_or_nullopt(*text);
    if (!n || !(*n > 0) || *n > most)
        throw geo::InvalidInput(key + " must be " + what + " above 0 and at most " +
                                format_number(most, 0) + ", got '" + *text + "'");
    return n;
}

GapsRequest parse_request(const DataIndex& data, const Query& query) {
    GapsRequest r;
    r.need_id = query.require("indicator");
    const std::string rule = query.get_or("rule", "decile");
    if (rule != "decile" && rule != "hotspot")
        throw geo::InvalidInput(
            "rule must be 'decile' (the top percent of need, top=) or 'hotspot' (Getis-Ord Gi* "
            "hot spots at 95 or 99 % confidence), got '" +
            rule + "'");
    r.hotspot_rule = rule == "hotspot";
    if (r.hotspot_rule && query.get("top"))
        throw geo::InvalidInput("top= applies to rule=decile, not rule=hotspot");
    r.top_percent = bounded_number(query, "top", 100, "a percentage").value_or(10);
    r.radius_m = bounded_number(query, "radius", most_radius_m, "a radius in metres");
    const auto services = data.point_layers_of_kind("service");
    r.layer = query.get_or("layer", services.empty() ? "" : services.front());
    if (r.need_id == "composite") return r;
    const geo::Indicator* i = data.indicator(r.need_id);
    if (!i) throw geo::NotFound("no indicator '" + r.need_id + "'");
    if (i->polarity == geo::Polarity::neutral)
        throw geo::InvalidInput("indicator '" + r.need_id +
                                "' has no polarity, so it does not say which areas are in need");
    r.set = query.get_or("set", i->set_id);
    indicator_on_set(data, r.need_id, r.set);
    r.period = query.get_or("period", data.default_period(r.need_id));
    const auto& periods = data.periods(r.need_id);
    if (std::find(periods.begin(), periods.end(), r.period) == periods.end())
        throw geo::NotFound("indicator '" + r.need_id + "' has no period '" + r.period + "'");
    return r;
}

/// Values, need (higher = more) and the description of what need is measured by.
void fill_need(GapAnalysis& g, const DataIndex& data, const AnalysisMemo* memo, const Query& query,
               std::vector<std::optional<double>>& need) {
    if (g.request.need_id == "composite") {
        CompositeScoring c = composite_scoring(data, query, memo);
        g.request.set = c.set;
        g.areas = data.areas_in_set(c.set);
        g.value.assign(c.scores.begin(), c.scores.end());
        need = g.value;
        g.need = std::move(c.summary);
        g.need["id"] = "composite";
        g.need["title"] = "Composite risk index (higher = more risk)";
        g.indicator_ids = std::move(c.indicator_ids);
        return;
    }
    const geo::Indicator& i = *data.indicator(g.request.need_id);
    g.areas = data.areas_in_set(g.request.set);
    const double sign = i.polarity == geo::Polarity::higher_is_worse ? 1 : -1;
    for (const AreaEntry* a : g.areas) {
        const std::optional<ValueEntry> v = data.value(i.id, a->code, g.request.period);
        g.value.push_back(v ? v->value : std::nullopt);
        need.push_back(g.value.back() ? std::optional<double>(sign * *g.value.back())
                                      : std::nullopt);
    }
    g.need = {{"id", i.id},
              {"title", i.title},
              {"period", g.request.period},
              {"polarity", to_string(i.polarity)},
              {"unit", unit_label(i)}};
    g.indicator_ids = {i.id};
    g.unit = unit_label(i);
}

/// 1 + the number of areas with strictly more need; 0 without a value.
std::vector<std::size_t> need_ranks(const std::vector<std::optional<double>>& need) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < need.size(); ++i)
        if (need[i]) order.push_back(i);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return *need[a] > *need[b]; });
    std::vector<std::size_t> rank(need.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k)
        rank[order[k]] =
            k > 0 && *need[order[k]] == *need[order[k - 1]] ? rank[order[k - 1]] : k + 1;
    return rank;
}

/// Gi* of the need column, in the data's area order (the memo's when it holds the indicator's).
std::vector<std::optional<geo::GiStar>> gi_of_need(const GapAnalysis& g, const DataIndex& data,
                                                   const AnalysisIndex& analysis,
                                                   const AnalysisMemo* memo, const SetOrder& order,
                                                   const std::vector<std::optional<double>>& need) {
    std::shared_ptr<const GiResults> gi;
    const std::string& set = g.request.set;
    if (g.request.need_id != "composite") {
        gi = memo ? memo->hotspots(g.request.need_id, set, g.request.period)
                  : std::make_shared<const GiResults>(
                        compute_hotspots(data, analysis, g.request.need_id, set, g.request.period));
    } else {
        std::vector<std::optional<double>> by_position(analysis.codes(set).size());
        for (std::size_t k = 0; k < need.size(); ++k)
            if (order.to_analysis[k] != SetOrder::no_position)
                by_position[order.to_analysis[k]] = need[k];
        gi = std::make_shared<const GiResults>(geo::gi_star(by_position, analysis.neighbours(set)));
    }
    std::vector<std::optional<geo::GiStar>> out(need.size());
    for (std::size_t k = 0; k < need.size(); ++k)
        if (order.to_analysis[k] != SetOrder::no_position) out[k] = (*gi)[order.to_analysis[k]];
    return out;
}

/// The layer, its services and each one's radius (the request's, else the manifest's reach).
void fill_services(GapAnalysis& g, const DataIndex& data, const AnalysisIndex& analysis) {
    g.layer = data.point_layer(g.request.layer);
    if (!g.layer || g.layer->kind != "service")
        throw geo::NotFound("no service layer '" + g.request.layer + "'");
    g.services = analysis.services(g.request.layer);
    const auto& reaches = data.analyses().service_reach;
    const auto reach = reaches.find(g.request.layer);
    if (!g.request.radius_m && reach == reaches.end())
        throw geo::InvalidInput("service layer '" + g.request.layer +
                                "' has no reach in the manifest (points[].reach); give radius= in "
                                "metres");
    if (!g.services) return;
    for (const ServiceEntry& s : *g.services) {
        const double r =
            g.request.radius_m ? *g.request.radius_m : reach->second.radius_for(s.category);
        g.radius_m.push_back(r);
        g.radius_by_category[s.category] = r;
    }
}

}  // namespace

std::optional<GapsRefusal> gaps_refusal(const DataIndex& data, const Query& query) {
    const Reservations& reserved = data.reservations();
    if (const auto named = query.get("layer")) {
        if (data.point_layer(*named)) return std::nullopt;
        const auto it = reserved.withheld_layers.find(*named);
        if (it == reserved.withheld_layers.end())
            throw geo::NotFound("no service layer '" + *named + "'");
        return GapsRefusal{{"layer '" + *named + "'"}, {it->second}};
    }
    if (!data.point_layers_of_kind("service").empty()) return std::nullopt;
    if (!reserved.withheld_services.empty())
        return GapsRefusal{{"the service layers"}, reserved.withheld_services};
    throw geo::NotFound("the data has no service layer (points of kind 'service')");
}

GapAnalysis analyse_gaps(const DataIndex& data, const AnalysisIndex& analysis,
                         const AnalysisMemo* memo, const Query& query) {
    GapAnalysis g;
    g.request = parse_request(data, query);
    fill_services(g, data, analysis);
    std::vector<std::optional<double>> need;
    fill_need(g, data, memo, query, need);
    g.rank = need_ranks(need);
    const SetOrder own_order = memo ? SetOrder{} : make_set_order(data, g.request.set, &analysis);
    const SetOrder& order = memo ? memo->set_order(g.request.set) : own_order;
    g.high_need = g.request.hotspot_rule
                      ? geo::hotspot_need(gi_of_need(g, data, analysis, memo, order, need))
                      : geo::top_percent_need(need, g.request.top_percent);
    static const geo::MultiPolygon nowhere;
    const auto& metric = analysis.metric_geometry(g.request.set);
    std::vector<const geo::MultiPolygon*> shapes;
    for (std::size_t k = 0; k < g.areas.size(); ++k) {
        const bool placed = order.to_analysis[k] != SetOrder::no_position;
        shapes.push_back(placed ? &metric[order.to_analysis[k]] : &nowhere);
        if (!placed) g.high_need[k] = false;
    }
    std::vector<geo::ServiceSite> sites;
    for (std::size_t s = 0; g.services && s < g.services->size(); ++s)
        sites.push_back({(*g.services)[s].metric, g.radius_m[s]});
    g.reach = geo::reach_of_areas(shapes, sites, g.high_need);
    return g;
}

std::string distance_text(double metres) {
    return metres < 1000 ? format_number(metres, 0) + " m"
                         : format_number(metres / 1000, 2) + " km";
}

}  // namespace sna::server

namespace sna::server {

std::map<std::string, geo::Coverage> gap_coverage(const DataIndex& data, const GapAnalysis& g,
                                                  const std::vector<bool>& within) {
    std::vector<std::string> borough;
    std::vector<double> population;
    std::vector<bool> high;
    std::vector<geo::AreaReach> reach;
    for (std::size_t k = 0; k < g.areas.size(); ++k) {
        if (!within[k]) continue;
        const AreaEntry* b = data.borough_of(*g.areas[k]);
        borough.push_back(b ? b->code : "");
        population.push_back(g.areas[k]->population.value_or(0));
        high.push_back(g.high_need[k]);
        reach.push_back(g.reach[k]);
    }
    return geo::coverage_by_group(borough, population, high, reach);
}

std::vector<std::size_t> high_need_areas(const GapAnalysis& g, const std::vector<bool>& within,
                                         bool reached) {
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < g.areas.size(); ++k)
        if (within[k] && g.high_need[k] && g.reach[k].reached() == reached) out.push_back(k);
    std::stable_sort(out.begin(), out.end(),
                     [&](std::size_t a, std::size_t b) { return g.rank[a] < g.rank[b]; });
    return out;
}

namespace {

json service_json(const GapAnalysis& g, std::size_t s, double distance_m) {
    const ServiceEntry& e = (*g.services)[s];
    return {{"name", e.name},
            {"category", e.category},
            {"approximate", e.approximate},
            {"radius_m", g.radius_m[s]},
            {"distance_m", std::round(distance_m)}};
}

json area_row(const DataIndex& data, const GapAnalysis& g, std::size_t k) {
    const AreaEntry& a = *g.areas[k];
    const AreaEntry* b = data.borough_of(a);
    const geo::AreaReach& r = g.reach[k];
    json row = {{"code", a.code},
                {"fid", a.fid},
                {"name", a.name},
                {"borough", b ? json{{"code", b->code}, {"name", b->name}} : json(nullptr)},
                {"value", g.value[k] ? json(*g.value[k]) : json(nullptr)},
                {"rank", g.rank[k]},
                {"population", a.population ? json(*a.population) : json(nullptr)},
                {"nearest", r.nearest ? service_json(g, *r.nearest, r.nearest_m) : json(nullptr)}};
    if (r.reached()) row["reached_by"] = service_json(g, *r.reached_by, r.reached_by_m);
    return row;
}

json coverage_json(const geo::Coverage& c) {
    const auto share = c.share();
    return {{"areas", c.areas},
            {"high_need_areas", c.high_need_areas},
            {"reached_areas", c.reached_areas},
            {"high_need_population", c.high_need_population},
            {"reached_population", c.reached_population},
            {"share", share ? json(*share) : json(nullptr)}};
}

json coverage_section(const DataIndex& data, const GapAnalysis& g) {
    const auto coverage = gap_coverage(data, g, std::vector<bool>(g.areas.size(), true));
    json boroughs = json::array();
    for (const auto& [code, c] : coverage) {
        if (code.empty()) continue;
        const AreaEntry* b = data.area(data.borough_set(), code);
        json item = coverage_json(c);
        item["code"] = code;
        item["name"] = b ? b->name : code;
        boroughs.push_back(std::move(item));
    }
    return {{"region", coverage_json(coverage.at(""))}, {"boroughs", boroughs}};
}

json rule_json(const GapsRequest& r) {
    if (r.hotspot_rule)
        return {{"name", "hotspot"},
                {"classes", {"hot_99", "hot_95"}},
                {"description", "Getis-Ord Gi* hot spots at 95 or 99 % confidence"}};
    return {{"name", "decile"},
            {"top_percent", r.top_percent},
            {"description", "the " + format_number(r.top_percent, 2) +
                                " % of areas with the highest need (ties at the threshold "
                                "included)"}};
}

json provenance(const DataIndex& data, const GapAnalysis& g) {
    std::vector<std::string> datasets;
    const auto add = [&](const std::string& id) {
        if (!id.empty() && std::find(datasets.begin(), datasets.end(), id) == datasets.end())
            datasets.push_back(id);
    };
    for (const auto& id : g.indicator_ids) add(data.indicator(id)->dataset_id);
    add(g.layer->dataset_id);
    add(boundary_dataset(data, g.request.set));
    json citations = json::array();
    for (const auto& id : datasets) citations.push_back(citation_text(data, id));
    return {{"citations", citations},
            {"attribution", attribution_of(data, datasets)},
            {"includes_reserved", data.reservations().seen_among(g.indicator_ids, {g.layer->id})}};
}

}  // namespace

json gaps_json(const DataIndex& data, const GapAnalysis& g) {
    const std::vector<bool> all(g.areas.size(), true);
    json gaps = json::array(), reached = json::array();
    for (const std::size_t k : high_need_areas(g, all, false)) gaps.push_back(area_row(data, g, k));
    for (const std::size_t k : high_need_areas(g, all, true))
        reached.push_back(area_row(data, g, k));
    std::size_t approximate = 0;
    for (std::size_t s = 0; g.services && s < g.services->size(); ++s)
        approximate += (*g.services)[s].approximate ? 1 : 0;
    json body = {
        {"set", g.request.set},
        {"need", g.need},
        {"rule", rule_json(g.request)},
        {"layer",
         {{"id", g.layer->id},
          {"title", g.layer->title},
          {"services", g.services ? g.services->size() : 0},
          {"approximate", approximate}}},
        {"radius",
         {{"source", g.request.radius_m ? "request" : "manifest"},
          {"by_category", g.radius_by_category}}},
        {"areas", gaps},
        {"reached", reached},
        {"coverage", coverage_section(data, g)},
        {"method",
         "A service reaches an area when any part of the area lies within the service's radius "
         "of its location (distances in the equal-area CRS, metres). Areas are ranked by need, "
         "1 = the highest. Coverage: the share of the residents of high-need areas who live in "
         "an area a service reaches."},
        {"caveats",
         "Service locations are approximate where marked (placed inside the ward or borough the "
         "source names, not at an address), and each radius is an assumption of the manifest "
         "(or the request), not a measured catchment."},
        {"data_version", data.data_version()}};
    body.update(provenance(data, g));
    return body;
}

}  // namespace sna::server
