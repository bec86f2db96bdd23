#include "server/views/search_results.hpp"

#include "server/views/json_views.hpp"

namespace sna::server {

using nlohmann::json;

namespace {

json point_json(double lon, double lat) {
    return json::array({lon, lat});
}

/// The vintage of a set: the first year (19xx or 20xx, standing alone) in its title, "2011" for
/// "Lower Layer Super Output Areas (2011)"; "" when the title names none.
std::string set_vintage(const std::string& title) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t i = 0; i + 4 <= title.size(); ++i) {
        const bool alone =
            (i == 0 || !digit(title[i - 1])) && (i + 4 == title.size() || !digit(title[i + 4]));
        const bool year = (title.compare(i, 2, "19") == 0 || title.compare(i, 2, "20") == 0) &&
                          digit(title[i + 2]) && digit(title[i + 3]);
        if (alone && year) return title.substr(i, 4);
    }
    return "";
}

/// `set`, `set_title`, `vintage` and `set_noun` of an area in `set_id`: what tells an LSOA
/// (2011) from an LSOA (2021) with the same code.
void describe_set(const DataIndex& data, const std::string& set_id, json& out) {
    const geo::AreaSet* set = data.area_set(set_id);
    const std::string title = set ? set->title : set_id;
    out["set"] = set_id;
    out["set_title"] = title;
    out["vintage"] = set_vintage(title);
    out["set_noun"] = set && !set->noun.empty()
                          ? set->noun
                          : geo::default_noun(set ? set->level : geo::AreaLevel::other);
}

json postcode_json(const DataIndex& data, const geo::StoredPostcode& p) {
    json areas = json::array();
    for (const auto& [set, code] : p.areas) {
        const AreaEntry* a = data.area(set, code);
        json area = {{"code", code}, {"name", a ? a->name : code}};
        describe_set(data, set, area);
        areas.push_back(std::move(area));
    }
    return {{"kind", "postcode"},
            {"match", "exact"},
            {"code", p.postcode},
            {"name", p.postcode},
            {"set", "postcode"},
            {"set_title", "Postcode"},
            {"location", point_json(p.lon, p.lat)},
            {"label_point", point_json(p.lon, p.lat)},
            {"bbox", {p.lon, p.lat, p.lon, p.lat}},
            {"areas", areas},
            {"dataset", p.dataset_id}};
}

json district_json(const PostcodeDistrict& d, const std::string& dataset) {
    return {{"kind", "postcode_district"},
            {"match", "exact"},
            {"code", d.district},
            {"name", d.district},
            {"set", "postcode_district"},
            {"set_title", "Postcode district"},
            {"location", point_json(d.centre.x, d.centre.y)},
            {"label_point", point_json(d.centre.x, d.centre.y)},
            {"bbox", {d.bbox.min_x, d.bbox.min_y, d.bbox.max_x, d.bbox.max_y}},
            {"postcodes", d.postcodes},
            {"dataset", dataset}};
}

json area_hit_json(const DataIndex& data, const AreaHit& hit) {
    json out = area_summary_json(data, *hit.area);
    out["kind"] = "area";
    describe_set(data, hit.area->set_id, out);
    out["match"] = geo::to_string(hit.match.kind);
    if (hit.match.kind == geo::NameMatchKind::partial)
        out["matched_words"] = hit.match.matched_words;
    return out;
}

}  // namespace

json search_results_json(const DataIndex& data, const PostcodeDirectory* postcodes,
                         const std::string& query, std::size_t limit) {
    json results = json::array();
    if (postcodes) {
        for (const PostcodeHit& hit : postcodes->find(query, limit)) {
            results.push_back(hit.postcode ? postcode_json(data, *hit.postcode)
                                           : district_json(*hit.district, postcodes->dataset_id()));
        }
    }
    const std::size_t left = limit - std::min(limit, results.size());
    for (const AreaHit& hit : data.search(query, left)) results.push_back(area_hit_json(data, hit));
    return {{"query", query}, {"results", results}};
}

}  // namespace sna::server
