#include "server/profile_handler.hpp"

#include "geo/analysis/ranking.hpp"
#include "geo/analysis/rates.hpp"
#include "geo/analysis/significance.hpp"
#include "geo/core/errors.hpp"
#include "server/confidence.hpp"
#include "server/json_views.hpp"
#include "server/responses.hpp"

namespace sna::server {

using nlohmann::json;

namespace {

constexpr double levels[] = {0.95, 0.998};

/// Rank, decile and quintile of `code` among `areas`, worst first by polarity.
json position_among(const DataIndex& data, const geo::Indicator& i, const std::string& period,
                    const std::vector<const AreaEntry*>& areas, const std::string& code,
                    const std::string& where) {
    std::vector<std::optional<double>> values;
    std::size_t position = areas.size();
    for (std::size_t k = 0; k < areas.size(); ++k) {
        const ValueEntry* v = data.value(i.id, areas[k]->code, period);
        values.push_back(v ? v->value : std::nullopt);
        if (areas[k]->code == code) position = k;
    }
    if (position == areas.size() || !values[position] || i.polarity == geo::Polarity::neutral)
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

json comparison_json(const DataIndex& data, const geo::Indicator& i, const ValueEntry& v,
                     const ComparatorValue& c, const std::string& name) {
    json out = {{"name", name},
                {"value", c.value ? json(*c.value) : json(nullptr)},
                {"method", c.method},
                {"areas", c.areas}};
    std::optional<double> compared = c.value;
    if (const auto reason = data.suppressed(i, c)) {
        out["value"] = nullptr;
        out["suppressed"] = *reason;
        compared.reset();
    }
    add_significance(out, i, v, compared, name);
    return out;
}

/// A suppressed value is not compared: its interval would disclose the small count.
void mark_not_compared(json& comparator, const std::string& reason) {
    if (!comparator.is_object()) return;
    for (const char* key : {"significance_95", "significance_998"})
        comparator[key] = {{"judgement", "not_compared"}, {"words", reason}};
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
            comparison_json(data, i, v, data.comparator(i.id, v.period, "lad", p->second),
                            out["borough"]["name"].get<std::string>());
        out["borough"]["code"] = p->second;
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
    out["citation"] = citation_json(data, i.dataset_id);
    return out;
}

}  // namespace

HttpResponse handle_area_profile(const DataIndex& data, const std::string& code,
                                 const Query& query) {
    const auto set = query.get("set");
    const AreaEntry* area = nullptr;
    if (set) {
        area = data.area(*set, code);
    } else if (const auto all = data.areas_with_code(code); !all.empty()) {
        area = all.front();
    }
    if (!area)
        throw geo::NotFound("no area '" + code + "'" + (set ? " in set '" + *set + "'" : ""));
    json indicators = json::array();
    for (const auto& i : data.indicators()) {
        if (i.set_id != area->set_id) continue;
        const ValueEntry* v = data.value(i.id, area->code, data.default_period(i.id));
        if (v) indicators.push_back(indicator_profile(data, i, *area, *v));
    }
    json body = area_json(data, *area);
    body["indicators"] = indicators;
    body["data_version"] = data.data_version();
    body["methods"] = {
        {"confidence_intervals",
         "Rates: Byar's method (exact Poisson below 10 events); proportions: Wilson score "
         "(as OHID's PHEindicatormethods)."},
        {"significance",
         "Fingertips rule: the area's confidence interval against the comparator's value; "
         "overlapping = similar, otherwise better/worse by the indicator's polarity."},
        {"comparators",
         "Borough and region values aggregate the areas of the same geography: counts summed, "
         "rates from summed counts and populations, scores population-weighted. England values "
         "are taken from the sources where they publish one (recomputed from the published "
         "numerator and denominator when both are given); otherwise england.value is null and "
         "england.reason says why."}};
    return json_response(body, "api_profile");
}

}  // namespace sna::server
