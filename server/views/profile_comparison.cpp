#include "server/views/profile_comparison.hpp"

#include "geo/analysis/aggregate.hpp"
#include "geo/analysis/significance.hpp"
#include "server/views/confidence.hpp"
#include "server/views/json_views.hpp"

namespace sna::server {

using nlohmann::json;

namespace {

constexpr double levels[] = {0.95, 0.998};

}  // namespace

ValueEntry pooled_value(const ComparatorValue& c, const std::string& period) {
    ValueEntry v;
    v.period = period;
    v.value = c.value;
    v.numerator = c.numerator;
    v.denominator = c.denominator;
    return v;
}

void add_intervals(json& out, const geo::Indicator& i, const ValueEntry& v) {
    for (const double level : levels) {
        const auto ci = confidence_interval(i, v, level);
        out[level == 0.95 ? "ci95" : "ci998"] = ci ? json({ci->lower, ci->upper}) : json(nullptr);
    }
}

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

void withhold_intervals(json& out, const std::string& reason) {
    out["ci95"] = nullptr;
    out["ci998"] = nullptr;
    for (const char* key : {"borough", "region", "england"}) {
        if (out.contains(key)) mark_not_compared(out[key], reason);
    }
    if (out.contains("boroughs")) {
        for (json& b : out["boroughs"]) mark_not_compared(b, reason);
    }
}

json cited_datasets(const DataIndex& data, const json& indicators) {
    json datasets = json::object();
    for (const json& i : indicators) {
        const std::string id = i["dataset"].get<std::string>();
        if (!datasets.contains(id)) datasets[id] = citation_json(data, id);
    }
    return datasets;
}

json profile_method_notes() {
    return {{"confidence_intervals",
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
             "england.reason says why."}};
}

}  // namespace sna::server
