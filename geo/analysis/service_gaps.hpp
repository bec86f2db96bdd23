#pragma once
/// Provision against need (docs/methods.md, "Gaps in provision"): which high-need areas no
/// service reaches, and the share of the high-need population within reach, per borough.
///
/// - **High need**: an area is high-need when its need (put so that higher = more need) is in the
///   top `percent` of the areas with a value (ties at the threshold all count), or when it is a
///   Getis-Ord Gi* hot spot at 95 % or 99 % confidence.
/// - **Reached**: a service reaches an area when any part of the area lies within the service's
///   radius of its location, i.e. the planar distance from the point to the area (0 inside it,
///   holes excluded) is at most the radius. Distances are in the units of the inputs: project
///   areas and services into one metric CRS first (EPSG:27700 in Great Britain).

#include "geo/analysis/hotspots.hpp"
#include "geo/core/geometry.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

/// A service's location (metres) and how far it reaches (metres).
struct ServiceSite {
    Point location;
    double reach_m = 0;
};

/// The high-need areas under the "top percent" rule: with n areas that have a value and
/// k = ⌈n · percent / 100⌉, the areas whose need is at least the k-th largest need.
/// @pre 0 < percent ≤ 100
std::vector<bool> top_percent_need(const std::vector<std::optional<double>>& need, double percent);

/// The high-need areas under the hot-spot rule: Gi* hot spots at 95 % or 99 % confidence.
std::vector<bool> hotspot_need(const std::vector<std::optional<GiStar>>& gi);

/// Planar distance from a point to an area: 0 inside or on its boundary, else to the nearest
/// edge (a point in a hole is outside, at its distance from the hole's edge).
double distance_to_area(const Point& p, const MultiPolygon& area);

/// How one area stands against the services.
struct AreaReach {
    std::optional<std::size_t> nearest;     ///< index of the nearest service (first of equals)
    double nearest_m = 0;                   ///< its distance to the area (0 inside)
    std::optional<std::size_t> reached_by;  ///< the nearest service that reaches the area
    double reached_by_m = 0;
    bool reached() const { return reached_by.has_value(); }
};

/// The reach of `services` over each area where `wanted` is true (the others are left empty).
/// Services are skipped by a bounding-box lower bound, so the cost is about one box distance
/// per area and service plus a few exact distances.
/// @pre wanted.size() == areas.size(); every pointer non-null
std::vector<AreaReach> reach_of_areas(const std::vector<const MultiPolygon*>& areas,
                                      const std::vector<ServiceSite>& services,
                                      const std::vector<bool>& wanted);

/// High-need areas and people of a group of areas (a borough or the region), and those reached.
struct Coverage {
    std::size_t areas = 0;  ///< every area of the group
    std::size_t high_need_areas = 0;
    std::size_t reached_areas = 0;  ///< high-need areas reached
    double high_need_population = 0;
    double reached_population = 0;  ///< in high-need areas reached
    /// reached_population / high_need_population; nullopt when no high-need population.
    std::optional<double> share() const;
};

/// Coverage per group code (`group[i]` of area i; every group appears, even with no high-need
/// area), and the whole under the key "" (areas with an empty group count only there).
/// @pre group, population, high_need and reach have the same size
std::map<std::string, Coverage> coverage_by_group(const std::vector<std::string>& group,
                                                  const std::vector<double>& population,
                                                  const std::vector<bool>& high_need,
                                                  const std::vector<AreaReach>& reach);

}  // namespace sna::geo
