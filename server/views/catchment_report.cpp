#include "server/views/catchment_report.hpp"

#include "geo/core/text.hpp"
#include "geo/tiles/projection.hpp"
#include "server/views/citations.hpp"
#include "server/views/gaps_section.hpp"
#include "server/views/report_parts.hpp"
#include "server/views/value_format.hpp"
#include "server/views/version_note.hpp"

#include <algorithm>
#include <set>

namespace sna::server {

using nlohmann::json;

std::string apportion_method_title(geo::ApportionMethod method) {
    return method == geo::ApportionMethod::best_fit ? "best fit by centroid" : "area-weighted";
}

std::string catchment_definition_text(const json& d, const DataIndex& data) {
    const std::string kind = d.value("kind", "");
    if (kind == "radius") {
        const double metres = d.value("metres", 0.0);
        const std::string size = metres >= 1000 ? format_number(metres / 1000, 3) + " km"
                                                : format_number(metres, 0) + " m";
        return "a circle of radius " + size + " round longitude " +
               format_number(d.value("lon", 0.0), 6) + ", latitude " +
               format_number(d.value("lat", 0.0), 6);
    }
    if (kind == "areas") {
        const std::string set = d.value("set", "");
        const geo::AreaSet* s = data.area_set(set);
        std::vector<std::string> codes;
        for (const json& c : d.value("codes", json::array())) codes.push_back(c.get<std::string>());
        const std::size_t n = codes.size();
        if (n > 10) codes.resize(10);
        return "the union of " + std::to_string(n) + " " +
               (s ? (n == 1 ? s->noun : s->plural_noun) : std::string("areas")) + " (" +
               (s ? s->title : set) + "): " + geo::join(codes, ", ") + (n > 10 ? ", …" : "");
    }
    if (kind == "upload")
        return "an uploaded boundary file (" + d.value("format", std::string("?")) + ", " +
               std::to_string(d.value("features", 0)) + " features)";
    return "a shape drawn on the map or sent as GeoJSON";
}

std::vector<std::string> catchment_method_notes(const json& profile) {
    const json& m = profile["methods"];
    std::vector<std::string> out;
    for (const char* key : {"apportionment", "pooling", "caveats", "significance"})
        if (m.contains(key) && m[key].is_string()) out.push_back(m[key].get<std::string>());
    return out;
}

namespace {

std::string number_or_dash(const json& j, const char* key, int digits) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? format_number(it->get<double>(), digits) : "–";
}

/// The pack row of one apportioned indicator: numerator and denominator in the rank column,
/// and where the figure came from in the note.
ReportRow apportioned_row(const json& entry, const geo::Indicator& indicator) {
    ReportRow row = report_row(entry, indicator, "");
    row.counts_text =
        number_or_dash(entry, "numerator", 1) + " / " + number_or_dash(entry, "denominator", 1);
    if (row.counts_text == "– / –") row.counts_text.clear();
    if (const auto a = entry.find("apportioned"); a != entry.end() && a->is_object()) {
        const std::string from = "Apportioned from " + std::to_string(a->value("areas", 0)) + " " +
                                 a->value("from_set", std::string()) + " areas (" +
                                 a->value("pooling", std::string()) + ")";
        row.note = row.note.empty() ? from : from + "; " + row.note;
    }
    return row;
}

void add_rows(const DataIndex& data, const json& profile, AreaReport& r) {
    const auto& headline = headline_ids(data);
    for (const std::string& id : headline)
        for (const json& entry : profile["indicators"])
            if (entry["id"] == id)
                r.headline.push_back(apportioned_row(entry, *data.indicator(id)));
    for (const json& entry : profile["indicators"]) {
        const std::string id = entry["id"];
        if (std::find(headline.begin(), headline.end(), id) == headline.end())
            r.other.push_back(apportioned_row(entry, *data.indicator(id)));
    }
    std::stable_sort(r.other.begin(), r.other.end(),
                     [](const ReportRow& a, const ReportRow& b) { return a.theme < b.theme; });
}

/// The constituent small areas of one set, each with its weight under the pack's method.
ReportTable constituents_table(const DataIndex& data, const json& set, const std::string& method) {
    const geo::AreaSet* s = data.area_set(set["set"].get<std::string>());
    ReportTable t;
    t.title = "Small areas of the catchment: " + (s ? s->title : set["set"].get<std::string>());
    t.header = {"Code",     "Name", "Borough", "Weight", "Share of area inside", "Centroid inside",
                "Residents"};
    t.widths = {2, 3, 2, 1, 1.4, 1.2, 1.2};
    for (const json& a : set["areas"]) {
        const AreaEntry* b =
            a["borough"].is_string() ? data.area(data.borough_set(), a["borough"]) : nullptr;
        t.rows.push_back({a["code"].get<std::string>(), a["name"].get<std::string>(),
                          b ? b->name : "", format_number(a["weight"].get<double>(), 3),
                          format_number(100 * a["area_share"].get<double>(), 1) + "%",
                          a["centroid_inside"].get<bool>() ? "yes" : "no",
                          number_or_dash(a, "population", 0)});
    }
    t.note = "Every small area the catchment overlaps. Weight is what this pack counts of it (" +
             method +
             "): under best fit by centroid 1 when its centroid lies inside, else 0; under "
             "area weighting the share of its area inside. " +
             format_number(set["apportioned_population"].get<double>(), 0) +
             " residents apportioned.";
    return t;
}

/// The method first, then every dataset the profile and the rest of the pack (`shown`, from
/// pack_dataset_ids) use, and the attribution the licences ask for.
std::vector<std::string> citations_of(const DataIndex& data, const json& profile,
                                      const std::string& method,
                                      const std::vector<std::string>& shown) {
    std::vector<std::string> ids;
    for (const auto& [id, _] : profile["datasets"].items()) ids.push_back(id);
    for (const std::string& id : shown)
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    for (const json& set : profile["constituents"]) {
        const std::string b = boundary_dataset(data, set["set"].get<std::string>());
        if (!b.empty() && std::find(ids.begin(), ids.end(), b) == ids.end()) ids.push_back(b);
    }
    std::vector<std::string> out = {
        "Apportionment: " + method +
        " (snamap methods §12): figures of the small areas the catchment overlaps, pooled as a "
        "ward pools its areas. Caveats: the modifiable areal unit problem; rates per resident in "
        "city centres; geometric, not population-weighted, centroids."};
    for (const auto& id : ids)
        if (const geo::Dataset* d = data.dataset(id))
            out.push_back(citation_text(data, id) + " " + d->url);
    out.push_back("Attribution: " + attribution_of(data, ids));
    return out;
}

/// "best fit" or "area-weighted": the title of the profile's apportionment method.
std::string method_title(const json& profile) {
    return apportion_method_title(
        geo::parse_apportion_method(profile["method"].get<std::string>()).value());
}

/// Name, definition, boroughs and residents: what the summary's first line says.
void describe(const DataIndex& data, const StoredCatchment& c, const json& profile, AreaReport& r) {
    r.code = c.id;
    r.name = c.name.empty() ? "Catchment " + c.id.substr(0, 8) : c.name;
    r.set_id = "catchment";
    const std::string method = method_title(profile);
    r.set_title = "Catchment (" + method + ")";
    r.set_noun = "catchment (" + catchment_definition_text(c.definition, data) + "; " +
                 format_number(profile["area_km2"].get<double>(), 2) + " km²)";
    std::vector<std::string> boroughs;
    for (const json& b : profile["boroughs"]) boroughs.push_back(b["name"].get<std::string>());
    r.borough_name = geo::join(boroughs, ", ");
    double population = 0;
    for (const json& set : profile["constituents"])
        population = std::max(population, set["apportioned_population"].get<double>());
    if (population > 0)
        r.population_text = "about " + format_number(population, 0) + " apportioned";
    r.rank_heading = "Numerator / denominator";
    r.schools_heading = "Schools inside the catchment";
    r.no_schools = "No schools inside the catchment.";
    r.services_heading = "Services inside the catchment";
    r.no_services = "No VRU-funded services recorded inside the catchment.";
    r.outline_words = "outlined with a dashed violet line";
    r.method_notes = catchment_method_notes(profile);
    for (const json& set : profile["constituents"])
        r.appendix.push_back(constituents_table(data, set, method));
}

void add_places(const Services& s, const StoredCatchment& c, AreaReport& r) {
    const geo::MultiPolygon mercator = geo::project_to_mercator(c.shape);
    const PlaceSearch inside{0, 100, "Schools inside the catchment (point in polygon)."};
    r.schools = nearby_schools(s, mercator, inside, r.schools_note);
    if (r.schools_note.empty()) {
        // No priority ranking for this tier (it needs reserved exclusion figures): the schools
        // of the first school layer, without ranks.
        const auto layers = s.data.point_layers_of_kind("school");
        if (!layers.empty()) r.schools = nearby_points(s, {layers.front()}, mercator, 0, 100);
        r.schools_note = inside.schools_note;
    }
    r.services = nearby_services(s, mercator, inside);
}

/// The pack's gaps section over the small areas the catchment overlaps (any share of them).
std::optional<GapSection> catchment_gaps(const Services& s, const json& profile,
                                         const std::string& name) {
    std::set<std::pair<std::string, std::string>> overlapped;
    for (const json& set : profile["constituents"])
        for (const json& area : set["areas"])
            overlapped.emplace(set["set"].get<std::string>(), area["code"].get<std::string>());
    const auto within = [&](const AreaEntry& a) {
        return overlapped.count({a.set_id, a.code}) > 0;
    };
    return pack_gap_section(s, within, name);
}

}  // namespace

