#include "server/analysis_handlers.hpp"

#include "geo/analysis/composite.hpp"
#include "geo/analysis/hotspots.hpp"
#include "geo/analysis/intervals.hpp"
#include "geo/analysis/rates.hpp"
#include "geo/analysis/school_surroundings.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "server/responses.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sna::server {

using nlohmann::json;

namespace {

/// "imd25_score:1,crime_robbery_rate:2" → pairs, weights checked to be within 0–2.
std::vector<std::pair<std::string, double>> parse_weights(const std::string& text) {
    std::vector<std::pair<std::string, double>> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item(geo::trim(text.substr(start, comma - start)));
        start = comma + 1;
        if (item.empty()) continue;
        const auto colon = item.find(':');
        double weight = 1;
        if (colon != std::string::npos) {
            try {
                weight = number_or_nullopt(item.substr(colon + 1)).value_or(-1);
            } catch (const std::invalid_argument&) {
                weight = -1;
            }
        }
        if (weight < 0 || weight > 2) {
            throw geo::InvalidInput("weight of '" + item.substr(0, colon) +
                                    "' must be a number from 0 to 2");
        }
        out.emplace_back(item.substr(0, colon), weight);
    }
    return out;
}

/// Values of one indicator for every area of a set, in the set's order.
std::vector<std::optional<double>> column_of(const DataIndex& data, const std::string& id,
                                             const std::vector<const AreaEntry*>& areas) {
    const std::string period = data.default_period(id);
    std::vector<std::optional<double>> column;
    for (const AreaEntry* a : areas) {
        const ValueEntry* v = data.value(id, a->code, period);
        column.push_back(v ? v->value : std::nullopt);
    }
    return column;
}

const geo::Indicator& indicator_on_set(const DataIndex& data, const std::string& id,
                                       const std::string& set) {
    const geo::Indicator* i = data.indicator(id);
    if (!i) throw geo::NotFound("no indicator '" + id + "'");
    if (i->set_id != set) {
        throw geo::InvalidInput("indicator '" + id + "' is published for set '" + i->set_id +
                                "', not '" + set + "'");
    }
    return *i;
}

double number_or(const SchoolEntry& s, const std::string& key, double fallback) {
    const auto it = s.numbers.find(key);
    return it == s.numbers.end() ? fallback : it->second;
}

}  // namespace

std::vector<std::pair<std::string, double>> vru_risk_preset(const DataIndex& data,
                                                            const std::string& set) {
    // Deprivation, young people's education, violence, robbery and weapons: the SNA's headline
    // risk factors. School exclusions are recorded by school, not by area, so the area-level
    // preset uses the children and young people education sub-domain instead.
    static const std::vector<std::string> candidates = {"imd25_score",
                                                        "imd19_score",
                                                        "idaci19_rank",
                                                        "imd25_income_score",
                                                        "imd25_cyp_education_score",
                                                        "imd19_cyp_education_rank",
                                                        "crime_violence_and_sexual_offences_rate",
                                                        "crime_robbery_rate",
                                                        "crime_possession_of_weapons_rate",
                                                        "demo_deprivation_score",
                                                        "demo_idaci"};
    std::vector<std::pair<std::string, double>> out;
    for (const auto& id : candidates) {
        const geo::Indicator* i = data.indicator(id);
        if (i && i->set_id == set) out.emplace_back(id, 1.0);
    }
    return out;
}

