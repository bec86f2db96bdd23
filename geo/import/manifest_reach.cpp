#include "geo/import/manifest_reach.hpp"

#include <sstream>

namespace sna::geo {

namespace {

/// The largest radius accepted: 50 km is the breadth of a metropolitan county; anything larger is
/// taken for a unit mistake (kilometres written as metres would be far smaller, so this catches
/// e.g. millimetres or feet × 1000).
constexpr double most_reach_m = 50'000;

double checked_radius(ObjectReader& r, const std::string& key, double radius) {
    if (radius > 0 && radius <= most_reach_m) return radius;
    std::ostringstream got;
    got.precision(10);
    got << radius;
    r.fail(key, "expected a radius in metres above 0 and at most " +
                    std::to_string(static_cast<int>(most_reach_m)) + ", got " + got.str());
}

}  // namespace

void read_service_reach(ObjectReader& r, const PointSource& p, AnalysesSpec& analyses) {
    r.object("reach", [&](ObjectReader& o) {
        if (p.kind != "service")
            r.fail("reach", "only point layers of kind 'service' have a reach (this one is '" +
                                p.kind + "')");
        ServiceReach reach;
        if (!o.optional_number("default_m")) o.fail_missing("default_m");
        reach.default_m = checked_radius(o, "default_m", o.number("default_m", 0));
        for (const auto& [category, radius] : o.number_map("by_category"))
            reach.by_category[category] = checked_radius(o, "by_category." + category, radius);
        if (!reach.by_category.empty() && p.category_column.empty())
            o.fail("by_category", "the layer has no category_column to match categories in");
        analyses.service_reach[p.id] = std::move(reach);
    });
}

nlohmann::json service_reach_json(const std::map<std::string, ServiceReach>& reach) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [layer, r] : reach)
        out[layer] = {{"default_m", r.default_m}, {"by_category", r.by_category}};
    return out;
}

}  // namespace sna::geo
