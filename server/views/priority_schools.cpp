#include "server/views/priority_schools.hpp"

#include "geo/analysis/priority_schools.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "server/index/data_lookups.hpp"

#include <algorithm>

namespace sna::server {

using nlohmann::json;

namespace {

const geo::PrioritySchoolsSpec& settings_of(const DataIndex& data) {
    const auto& spec = data.analyses().priority_schools;
    if (!spec)
        throw geo::NotFound(
            "this database has no priority-school settings (manifest: analyses.priority_schools)");
    if (!data.has_set(spec->area_set))
        throw geo::NotFound("the priority-school method needs the area set '" + spec->area_set +
                            "'");
    return *spec;
}

/// One column per surrounding indicator; an indicator this database lacks is all missing.
geo::SurroundingColumn surrounding_column(const DataIndex& data, const std::string& id,
                                          const std::vector<const AreaEntry*>& areas) {
    geo::SurroundingColumn column;
    const geo::Indicator* indicator = data.indicator(id);
    column.values.assign(areas.size(), std::nullopt);
    if (!indicator) return column;
    column.is_rate = indicator->value_kind == "rate";
    column.multiplier = indicator->multiplier;
    column.values = column_of(data, id, areas);
    for (const AreaEntry* a : areas) {
        const std::optional<ValueEntry> v = data.value(id, a->code, data.default_period(id));
        column.numerators.push_back(v ? v->numerator : std::nullopt);
        column.denominators.push_back(v ? v->denominator : std::nullopt);
    }
    return column;
}

std::optional<double> attribute(const SchoolEntry& s, const std::string& key) {
    const auto it = s.numbers.find(key);
    return it == s.numbers.end() ? std::nullopt : std::optional<double>(it->second);
}

geo::SchoolCounts counts_of(const SchoolEntry& s, const geo::PrioritySchoolsSpec& spec) {
    geo::SchoolCounts out{s.metric, attribute(s, spec.pupils), {}};
    for (const auto& rate : spec.school_rates) out.counts.push_back(attribute(s, rate.count));
    return out;
}

geo::IntervalFamily family_of(const geo::PrioritySchoolsSpec::SchoolRate& rate) {
    return rate.counts == "events" ? geo::IntervalFamily::poisson : geo::IntervalFamily::wilson;
}

/// A school's own rate; small counts are withheld (methods §10) — the ranking still uses them,
/// and a rank does not disclose a count.
json school_rate_json(const DataIndex& data, const geo::PrioritySchoolsSpec& spec,
                      const geo::PrioritySchoolsSpec::SchoolRate& rate,
                      const std::optional<geo::SchoolRateValue>& value) {
    if (!value) return nullptr;
    if (const auto reason = data.suppressed_attribute(spec.schools, rate.count, value->count)) {
        return {{"value", nullptr},     {"ci95", nullptr},
                {"numerator", nullptr}, {"denominator", value->pupils},
                {"unit", spec.unit},    {"suppressed", *reason}};
    }
    return {{"value", value->percent},
            {"ci95", {value->lower, value->upper}},
            {"numerator", value->count},
            {"denominator", value->pupils},
            {"counts", rate.counts_description},
            {"interval", geo::describe(family_of(rate))},
            {"unit", spec.unit}};
}

json school_row(const DataIndex& data, const geo::PrioritySchoolsSpec& spec, const SchoolEntry& s,
                const geo::PrioritySchool& ranked) {
    json row = {{"urn", s.urn},
                {"name", s.name},
                {"phase", s.phase},
                {"borough", s.borough},
                {"lonlat", {s.lonlat.x, s.lonlat.y}},
                {"score", ranked.score},
                {"rank", ranked.rank}};
    for (std::size_t k = 0; k < spec.surroundings.size(); ++k) {
        const auto& value = ranked.surroundings[k];
        row["surroundings"][spec.surroundings[k].indicator] = value ? json(*value) : json(nullptr);
    }
    for (std::size_t k = 0; k < spec.school_rates.size(); ++k) {
        const auto& rate = spec.school_rates[k];
        row["school"][rate.key] = school_rate_json(data, spec, rate, ranked.rates[k]);
    }
    return row;
}

}  // namespace

nlohmann::json priority_schools_json(const DataIndex& data, const AnalysisIndex& analysis,
                                     const Query& query, const std::function<void()>& checkpoint) {
    const auto& spec = settings_of(data);
    const double radius = static_cast<double>(query.integer("radius", 1000, 100, 5000));
    const auto limit = static_cast<std::size_t>(query.integer("limit", 50, 1, 2000));
    const std::string phase = geo::to_lower(query.get_or("phase", spec.default_phase));
    const auto& areas = data.areas_in_set(spec.area_set);
    std::vector<geo::SurroundingColumn> columns;
    for (const auto& s : spec.surroundings)
        columns.push_back(surrounding_column(data, s.indicator, areas));
    std::vector<const SchoolEntry*> chosen;
    std::vector<geo::SchoolCounts> counts;
    for (const SchoolEntry& s : analysis.schools()) {
        if (geo::to_lower(s.phase).find(phase) != std::string::npos || phase == "all") {
            chosen.push_back(&s);
            counts.push_back(counts_of(s, spec));
        }
    }
    if (chosen.empty()) throw geo::NotFound("no schools of phase '" + phase + "'");
    std::vector<geo::IntervalFamily> families;
    for (const auto& rate : spec.school_rates) families.push_back(family_of(rate));
    const auto ranked = geo::rank_priority_schools(analysis.metric_geometry(spec.area_set),
                                                   analysis.metric_index(spec.area_set), columns,
                                                   counts, families, radius, checkpoint);
    json rows = json::array();
    for (std::size_t k = 0; k < chosen.size(); ++k)
        rows.push_back(school_row(data, spec, *chosen[k], ranked[k]));
    std::sort(rows.begin(), rows.end(),
              [](const json& a, const json& b) { return a["rank"] < b["rank"]; });
    if (rows.size() > limit)
        rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(limit), rows.end());
    json components = json::array();
    for (const auto& s : spec.surroundings) components.push_back(s.label);
    for (const auto& r : spec.school_rates) components.push_back(r.label);
    return {{"radius_m", radius},      {"phase", phase},
            {"schools", rows},         {"components", components},
            {"caveats", spec.caveats}, {"data_version", data.data_version()}};
}

}  // namespace sna::server