HttpResponse handle_composite(const DataIndex& data, const Query& query) {
    const std::string set = query.get_or("set", "lsoa21");
    if (!data.has_set(set)) throw geo::NotFound("no area set '" + set + "'");
    auto weights = query.get("indicators") ? parse_weights(*query.get("indicators"))
                                           : vru_risk_preset(data, set);
    if (weights.empty()) throw geo::InvalidInput("no indicators: give indicators=id:weight,...");
    const auto& areas = data.areas_in_set(set);
    geo::IndicatorMatrix matrix(areas.size());
    std::vector<geo::CompositeIndicator> specs;
    json used = json::array();
    for (const auto& [id, weight] : weights) {
        const geo::Indicator& i = indicator_on_set(data, id, set);
        if (i.polarity == geo::Polarity::neutral)
            throw geo::InvalidInput("indicator '" + id + "' has no polarity");
        const auto column = column_of(data, id, areas);
        for (std::size_t a = 0; a < areas.size(); ++a) matrix[a].push_back(column[a]);
        specs.push_back({i.polarity, weight});
        used.push_back({{"id", id},
                        {"title", i.title},
                        {"weight", weight},
                        {"polarity", to_string(i.polarity)},
                        {"period", data.default_period(id)}});
    }
    geo::CompositeOptions options;
    options.transform = query.get_or("transform", "z_score") == "exponential_rank"
                            ? geo::CompositeTransform::exponential_rank
                            : geo::CompositeTransform::z_score;
    options.stability_draws = static_cast<std::size_t>(query.integer("draws", 200, 0, 1000));
    options.seed = static_cast<std::uint64_t>(query.integer("seed", 20190926, 0, 1LL << 62));
    const auto result = geo::composite_index(matrix, specs, options);
    json values = json::object(), by_fid = json::object();
    for (std::size_t a = 0; a < areas.size(); ++a) {
        json v = {{"score", result.scores[a]},
                  {"rank", result.ranks[a]},
                  {"decile", result.deciles[a] ? json(*result.deciles[a]) : json(nullptr)},
                  {"missing", result.missing[a]}};
        if (!result.stability.empty())
            v["rank_p05"] = result.stability[a].p05, v["rank_p95"] = result.stability[a].p95;
        values[areas[a]->code] = v;
        by_fid[std::to_string(areas[a]->fid)] = result.scores[a];
    }
    return json_response(
        {{"set", set},
         {"indicators", used},
         {"transform", query.get_or("transform", "z_score")},
         {"draws", options.stability_draws},
         {"seed", options.seed},
         {"method",
          "Each indicator put on a common scale and direction (worse = higher), "
          "weighted, summed and ranked (1 = highest risk). Rank stability: 5th-95th "
          "percentile of the rank when every weight is perturbed by U(-0.5, +0.5)."},
         {"data_version", data.data_version()},
         {"values", values},
         {"by_feature_id", by_fid}},
        "api_composite");
}

