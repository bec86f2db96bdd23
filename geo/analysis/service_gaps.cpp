#include "geo/analysis/service_gaps.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace sna::geo {

std::vector<bool> top_percent_need(const std::vector<std::optional<double>>& need, double percent) {
    assert(percent > 0 && percent <= 100);
    std::vector<double> values;
    for (const auto& v : need)
        if (v) values.push_back(*v);
    std::vector<bool> out(need.size(), false);
    // The small tolerance keeps 10 % of 20 areas at 2, not 3 (0.1 × 20 is 2.0000000000000004).
    const auto k = static_cast<std::size_t>(
        std::ceil(static_cast<double>(values.size()) * percent / 100.0 - 1e-9));
    if (k == 0) return out;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k - 1),
                     values.end(), std::greater<>());
    const double threshold = values[k - 1];
    for (std::size_t i = 0; i < need.size(); ++i) out[i] = need[i] && *need[i] >= threshold;
    return out;
}

std::vector<bool> hotspot_need(const std::vector<std::optional<GiStar>>& gi) {
    std::vector<bool> out(gi.size(), false);
    for (std::size_t i = 0; i < gi.size(); ++i)
        out[i] = gi[i] &&
                 (gi[i]->hotspot == HotspotClass::hot_95 || gi[i]->hotspot == HotspotClass::hot_99);
    return out;
}

double distance_to_area(const Point& p, const MultiPolygon& area) {
    if (locate(p, area) != Location::outside) return 0;
    return distance_to_boundary(p, area);
}

namespace {

/// Distance from a point to a box (0 inside): never more than the distance to what it bounds.
double distance_to_box(const Point& p, const BBox& box) {
    const double dx = std::max({box.min_x - p.x, 0.0, p.x - box.max_x});
    const double dy = std::max({box.min_y - p.y, 0.0, p.y - box.max_y});
    return std::hypot(dx, dy);
}

/// Whether service `s` at `d` beats the best so far: nearer, or as near with a lower index.
bool closer(double d, std::size_t s, const std::optional<std::size_t>& best, double best_d) {
    return !best || d < best_d || (d == best_d && s < *best);
}

/// One area against every service, nearest candidates first; a service is measured exactly only
/// when its box distance could still beat the nearest so far or fall within its own reach.
AreaReach reach_of_area(const MultiPolygon& area, const std::vector<ServiceSite>& services,
                        std::vector<std::pair<double, std::size_t>>& candidates) {
    const BBox box = bbox_of(area);
    candidates.clear();
    for (std::size_t s = 0; s < services.size(); ++s)
        candidates.emplace_back(distance_to_box(services[s].location, box), s);
    std::sort(candidates.begin(), candidates.end());
    AreaReach out;
    for (const auto& [bound, s] : candidates) {
        // `<=`: a service as near as the best so far may still win the tie on its index.
        const bool may_be_nearest = !out.nearest || bound <= out.nearest_m;
        const bool may_reach =
            bound <= services[s].reach_m && (!out.reached_by || bound <= out.reached_by_m);
        if (!may_be_nearest && !may_reach) continue;
        const double d = distance_to_area(services[s].location, area);
        if (closer(d, s, out.nearest, out.nearest_m)) out.nearest = s, out.nearest_m = d;
        if (d <= services[s].reach_m && closer(d, s, out.reached_by, out.reached_by_m))
            out.reached_by = s, out.reached_by_m = d;
    }
    return out;
}

}  // namespace

std::vector<AreaReach> reach_of_areas(const std::vector<const MultiPolygon*>& areas,
                                      const std::vector<ServiceSite>& services,
                                      const std::vector<bool>& wanted) {
    assert(wanted.size() == areas.size());
    std::vector<AreaReach> out(areas.size());
    std::vector<std::pair<double, std::size_t>> candidates;
    candidates.reserve(services.size());
    for (std::size_t i = 0; i < areas.size(); ++i)
        if (wanted[i]) out[i] = reach_of_area(*areas[i], services, candidates);
    return out;
}

std::optional<double> Coverage::share() const {
    if (high_need_population <= 0) return std::nullopt;
    return reached_population / high_need_population;
}

std::map<std::string, Coverage> coverage_by_group(const std::vector<std::string>& group,
                                                  const std::vector<double>& population,
                                                  const std::vector<bool>& high_need,
                                                  const std::vector<AreaReach>& reach) {
    assert(group.size() == population.size() && group.size() == high_need.size() &&
           group.size() == reach.size());
    std::map<std::string, Coverage> out;
    out[""];
    for (std::size_t i = 0; i < group.size(); ++i) {
        for (Coverage* c : {&out[""], group[i].empty() ? nullptr : &out[group[i]]}) {
            if (!c) continue;
            ++c->areas;
            if (!high_need[i]) continue;
            ++c->high_need_areas;
            c->high_need_population += population[i];
            if (!reach[i].reached()) continue;
            ++c->reached_areas;
            c->reached_population += population[i];
        }
    }
    return out;
}

}  // namespace sna::geo
