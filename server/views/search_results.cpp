#include "server/views/search_results.hpp"

#include "server/views/json_views.hpp"

namespace sna::server {

using nlohmann::json;

namespace {

json point_json(double lon, double lat) {
    return json::array({lon, lat});
}

/// "LSOA (2021)": the set's title, so two LSOAs with one code read differently.
std::string set_title(const DataIndex& data, const std::string& set_id) {
    const geo::AreaSet* set = data.area_set(set_id);
    return set ? set->title : set_id;
}

json postcode_json(const DataIndex& data, const geo::StoredPostcode& p) {
    json areas = json::array();
    for (const auto& [set, code] : p.areas) {
        const AreaEntry* a = data.area(set, code);
        areas.push_back({{"set", set},
                         {"set_title", set_title(data, set)},
                         {"code", code},
                         {"name", a ? a->name : code}});
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
    out["set_title"] = set_title(data, hit.area->set_id);
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