HttpResponse handle_hotspots(const DataIndex& data, const AnalysisIndex& analysis,
                             const Query& query) {
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

HttpResponse handle_priority_schools(const DataIndex& data, const AnalysisIndex& analysis,
                                     const Query& query) {
    const double radius = static_cast<double>(query.integer("radius", 1000, 100, 5000));
    const auto limit = static_cast<std::size_t>(query.integer("limit", 50, 1, 2000));
    const std::string phase = geo::to_lower(query.get_or("phase", "secondary"));
    const std::string set = "lsoa21";
    if (!data.has_set(set)) throw geo::NotFound("the priority-school method needs LSOA 2021 areas");
    const auto& areas = data.areas_in_set(set);
    const auto& metric = analysis.metric_geometry(set);
    const std::vector<std::string> surroundings = {
        "imd25_score", "crime_violence_and_sexual_offences_rate", "crime_robbery_rate"};
    std::map<std::string, std::vector<std::optional<double>>> columns, numerators, denominators;
    for (const auto& id : surroundings) {
        if (!data.indicator(id)) continue;
        columns[id] = column_of(data, id, areas);
        for (const AreaEntry* a : areas) {
            const ValueEntry* v = data.value(id, a->code, data.default_period(id));
            numerators[id].push_back(v ? v->numerator : std::nullopt);
            denominators[id].push_back(v ? v->denominator : std::nullopt);
        }
    }
    std::vector<const SchoolEntry*> chosen;
    for (const SchoolEntry& s : analysis.schools()) {
        if (geo::to_lower(s.phase).find(phase) != std::string::npos || phase == "all")
            chosen.push_back(&s);
    }
    geo::IndicatorMatrix matrix;
    json rows = json::array();
    for (const SchoolEntry* s : chosen) {
        const auto shares =
            geo::circle_shares(metric, analysis.metric_index(set), s->metric, radius);
        json row = {{"urn", s->urn},
                    {"name", s->name},
                    {"phase", s->phase},
                    {"borough", s->borough},
                    {"lonlat", {s->lonlat.x, s->lonlat.y}}};
        std::vector<std::optional<double>> components;
        for (const auto& id : surroundings) {
            std::optional<double> value;
            if (data.indicator(id) && data.indicator(id)->value_kind == "rate") {
                if (auto r = geo::area_weighted_rate(shares, numerators[id], denominators[id],
                                                     data.indicator(id)->multiplier))
                    value = r->rate;
            } else if (columns.count(id)) {
                if (auto m = geo::area_weighted_mean(shares, columns[id])) value = m->value;
            }
            row["surroundings"][id] = value ? json(*value) : json(nullptr);
            components.push_back(value);
        }
        const double pupils = number_or(*s, "Hd_201819", 0),
                     suspensions = number_or(*s, "Sus_201819", -1),
                     permanent = number_or(*s, "Pex_201819", -1);
        // SOURCES.md: the layer's Sus_ counts pupils with one or more suspensions (people:
        // Wilson); Pex_ counts permanent exclusions (events: Byar / exact Poisson).
        struct SchoolRate {
            const char* key;
            const char* attribute;
            double count;
            const char* counts;
        };
        for (const SchoolRate& r :
             {SchoolRate{"suspension_rate", "Sus_201819", suspensions, "people"},
              SchoolRate{"permanent_exclusion_rate", "Pex_201819", permanent, "events"}}) {
            const std::string key = r.key;
            const double count = r.count;
            geo::Indicator kind;
            kind.value_kind = "percentage";
            kind.counts = r.counts;
            const auto ci = geo::indicator_interval(kind, count, pupils, 0.95);
            if (pupils > 0 && count >= 0 && count <= pupils && ci) {
                row["school"][key] = {{"value", 100 * count / pupils},
                                      {"ci95", {ci->lower, ci->upper}},
                                      {"numerator", count},
                                      {"denominator", pupils},
                                      {"counts", std::string(r.counts) == "people"
                                                     ? "pupils with one or more suspensions"
                                                     : "permanent exclusions"},
                                      {"interval", geo::describe(geo::interval_family(kind))},
                                      {"unit", "% of pupils, 2018/19"}};
                // Small counts are withheld from the output (methods §10); the ranking still
                // uses them, and a rank does not disclose a count.
                if (const auto reason = data.suppressed_attribute("schools", r.attribute, count)) {
                    row["school"][key] = {{"value", nullptr},
                                          {"ci95", nullptr},
                                          {"numerator", nullptr},
                                          {"denominator", pupils},
                                          {"unit", "% of pupils, 2018/19"},
                                          {"suppressed", *reason}};
                }
                components.push_back(100 * count / pupils);
            } else {
                row["school"][key] = nullptr;
                components.push_back(std::nullopt);
            }
        }
        matrix.push_back(components);
        rows.push_back(row);
    }
    if (rows.empty()) throw geo::NotFound("no schools of phase '" + phase + "'");
    const std::vector<geo::CompositeIndicator> specs(
        5, geo::CompositeIndicator{geo::Polarity::higher_is_worse, 1.0});
    geo::CompositeOptions options;
    options.stability_draws = 0;
    const auto result = geo::composite_index(matrix, specs, options);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        rows[k]["score"] = result.scores[k];
        rows[k]["rank"] = result.ranks[k];
    }
    std::sort(rows.begin(), rows.end(),
              [](const json& a, const json& b) { return a["rank"] < b["rank"]; });
    if (rows.size() > limit)
        rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(limit), rows.end());
    return json_response(
        {{"radius_m", radius},
         {"phase", phase},
         {"schools", rows},
         {"components",
          {"imd25_score (area-weighted)",
           "violence rate (counts and residents apportioned by area share)",
           "robbery rate (likewise)", "school suspension rate 2018/19",
           "school permanent exclusion rate 2018/19"}},
         {"caveats",
          "police.uk counts are by offence location, not residence; exclusions are by school, not "
          "pupil residence; the circle is apportioned by area share (residents assumed evenly "
          "spread)."},
         {"data_version", data.data_version()}},
        "api_schools_priority");
}

}  // namespace sna::server
