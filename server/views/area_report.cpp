#include "server/views/area_report.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "server/index/area_shapes.hpp"
#include "server/index/point_directory.hpp"
#include "server/index/response_memo.hpp"
#include "server/views/area_profile.hpp"
#include "server/views/citations.hpp"
#include "server/views/priority_schools.hpp"
#include "server/views/report_parts.hpp"
#include "server/views/value_format.hpp"
#include "server/views/version_note.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace sna::server {

using nlohmann::json;

const std::vector<std::string>& headline_ids(const DataIndex& data) {
    const auto& report = data.analyses().report;
    return report.headline.empty() ? data.analyses().composite_preset : report.headline;
}

namespace {

std::string ordinal(long long n) {
    const long long tens = n % 100;
    const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                         : n % 10 == 1              ? "st"
                         : n % 10 == 2              ? "nd"
                         : n % 10 == 3              ? "rd"
                                                    : "th";
    return format_number(static_cast<double>(n), 0) + suffix;
}

std::string symbol_of(const std::string& judgement) {
    if (judgement == "worse") return "\u2717";    // ✗
    if (judgement == "better") return "\u2713";   // ✓
    if (judgement == "similar") return "\u2248";  // ≈
    if (judgement == "higher") return "\u25B2";   // ▲
    if (judgement == "lower") return "\u25BC";    // ▼
    return "\u2013";                              // –
}

std::optional<double> number_at(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number()) return std::nullopt;
    return j[key].get<double>();
}

ReportComparison comparison_of(const json& c, const geo::Indicator& indicator) {
    ReportComparison out;
    out.name = c.value("name", "");
    out.value_text = format_value(number_at(c, "value"), indicator);
    const json sig = c.contains("significance_95") ? c["significance_95"] : json::object();
    out.judgement = sig.value("judgement", "not_compared");
    out.words = out.judgement == "not_compared" ? "not compared"
                                                : sig.value("words", c.value("reason", ""));
    out.symbol = symbol_of(out.judgement);
    return out;
}

std::string rank_text(const json& position, const std::string& peers) {
    if (!position.is_object() || !position["rank"].is_number()) return "";
    std::string text = ordinal(position["rank"].get<long long>()) + " worst of " +
                       format_number(position.value("of", 0.0), 0) + " " + peers;
    if (position["decile"].is_number())
        text += " (decile " + std::to_string(position["decile"].get<int>()) + ")";
    return text;
}

/// The comparators of a profile entry: each borough of a catchment ("boroughs"), else the
/// area's borough, then the region and England.
std::vector<ReportComparison> comparisons_of(const json& entry, const geo::Indicator& indicator) {
    std::vector<ReportComparison> out;
    const bool listed = entry.contains("boroughs") && entry["boroughs"].is_array();
    if (listed)
        for (const json& b : entry["boroughs"]) out.push_back(comparison_of(b, indicator));
    for (const char* key : {"borough", "region", "england"}) {
        if (listed && std::string(key) == "borough") continue;
        if (entry.contains(key) && entry[key].is_object())
            out.push_back(comparison_of(entry[key], indicator));
    }
    return out;
}

}  // namespace

ReportRow report_row(const json& entry, const geo::Indicator& indicator, const std::string& peers) {
    ReportRow row;
    row.id = indicator.id;
    row.title = indicator.title;
    row.theme = indicator.theme;
    row.period = period_label(entry.value("period", ""));
    row.value = number_at(entry, "value");
    row.value_text = format_value(row.value, indicator);
    if (entry["ci95"].is_array()) {
        row.ci_text = "95% CI " + format_value(entry["ci95"][0].get<double>(), indicator) + " to " +
                      format_value(entry["ci95"][1].get<double>(), indicator);
    }
    row.rank_text = rank_text(entry["regional"], peers);
    if (entry["national_decile"].is_number())
        row.national_text = "England decile " + std::to_string(entry["national_decile"].get<int>());
    row.comparisons = comparisons_of(entry, indicator);
    if (entry.contains("suppressed")) row.note = entry["suppressed"].get<std::string>();
    if (entry.contains("aggregated")) {
        row.note = "Combined from " + std::to_string(entry["aggregated"]["areas"].get<int>()) +
                   " areas (" + entry["aggregated"]["method"].get<std::string>() + ")";
    }
    row.dataset = indicator.dataset_id;
    return row;
}

