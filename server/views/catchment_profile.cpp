#include "server/views/catchment_profile.hpp"

#include "geo/tiles/mercator.hpp"
#include "server/config/server_config.hpp"
#include "server/index/data_index.hpp"
#include "server/index/point_directory.hpp"
#include "server/index/profile_figures.hpp"
#include "server/views/catchment_request.hpp"
#include "server/views/json_views.hpp"
#include "server/views/profile_comparison.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace sna::server {

using nlohmann::json;

namespace {

struct WeightedArea {
    const AreaEntry* area = nullptr;
    geo::ApportionWeight weight;  ///< weight 0: overlaps, but not counted by this method
};

/// One set's overlapping areas in the set's own order, so sums add in the order the area
/// profiles add a parent's children (a ward-shaped catchment then gives the ward's figures).
std::vector<WeightedArea> weighted_areas(const DataIndex& data, const SetOverlaps& s,
                                         geo::ApportionMethod method) {
    std::unordered_map<std::string, geo::ApportionWeight> by_code;
    for (std::size_t k = 0; k < s.overlaps.size(); ++k)
        by_code[s.codes[k]] = geo::apportion_weight(s.overlaps[k], method);
    std::vector<WeightedArea> out;
    for (const AreaEntry* a : data.areas_in_set(s.set_id)) {
        const auto it = by_code.find(a->code);
        if (it != by_code.end()) out.push_back({a, it->second});
    }
    return out;
}

double weighted_population(const WeightedArea& w) {
    return w.weight.weight * w.area->population.value_or(0);
}

/// The boroughs the counted areas lie in, most apportioned population first.
std::vector<std::pair<const AreaEntry*, double>> boroughs_of(
    const DataIndex& data, const std::vector<WeightedArea>& areas) {
    std::map<const AreaEntry*, double> population;
    for (const auto& w : areas) {
        if (w.weight.weight <= 0) continue;
        if (const AreaEntry* b = data.borough_of(*w.area)) population[b] += weighted_population(w);
    }
    std::vector<std::pair<const AreaEntry*, double>> out(population.begin(), population.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second > b.second || (a.second == b.second && a.first->code < b.first->code);
    });
    return out;
}

json comparisons(const DataIndex& data, const geo::Indicator& i, const ValueEntry& v,
                 const std::vector<std::pair<const AreaEntry*, double>>& boroughs, json& out) {
    json list = json::array();
    for (const auto& [b, _] : boroughs) {
        json c = comparison_json(
            data, i, v, data.comparator(i.id, v.period, data.borough_set(), b->code), b->name);
        c["code"] = b->code;
        list.push_back(std::move(c));
    }
    if (!list.empty()) out["borough"] = list.front();
    out["region"] =
        comparison_json(data, i, v, data.comparator(i.id, v.period, "", ""), "the region");
    out["england"] = national_json(data, i, v.period);
    add_significance(out["england"], i, v, data.national(i.id, v.period).value,
                     out["england"]["name"].get<std::string>());
    return list;
}

/// One indicator pooled over the weighted areas, or null when none has a value.
json apportioned_indicator(const DataIndex& data, const geo::Indicator& i,
                           const std::vector<WeightedArea>& areas, geo::ApportionMethod method,
                           const std::vector<std::pair<const AreaEntry*, double>>& boroughs) {
    const auto pooling = geo::method_for(i);
    if (!pooling) return nullptr;
    const std::string period = data.default_period(i.id);
    std::vector<geo::AggregateInput> inputs;
    for (const auto& w : areas) {
        if (w.weight.weight <= 0) continue;
        const std::optional<ValueEntry> v = data.value(i.id, w.area->code, period);
        if (!v || !v->value) continue;
        inputs.push_back(
            geo::apportioned_input({*v->value, w.area->population, v->numerator, v->denominator},
                                   w.weight.weight, *pooling));
    }
    const ComparatorValue c = pool_comparator(i, *pooling, inputs);
    if (c.areas == 0 || !c.value) return nullptr;
    const ValueEntry v = pooled_value(c, period);
    json out = indicator_value_json(data, i, v);
    add_intervals(out, i, v);
    out["regional"] = nullptr;  // a catchment is not one of a set of areas to rank among
    out["within_borough"] = nullptr;
    out["boroughs"] = comparisons(data, i, v, boroughs, out);
    out["apportioned"] = {{"from_set", i.set_id},
                          {"method", geo::to_string(method)},
                          {"areas", c.areas},
                          {"pooling", c.method}};
    if (const auto reason = data.suppressed(i, v)) withhold_intervals(out, *reason);
    return out;
}

json constituents_json(const DataIndex& data, const std::string& set_id,
                       const std::vector<WeightedArea>& areas) {
    json list = json::array();
    double population = 0;
    for (const auto& w : areas) {
        const AreaEntry* b = data.borough_of(*w.area);
        list.push_back(
            {{"code", w.area->code},
             {"name", w.area->name},
             {"borough", b ? json(b->code) : json(nullptr)},
             {"weight", w.weight.weight},
             {"area_share", w.weight.area_share},
             {"centroid_inside", w.weight.centroid_inside},
             {"population", w.area->population ? json(*w.area->population) : json(nullptr)}});
        population += weighted_population(w);
    }
    return {{"set", set_id}, {"apportioned_population", population}, {"areas", std::move(list)}};
}