AreaReport build_catchment_report(const Services& s,
                                  const std::shared_ptr<const StoredCatchment>& stored,
                                  const json& profile, const Query& query,
                                  const std::string& base_url) {
    const StoredCatchment& c = *stored;
    AreaReport r;
    describe(s.data, c, profile, r);
    add_rows(s.data, profile, r);
    add_places(s, c, r);
    r.gaps = catchment_gaps(s, profile, r.name);
    r.citations = citations_of(s.data, profile, method_title(profile), pack_dataset_ids(s, r));
    r.data_version = s.data.data_version();
    const auto built = s.data.meta().find("built_at");
    r.build_date = built == s.data.meta().end() ? "" : built->second;
    const std::string method = profile["method"].get<std::string>();
    const std::vector<ReportRow>& first = r.headline.empty() ? r.other : r.headline;
    const std::string map_indicator = first.empty() ? "" : first.front().id;
    r.permalink = base_url + "/#i=" + map_indicator + "&catchment=" + c.id + "&v=" + r.data_version;
    const std::string pinned = "?method=" + method + "&v=" + r.data_version;
    r.report_url = base_url + "/report/catchment/" + c.id + pinned;
    r.pdf_url = "/report/catchment/" + c.id + ".pdf" + pinned;
    r.pinned_note = version_note(s, query.get_or("v", ""), "");
    r.summary = summary_of(r);
    r.reserved_note = reserved_note_of(s, r);
    if (!map_indicator.empty()) {
        r.map = pack_map(s.data, map_indicator);
        r.map.catchment = std::shared_ptr<const geo::MultiPolygon>(stored, &stored->shape);
        r.map.catchment_id = c.id;
    }
    return r;
}

}  // namespace sna::server
