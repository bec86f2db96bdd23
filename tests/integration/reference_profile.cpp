// The per-request profile computation as it was before issue 17 (server/views/area_profile.cpp
// at commit a520df3), kept as the reference the precomputed figures must match: every comparator
// is pooled from the values on each call (DataIndex::compute_comparator) and every rank, decile
// and quintile ranks the whole set again. Only the document's `methods` text is left out.
#include "tests/integration/reference_profile.hpp"

#include "geo/analysis/aggregate.hpp"
#include "geo/analysis/ranking.hpp"
#include "geo/analysis/rates.hpp"
#include "geo/analysis/significance.hpp"
#include "geo/core/errors.hpp"
#include "server/views/confidence.hpp"
#include "server/views/json_views.hpp"

namespace sna::test::reference {

using nlohmann::json;
using namespace sna::server;

namespace {

constexpr double levels[] = {0.95, 0.998};

/// Rank, decile and quintile of values[position], worst first by polarity.
json position_json(const std::vector<std::optional<double>>& values, std::size_t position,
                   const geo::Indicator& i, const std::string& where) {
    if (position >= values.size() || !values[position] || i.polarity == geo::Polarity::neutral)
        return nullptr;
    const auto order = geo::worst_first(i.polarity);
    const auto ranks = geo::rank_values(values, {order, geo::TieMethod::minimum});
    const auto deciles = geo::deciles(values, order);
    const auto quintiles = geo::quintiles(values, order);
    std::size_t ranked = 0;
    for (const auto& v : values) ranked += v ? 1 : 0;
    const auto number = [](const auto& v) { return v ? json(*v) : json(nullptr); };
    return {{"rank", number(ranks[position])},
            {"decile", number(deciles[position])},
            {"quintile", number(quintiles[position])},
            {"of", ranked},
            {"order", "1 = worst in " + where}};
}

/// The position of `code` among `areas`, each valued by `value_of`.
template <typename ValueOf>
json position_among(const std::vector<const AreaEntry*>& areas, const std::string& code,
                    const geo::Indicator& i, const std::string& where, ValueOf value_of) {
    std::vector<std::optional<double>> values;
    std::size_t position = areas.size();
    for (std::size_t k = 0; k < areas.size(); ++k) {
        values.push_back(value_of(*areas[k]));
        if (areas[k]->code == code) position = k;
    }
    return position_json(values, position, i, where);
}

/// Rank, decile and quintile of `code` among `areas` by their stored values.
json position_among(const DataIndex& data, const geo::Indicator& i, const std::string& period,
                    const std::vector<const AreaEntry*>& areas, const std::string& code,
                    const std::string& where) {
    return position_among(areas, code, i, where, [&](const AreaEntry& a) {
        const std::optional<ValueEntry> v = data.value(i.id, a.code, period);
        return v ? v->value : std::nullopt;
    });
}

/// Areas of the same set in the same borough.
std::vector<const AreaEntry*> borough_peers(const DataIndex& data, const AreaEntry& area) {
    std::vector<const AreaEntry*> peers;
    const auto lad = area.parents.find("lad");
    if (lad == area.parents.end()) return peers;
    for (const AreaEntry* a : data.areas_in_set(area.set_id)) {
        const auto p = a->parents.find("lad");
        if (p != a->parents.end() && p->second == lad->second) peers.push_back(a);
    }
    return peers;
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
    out["regional"] =
        position_among(data, i, v.period, data.areas_in_set(i.set_id), area.code, "the region");
    const auto peers = borough_peers(data, area);
    out["within_borough"] =
        peers.empty() ? json(nullptr)
                      : position_among(data, i, v.period, peers, area.code, "the borough");
    if (out.contains("borough")) {
        const auto p = area.parents.find("lad");
        out["borough"] =
            comparison_json(data, i, v, data.compute_comparator(i.id, v.period, "lad", p->second),
                            out["borough"]["name"].get<std::string>());
        out["borough"]["code"] = p->second;
    }
    if (out.contains("region")) {
        out["region"] = comparison_json(data, i, v, data.compute_comparator(i.id, v.period, "", ""),
                                        "the region");
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
    out["citation"] = citation_json(data, i.dataset_id);
    return out;
}

/// An indicator of a finer geography summed or averaged over `area` (e.g. LSOA values over a
/// ward), compared and ranked like a stored value; null when no child area has a value.
json aggregated_profile(const DataIndex& data, const geo::Indicator& i, const AreaEntry& area) {
    const std::string period = data.default_period(i.id);
    const auto aggregate = [&](const AreaEntry& a) {
        return data.compute_comparator(i.id, period, a.set_id, a.code);
    };
    const ComparatorValue c = aggregate(area);
    if (c.areas == 0 || !c.value) return nullptr;
    ValueEntry v;
    v.period = period;
    v.value = c.value;
    v.numerator = c.numerator;
    v.denominator = c.denominator;
    json out = indicator_profile(data, i, area, v);
    out["aggregated"] = {{"from_set", i.set_id}, {"areas", c.areas}, {"method", c.method}};
    if (data.suppressed(i, v)) return out;
    const auto value_of = [&](const AreaEntry& a) { return aggregate(a).value; };
    out["regional"] =
        position_among(data.areas_in_set(area.set_id), area.code, i, "the region", value_of);
    const auto peers = borough_peers(data, area);
    out["within_borough"] = peers.empty()
                                ? json(nullptr)
                                : position_among(peers, area.code, i, "the borough", value_of);
    return out;
}

/// Indicators published for finer sets whose areas nest in `set_id` (LSOAs in wards, boroughs).
bool nests_in(const DataIndex& data, const geo::Indicator& i, const std::string& set_id) {
    if (i.set_id == set_id) return false;
    const auto& areas = data.areas_in_set(i.set_id);
    return !areas.empty() && areas.front()->parents.count(set_id) > 0;
}

}  // namespace

json area_profile_json(const DataIndex& data, const AreaEntry& area) {
    json indicators = json::array();
    for (const auto& i : data.indicators()) {
        if (i.set_id == area.set_id) {
            const std::optional<ValueEntry> v =
                data.value(i.id, area.code, data.default_period(i.id));
            if (v) indicators.push_back(indicator_profile(data, i, area, *v));
        } else if (nests_in(data, i, area.set_id) && geo::method_for(i)) {
            json aggregated = aggregated_profile(data, i, area);
            if (!aggregated.is_null()) indicators.push_back(std::move(aggregated));
        }
    }
    json body = area_json(data, area);
    body["indicators"] = indicators;
    body["data_version"] = data.data_version();
    return body;
}

}  // namespace sna::test::reference