namespace {

std::string peers_name(const DataIndex& data, const std::string& set_id) {
    const geo::AreaSet* set = data.area_set(set_id);
    return (set ? set->plural_noun : std::string("areas")) + " in the region";
}

/// Profile entries of every set holding this code (an LSOA code is in the 2011 and 2021 sets),
/// the first set's entry winning for an indicator that appears twice.
std::vector<std::pair<json, std::string>> profile_entries(
    const DataIndex& data, const std::vector<const AreaEntry*>& areas) {
    std::vector<std::pair<json, std::string>> out;
    std::set<std::string> seen;
    for (const AreaEntry* a : areas) {
        const json profile = area_profile_json(data, *a);
        for (const json& entry : profile["indicators"]) {
            if (seen.insert(entry["id"].get<std::string>()).second)
                out.emplace_back(entry, a->set_id);
        }
    }
    return out;
}

ReportSeries incident_trend(const DataIndex& data, const AreaEntry& area) {
    ReportSeries out;
    const std::string& id = data.analyses().report.trend;
    const geo::Indicator* indicator = data.indicator(id);
    if (!indicator) return out;
    out.title = data.analyses().report.trend_title;
    const auto& peers = data.areas_in_set(indicator->set_id);
    const auto& flags =
        peers.empty() ? std::vector<ValueEntry>{} : data.series(id, peers.front()->code);
    for (const std::string& period : data.periods(id)) {
        std::optional<double> value;
        if (const std::optional<ValueEntry> v = data.value(id, area.code, period)) {
            value = data.suppressed(*indicator, *v) ? std::nullopt : v->value;
        } else {
            const ComparatorValue c = data.comparator(id, period, area.set_id, area.code);
            if (c.areas > 0) value = data.suppressed(*indicator, c) ? std::nullopt : c.value;
        }
        const auto flag = std::find_if(flags.begin(), flags.end(),
                                       [&](const ValueEntry& v) { return v.period == period; });
        out.labels.push_back(period_label(period));
        out.values.push_back(value);
        out.flagged.push_back(flag != flags.end() && flag->flag == "incomplete_month");
    }
    out.note = data.analyses().report.trend_note;
    return out;
}

/// "imd25_score (area-weighted), violence rate … within 1 km, and the school's own school
/// suspension rate 2018/19 and …": the components as the manifest labels them.
std::string priority_method_summary(const geo::PrioritySchoolsSpec& spec) {
    std::vector<std::string> around, own;
    for (const auto& c : spec.surroundings) around.push_back(c.label);
    for (const auto& r : spec.school_rates) own.push_back(r.label);
    return geo::join(around, ", ") + " within 1 km, and the school's own " +
           geo::join(own, " and ");
}

}  // namespace

std::vector<ReportPlace> nearby_schools(const Services& s, const geo::MultiPolygon& shape,
                                        const PlaceSearch& search, std::string& note) {
    std::vector<ReportPlace> out;
    const auto& settings = s.data.analyses().priority_schools;
    if (!s.points || !settings || settings->school_rates.empty()) return out;
    const geo::PrioritySchoolsSpec::SchoolRate& first_rate = settings->school_rates.front();
    const auto compute = [&] {
        return priority_schools_json(
                   s.data, s.analysis,
                   Query({{"radius", "1000"}, {"limit", "2000"}, {"phase", "all"}}))
            .dump();
    };
    const json ranked =
        json::parse(s.memo ? s.memo->get("priority-schools-1000-all", compute) : compute());
    std::map<std::string, const json*> by_urn;
    for (const json& school : ranked["schools"]) by_urn[school["urn"].get<std::string>()] = &school;
    for (const NearbyPoint& near : s.points->near(settings->schools, shape, search.metres)) {
        const auto& record = near.point->record;
        std::string detail = record.category;
        if (const auto it = by_urn.find(record.source_id); it != by_urn.end()) {
            const json& school = *it->second;
            detail += "; priority rank " + std::to_string(school["rank"].get<int>()) + " of " +
                      std::to_string(ranked["schools"].size());
            const json& rate = school["school"][first_rate.key];
            if (rate.is_object() && rate["value"].is_number())
                detail += "; " + first_rate.label + ": " +
                          format_number(rate["value"].get<double>(), 1) + "%";
        }
        out.push_back({record.name, detail,
                       near.distance_m == 0 ? "inside" : format_number(near.distance_m, 0) + " m"});
        if (out.size() == search.limit) break;
    }
    note = search.schools_note +
           " Priority rank: the SNA's priority-school "
           "method (" +
           priority_method_summary(*settings) + "; /api/schools/priority), 1 = highest priority.";
    return out;
}

