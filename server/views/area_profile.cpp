#include "server/views/area_profile.hpp"

#include "geo/analysis/aggregate.hpp"
#include "geo/analysis/rates.hpp"
#include "geo/analysis/significance.hpp"
#include "geo/core/errors.hpp"
#include "server/index/profile_figures.hpp"
#include "server/views/confidence.hpp"
#include "server/views/json_views.hpp"

namespace sna::server {

using nlohmann::json;

namespace {

constexpr double levels[] = {0.95, 0.998};

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

/// significance_95 / significance_998 of the area's value against a comparator value.
void add_significance(json& out, const geo::Indicator& i, const ValueEntry& v,
                      const std::optional<double>& comparator, const std::string& name) {
    for (const double level : levels) {
        const auto ci = confidence_interval(i, v, level);
        const std::string key = level == 0.95 ? "significance_95" : "significance_998";
        if (!ci || !comparator) {
            out[key] = {{"judgement", "not_compared"},
                        {"words", ci ? "no comparator value"
                                     : "no confidence interval for this kind of indicator"}};
            continue;
        }
        const geo::Judgement judgement = geo::judge(*ci, *comparator, i.polarity);
        out[key] = {{"judgement", geo::to_string(judgement)},
                    {"words", geo::describe(judgement, name, level)}};
    }
}

/// A suppressed value is not compared: its interval would disclose the small count.
void mark_not_compared(json& comparator, const std::string& reason) {
    if (!comparator.is_object()) return;
    for (const char* key : {"significance_95", "significance_998"})
        comparator[key] = {{"judgement", "not_compared"}, {"words", reason}};
}

json comparison_json(const DataIndex& data, const geo::Indicator& i, const ValueEntry& v,
                     const ComparatorValue& c, const std::string& name) {
    json out = {{"name", name},
                {"value", c.value ? json(*c.value) : json(nullptr)},
                {"method", c.method},
                {"areas", c.areas},
                {"numerator", c.numerator ? json(*c.numerator) : json(nullptr)},
                {"denominator", c.denominator ? json(*c.denominator) : json(nullptr)}};
    std::optional<double> compared = c.value;
    if (const auto reason = data.suppressed(i, c)) {
        out["value"] = nullptr;
        out["numerator"] = nullptr;
        out["suppressed"] = *reason;
        compared.reset();
    }
    add_significance(out, i, v, compared, name);
    // A count against a larger area's total (or its mean per area) is not like with like.
    if (geo::method_for(i) == geo::AggregateMethod::sum) {
        out["comparable"] = false;
        out["relation"] = "total of " + name + " (" + c.method + ")";
        mark_not_compared(out,
                          "a count is not compared with a larger area's total or its "
                          "average per area; compare a rate instead");
    }
    return out;
}

json indicator_profile(const DataIndex& data, const geo::Indicator& i, const AreaEntry& area,
                       const ValueEntry& v) {
    json out = area_value_json(data, i, area, v);
    for (const double level : levels) {
        const auto ci = confidence_interval(i, v, level);
        out[level == 0.95 ? "ci95" : "ci998"] = ci ? json({ci->lower, ci->upper}) : json(nullptr);
    }
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
        out["ci95"] = nullptr;
        out["ci998"] = nullptr;
        out["regional"] = nullptr;
        out["within_borough"] = nullptr;
        for (const char* key : {"borough", "region", "england"}) {
            if (out.contains(key)) mark_not_compared(out[key], *reason);
        }
    }
    return out;
}

/// An indicator of a finer geography summed or averaged over `area` (e.g. LSOA values over a
/// ward), compared and ranked like a stored value; null when no child area has a value.
json aggregated_profile(const DataIndex& data, const geo::Indicator& i, const AreaEntry& area) {
    const std::string period = data.default_period(i.id);
    const ComparatorValue c = data.comparator(i.id, period, area.set_id, area.code);
    if (c.areas == 0 || !c.value) return nullptr;
    ValueEntry v;
    v.period = period;
    v.value = c.value;
    v.numerator = c.numerator;
    v.denominator = c.denominator;
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
    json datasets = json::object();
    for (const auto& i : data.indicators()) {
        if (!only.empty() && only.count(i.id) == 0) continue;
        if (i.set_id == area.set_id) {
            const ValueEntry* v = data.value(i.id, area.code, data.default_period(i.id));
            if (v) indicators.push_back(indicator_profile(data, i, area, *v));
        } else if (data.figures().aggregates_into(i, area.set_id)) {
            json aggregated = aggregated_profile(data, i, area);
            if (!aggregated.is_null()) indicators.push_back(std::move(aggregated));
        }
    }
    json body = area_json(data, area);
    // Format 2: each dataset's citation once, referenced by the indicators' `dataset` ids.
    for (const json& i : indicators) {
        const std::string id = i["dataset"].get<std::string>();
        if (!datasets.contains(id)) datasets[id] = citation_json(data, id);
    }
    body["profile_format"] = 2;
    body["indicators"] = std::move(indicators);
    body["datasets"] = std::move(datasets);
    body["data_version"] = data.data_version();
    body["methods"] = {
        {"confidence_intervals",
         "By what the numerator counts (each indicator's 'interval'): events such as crimes "
         "and exclusions get Byar's method (exact Poisson below 10), people or households "
         "counted once get the Wilson score interval (as OHID's PHEindicatormethods); "
         "scores, ranks and shares of areas get none."},
        {"significance",
         "Fingertips rule: the area's confidence interval against the comparator's value; "
         "overlapping = similar, otherwise better/worse by the indicator's polarity."},
        {"comparators",
         "Borough and region values pool the areas of the same geography: counts summed (and "
         "not compared with an area's count), rates, proportions and percentages as summed "
         "numerators over summed denominators, scores population-weighted, published ranks "
         "never averaged. England values "
         "are taken from the sources where they publish one (recomputed from the published "
         "numerator and denominator when both are given); otherwise england.value is null and "
         "england.reason says why."},
        {"aggregated",
         "Indicators marked 'aggregated' are published for a finer geography (e.g. LSOAs) and "
         "combined over this area by the same rules; ranks then compare areas of this "
         "geography."}};
    write_whole_numbers_as_integers(body);
    return body;
}

}  // namespace sna::server
