#include "server/index/analyses_settings.hpp"

#include "geo/core/errors.hpp"

#include <nlohmann/json.hpp>

namespace sna::server {

using nlohmann::json;

namespace {

geo::PrioritySchoolsSpec priority_schools_of(const json& p) {
    geo::PrioritySchoolsSpec out;
    out.area_set = p.at("area_set").get<std::string>();
    out.schools = p.at("schools").get<std::string>();
    out.default_phase = p.value("default_phase", "secondary");
    for (const json& s : p.at("surroundings"))
        out.surroundings.push_back(
            {s.at("indicator").get<std::string>(), s.at("label").get<std::string>()});
    out.pupils = p.at("pupils").get<std::string>();
    for (const json& r : p.at("school_rates"))
        out.school_rates.push_back({r.at("key").get<std::string>(),
                                    r.at("count").get<std::string>(),
                                    r.at("label").get<std::string>(), r.value("counts", "people"),
                                    r.value("counts_description", "")});
    out.unit = p.value("unit", "");
    out.caveats = p.value("caveats", "");
    return out;
}

}  // namespace

geo::AnalysesSpec parse_analyses_settings(const std::string& json_text) {
    geo::AnalysesSpec out;
    if (json_text.empty()) return out;
    try {
        const json doc = json::parse(json_text);
        out.composite_preset = doc.value("composite_preset", std::vector<std::string>{});
        if (const auto r = doc.find("report"); r != doc.end()) {
            out.report.headline = r->value("headline", std::vector<std::string>{});
            out.report.trend = r->value("trend", "");
            out.report.trend_title = r->value("trend_title", "");
            out.report.trend_note = r->value("trend_note", "");
        }
        if (doc.contains("priority_schools"))
            out.priority_schools = priority_schools_of(doc.at("priority_schools"));
        const json reach = doc.value("service_reach", json::object());
        for (const auto& [layer, r] : reach.items())
            out.service_reach[layer] = {r.at("default_m").get<double>(),
                                        r.value("by_category", std::map<std::string, double>{})};
    } catch (const json::exception& e) {
        throw geo::DataError({"meta", "analyses", ""},
                             std::string("stored analyses settings are not valid: ") + e.what());
    }
    return out;
}

}  // namespace sna::server