std::vector<ReportPlace> nearby_points(const Services& s, const std::vector<std::string>& layers,
                                       const geo::MultiPolygon& shape, double metres,
                                       std::size_t limit) {
    std::vector<ReportPlace> out;
    if (!s.points) return out;
    for (const std::string& layer : layers) {
        if (!s.points->has_layer(layer)) continue;
        for (const NearbyPoint& near : s.points->near(layer, shape, metres)) {
            if (out.size() == limit) return out;
            out.push_back(
                {near.point->record.name, near.point->record.category,
                 near.distance_m == 0 ? "inside" : format_number(near.distance_m, 0) + " m"});
        }
    }
    return out;
}

std::vector<ReportPlace> nearby_services(const Services& s, const geo::MultiPolygon& shape,
                                         const PlaceSearch& search) {
    return nearby_points(s, s.data.point_layers_of_kind("service"), shape, search.metres * 2,
                         search.limit);
}

MapView pack_map(const DataIndex& data, const std::string& indicator_id) {
    MapView map;
    map.indicator_id = indicator_id;
    map.set_id = data.indicator(indicator_id)->set_id;
    map.width = 900;
    map.height = 560;
    map.title = "";
    return map;
}

std::vector<std::string> summary_of(const AreaReport& r) {
    std::vector<std::string> out;
    std::string first = r.name + " (" + r.code + ") is " + geo::with_article(r.set_noun) +
                        (r.borough_name.empty() ? "" : " in " + r.borough_name);
    if (!r.population_text.empty()) first += " with " + r.population_text + " residents";
    out.push_back(first + ".");
    std::map<std::string, int> tally;
    std::string comparator;
    for (const ReportRow& row : r.headline) {
        if (row.comparisons.empty()) continue;
        comparator = row.comparisons.front().name;
        ++tally[row.comparisons.front().judgement];
    }
    const int tested = tally["worse"] + tally["similar"] + tally["better"];
    if (tested > 0) {
        out.push_back("Of the " + std::to_string(tested) +
                      " headline risk factors that can be tested against " + comparator +
                      ", it is significantly worse on " + std::to_string(tally["worse"]) +
                      ", similar on " + std::to_string(tally["similar"]) + " and better on " +
                      std::to_string(tally["better"]) + " (95% confidence, Fingertips method).");
    }
    for (const ReportRow& row : r.headline) {
        if (row.rank_text.empty()) continue;
        out.push_back(row.title + ": " + row.value_text + ", " + row.rank_text + ".");
        break;
    }
    for (const ReportRow& row : r.headline) {
        if (row.national_text.empty()) continue;
        out.push_back("On " + row.title + " it is in " + row.national_text +
                      " (1 = the most deprived 10% of areas in England).");
        break;
    }
    return out;
}

/// A borough pack's section on the gaps in provision (none for other areas).
std::optional<GapSection> borough_gaps(const Services& s, const AreaEntry& borough) {
    if (borough.set_id != s.data.borough_set()) return std::nullopt;
    const auto within = [&](const AreaEntry& a) {
        const AreaEntry* b = s.data.borough_of(a);
        return b && b->code == borough.code;
    };
    return pack_gap_section(s, within, borough.name);
}

namespace {

/// The indicators and point layers a pack shows.
struct PackInputs {
    std::vector<std::string> indicators;
    std::vector<std::string> layers;
};

PackInputs pack_inputs(const Services& s, const AreaReport& r) {
    std::vector<std::string> indicators, layers;
    for (const auto* rows : {&r.headline, &r.other})
        for (const ReportRow& row : *rows) indicators.push_back(row.id);
    if (!r.trend.values.empty()) indicators.push_back(s.data.analyses().report.trend);
    if (!r.services.empty()) layers = s.data.point_layers_of_kind("service");
    const auto& schools = s.data.analyses().priority_schools;
    if (!r.schools.empty() && schools) layers.push_back(schools->schools);
    if (r.gaps) layers.push_back(r.gaps->layer_id);
    if (r.gaps)
        indicators.insert(indicators.end(), r.gaps->indicator_ids.begin(),
                          r.gaps->indicator_ids.end());
    return {indicators, layers};
}

}  // namespace

