#include "server/views/area_profile.hpp"

#include "geo/analysis/aggregate.hpp"
#include "geo/analysis/rates.hpp"
#include "geo/analysis/significance.hpp"
#include "geo/core/errors.hpp"
#include "server/index/profile_figures.hpp"
#include "server/views/json_views.hpp"
#include "server/views/profile_comparison.hpp"

namespace sna::server {

using nlohmann::json;

namespace {

/// Rank, decile and quintile of a precomputed position, or null.
json position_json(const AreaPosition* p, const std::string& where) {
    if (!p) return nullptr;
    const auto number = [](const auto& v) { return v ? json(*v) : json(nullptr); };
    return {{"rank", number(p->rank)},
            {"decile", number(p->decile)},
            {"quintile", number(p->quintile)},
            {"of", p->of},
            {"order", "1 = worst in " + where}};
}

json indicator_profile(const DataIndex& data, const geo::Indicator& i, const AreaEntry& area,
                       const ValueEntry& v) {
    json out = area_value_json(data, i, area, v);
    add_intervals(out, i, v);
    // Stored values are ranked among the indicator's own set; a pooled indicator (below)
    // replaces these with its positions among the areas it was pooled over.
    const bool own_set = area.set_id == i.set_id && v.period == data.default_period(i.id);
    out["regional"] =
        own_set ? position_json(data.figures().regional(i, area), "the region") : json(nullptr);
    out["within_borough"] =
        own_set ? position_json(data.figures().within_borough(i, area), "the borough")
                : json(nullptr);
    if (out.contains("borough")) {
        const std::string code = out["borough"]["code"].get<std::string>();
        out["borough"] =
            comparison_json(data, i, v, data.comparator(i.id, v.period, data.borough_set(), code),
                            out["borough"]["name"].get<std::string>());
        out["borough"]["code"] = code;
    }
    if (out.contains("region")) {
        out["region"] =
            comparison_json(data, i, v, data.comparator(i.id, v.period, "", ""), "the region");
    }
    // England: compared when the sources give a national value; otherwise null with the reason.
    const NationalComparator england = data.national(i.id, v.period);
    add_significance(out["england"], i, v, england.value,
                     out["england"]["name"].get<std::string>());
    if (const auto reason = data.suppressed(i, v)) {
        out["regional"] = nullptr;
        out["within_borough"] = nullptr;
        withhold_intervals(out, *reason);
    }
    return out;
}

/// An indicator of a finer geography summed or averaged over `area` (e.g. LSOA values over a
/// ward), compared and ranked like a stored value; null when no child area has a value.
json aggregated_profile(const DataIndex& data, const geo::Indicator& i, const AreaEntry& area) {
    const std::string period = data.default_period(i.id);
    const ComparatorValue c = data.comparator(i.id, period, area.set_id, area.code);
    if (c.areas == 0 || !c.value) return nullptr;
    const ValueEntry v = pooled_value(c, period);
    json out = indicator_profile(data, i, area, v);
    out["aggregated"] = {{"from_set", i.set_id}, {"areas", c.areas}, {"method", c.method}};
    if (data.suppressed(i, v)) return out;
    out["regional"] = position_json(data.figures().regional(i, area), "the region");
    out["within_borough"] = position_json(data.figures().within_borough(i, area), "the borough");
    return out;
}

}  // namespace

const AreaEntry& profile_area(const DataIndex& data, const std::string& code, const Query& query) {
    const auto set = query.get("set");
    const AreaEntry* area = nullptr;
    if (set) {
        area = data.area(*set, code);
    } else if (const auto all = data.areas_with_code(code); !all.empty()) {
        area = all.front();
    }
    if (!area)
        throw geo::NotFound("no area '" + code + "'" + (set ? " in set '" + *set + "'" : ""));
    return *area;
}

std::set<std::string> profile_selection(const DataIndex& data, const Query& query) {
    std::set<std::string> out;
    for (const std::string& id : query.list("indicators")) {
        if (!data.indicator(id))
            throw geo::NotFound("no indicator '" + id + "' (see /api/indicators)");
        out.insert(id);
    }
    return out;
}

json area_profile_json(const DataIndex& data, const AreaEntry& area,
                       const std::set<std::string>& only) {
    json indicators = json::array();
    for (const auto& i : data.indicators()) {
        if (!only.empty() && only.count(i.id) == 0) continue;
        if (i.set_id == area.set_id) {
            const std::optional<ValueEntry> v =
                data.value(i.id, area.code, data.default_period(i.id));
            if (v) indicators.push_back(indicator_profile(data, i, area, *v));
        } else if (data.figures().aggregates_into(i, area.set_id)) {
            json aggregated = aggregated_profile(data, i, area);
            if (!aggregated.is_null()) indicators.push_back(std::move(aggregated));
        }
    }
    json body = area_json(data, area);
    body["profile_format"] = 2;
    body["datasets"] = cited_datasets(data, indicators);
    body["indicators"] = std::move(indicators);
    body["data_version"] = data.data_version();
    body["methods"] = profile_method_notes();
    body["methods"]["aggregated"] =
        "Indicators marked 'aggregated' are published for a finer geography (e.g. LSOAs) and "
        "combined over this area by the same rules; ranks then compare areas of this "
        "geography.";
    write_whole_numbers_as_integers(body);
    return body;
}

}  // namespace sna::server