/// Schools and services inside the catchment, counted exactly (point in polygon).
json points_json(const Services& s, const geo::MultiPolygon& lonlat) {
    json out = json::array();
    if (!s.points) return out;
    geo::MultiPolygon mercator = lonlat;
    for (auto& polygon : mercator.polygons) {
        for (auto& ring : polygon.rings) {
            for (auto& p : ring) p = geo::lonlat_to_mercator(p);
        }
    }
    for (const char* kind : {"school", "service"}) {
        for (const auto& layer : s.data.point_layers_of_kind(kind)) {
            if (!s.points->has_layer(layer)) continue;
            out.push_back({{"layer", layer},
                           {"kind", kind},
                           {"count", s.points->near(layer, mercator, 0).size()},
                           {"method", "points inside the catchment (point in polygon)"}});
        }
    }
    return out;
}

}  // namespace

json catchment_json(const StoredCatchment& c, const Services& services) {
    json out = catchment_feature(c);
    const std::string self = public_base_url(services.config) + "/api/catchments/" + c.id;
    out["properties"]["links"] = {{"self", self}, {"profile", self + "/profile"}};
    return out;
}

namespace {

json method_notes(geo::ApportionMethod method) {
    json notes = profile_method_notes();
    notes["apportionment"] =
        method == geo::ApportionMethod::best_fit
            ? "Best fit (as ONS builds larger areas from small ones): a small area counts whole "
              "when its centroid (a point on its surface when the centroid falls outside it) lies "
              "inside the catchment, else not at all. The database holds no population-weighted "
              "centroids, so the geometric centroid stands in for one. method=area weights each "
              "area by the share of it inside the catchment instead."
            : "Area-weighted: each small area counts by the share of its area inside the "
              "catchment (its counts, numerators, denominators and population multiplied by it), "
              "assuming what it measures is spread evenly over it. method=best_fit counts whole "
              "areas whose centroid lies inside instead.";
    notes["pooling"] =
        "The weighted areas are pooled as a ward or borough pools its areas: counts summed, "
        "rates and proportions as summed numerators over summed denominators, scores as "
        "population-weighted means; ranks and deciles are not apportioned. Each borough the "
        "catchment touches is a comparator (boroughs, largest share first).";
    notes["caveats"] =
        "Modifiable areal unit problem: the figures depend on how the small areas cut the "
        "catchment. Rates per resident overstate need where many people visit but few live "
        "(city centres). Centroids are geometric, not population-weighted (the data holds "
        "none), so best fit may take or drop a small area astride the edge that ONS would "
        "assign the other way. docs/methods.md §12.";
    return notes;
}

}  // namespace

json catchment_profile_json(const Services& s, const StoredCatchment& c,
                            const CatchmentOverlaps& overlaps, geo::ApportionMethod method,
                            const std::set<std::string>& only) {
    const DataIndex& data = s.data;
    std::map<std::string, std::vector<WeightedArea>> by_set;
    json constituents = json::array();
    std::vector<std::pair<const AreaEntry*, double>> boroughs;
    for (const SetOverlaps& set : overlaps.sets) {
        auto areas = weighted_areas(data, set, method);
        constituents.push_back(constituents_json(data, set.set_id, areas));
        if (boroughs.empty()) boroughs = boroughs_of(data, areas);
        by_set.emplace(set.set_id, std::move(areas));
    }
    json indicators = json::array();
    for (const auto& i : data.indicators()) {
        if (!only.empty() && only.count(i.id) == 0) continue;
        const auto set = by_set.find(i.set_id);
        if (set == by_set.end()) continue;
        json entry = apportioned_indicator(data, i, set->second, method, boroughs);
        if (!entry.is_null()) indicators.push_back(std::move(entry));
    }
    json borough_list = json::array();
    for (const auto& [b, population] : boroughs)
        borough_list.push_back(
            {{"code", b->code}, {"name", b->name}, {"apportioned_population", population}});
    json body = {{"code", c.id},
                 {"name", c.name},
                 {"set", "catchment"},
                 {"catchment", catchment_json(c, s)["properties"]},
                 {"area_km2", overlaps.area_m2 / 1e6},
                 {"method", geo::to_string(method)},
                 {"profile_format", 2},
                 {"datasets", cited_datasets(data, indicators)},
                 {"indicators", std::move(indicators)},
                 {"boroughs", std::move(borough_list)},
                 {"constituents", std::move(constituents)},
                 {"points", points_json(s, c.shape)},
                 {"data_version", data.data_version()},
                 {"methods", method_notes(method)}};
    write_whole_numbers_as_integers(body);
    return body;
}

}  // namespace sna::server