std::string reserved_note_of(const Services& s, const AreaReport& r) {
    const PackInputs inputs = pack_inputs(s, r);
    return reserved_notice(s.data.reservations().seen_among(inputs.indicators, inputs.layers));
}

std::vector<std::string> pack_dataset_ids(const Services& s, const AreaReport& r) {
    std::vector<std::string> ids;
    const auto add = [&](const std::string& id) {
        if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    const PackInputs inputs = pack_inputs(s, r);
    for (const std::string& id : inputs.indicators)
        if (const geo::Indicator* i = s.data.indicator(id)) add(i->dataset_id);
    for (const std::string& id : inputs.layers)
        if (const geo::StoredPointLayer* l = s.data.point_layer(id)) add(l->dataset_id);
    return ids;
}

AreaReport build_area_report(const Services& s, const std::string& code, const Query& query,
                             const std::string& base_url) {
    const AreaEntry& area = profile_area(s.data, code, query);
    std::vector<const AreaEntry*> areas{&area};
    for (const AreaEntry* other : s.data.areas_with_code(code))
        if (other != &area) areas.push_back(other);
    AreaReport r;
    r.code = area.code;
    r.name = area.name;
    r.set_id = area.set_id;
    const geo::AreaSet& set = *s.data.area_set(area.set_id);
    r.set_title = set.title;
    r.set_noun = set.noun;
    if (const AreaEntry* b = s.data.borough_of(area); b && b != &area) r.borough_name = b->name;
    if (area.population) r.population_text = format_number(*area.population, 0);
    const auto entries = profile_entries(s.data, areas);
    const auto& headline = headline_ids(s.data);
    for (const std::string& id : headline) {
        for (const auto& [entry, set_id] : entries)
            if (entry["id"] == id)
                r.headline.push_back(
                    report_row(entry, *s.data.indicator(id), peers_name(s.data, r.set_id)));
    }
    for (const auto& [entry, set_id] : entries) {
        const std::string id = entry["id"];
        if (std::find(headline.begin(), headline.end(), id) == headline.end())
            r.other.push_back(
                report_row(entry, *s.data.indicator(id), peers_name(s.data, r.set_id)));
    }
    std::stable_sort(r.other.begin(), r.other.end(),
                     [](const ReportRow& a, const ReportRow& b) { return a.theme < b.theme; });
    r.trend = incident_trend(s.data, area);
    const geo::MultiPolygon* shape = s.shapes ? s.shapes->shape(area.set_id, area.code) : nullptr;
    if (shape) {
        const PlaceSearch around{1000, 12, "Schools inside or within 1 km of the area."};
        r.schools = nearby_schools(s, *shape, around, r.schools_note);
        r.services = nearby_services(s, *shape, around);
    }
    r.gaps = borough_gaps(s, area);
    std::vector<std::string> datasets = pack_dataset_ids(s, r);
    datasets.push_back(boundary_dataset(s.data, area.set_id));
    std::sort(datasets.begin(), datasets.end());  // as before: citations by dataset id
    datasets.erase(std::unique(datasets.begin(), datasets.end()), datasets.end());
    for (const auto& id : datasets)
        if (s.data.dataset(id))
            r.citations.push_back(citation_text(s.data, id) + " " + s.data.dataset(id)->url);
    r.data_version = s.data.data_version();
    const auto built = s.data.meta().find("built_at");
    r.build_date = built == s.data.meta().end() ? "" : built->second;
    const std::string map_indicator = r.headline.empty() ? "" : r.headline.front().id;
    r.permalink = base_url + "/#i=" + map_indicator + "&sel=" + area.set_id + ":" + area.code +
                  "&v=" + r.data_version;
    r.report_url = base_url + "/report/" + area.code + "?v=" + r.data_version;
    r.pdf_url = "/report/" + area.code + ".pdf?v=" + r.data_version;
    r.pinned_note = version_note(s, query.get_or("v", ""), area.code);
    r.summary = summary_of(r);
    r.reserved_note = reserved_note_of(s, r);
    if (!map_indicator.empty()) {
        r.map = pack_map(s.data, map_indicator);
        r.map.fit_area = area.code;
        r.map.highlight = area.code;
    }
    return r;
}

}  // namespace sna::server
