#pragma once
/// What surrounds a point (a school, a hospital, a youth centre): area-weighted averages of small-
/// area values over a circle of radius r, so a school can be described by the violence and
/// deprivation of its surroundings rather than only of the one LSOA it sits in.
///
/// All coordinates must be in a projected CRS in metres (EPSG:27700 for England); snamap stores
/// geometry in lon/lat, so callers project the areas and the point first.
///
/// Method: areal weighting (areal interpolation; Goodchild & Lam 1980). Area i's weight is the
/// share of the circle it covers, wᵢ = |C ∩ Aᵢ| / |C ∩ ∪Aⱼ|. Scores are averaged with those
/// weights. Rates are not averaged: counts and populations are apportioned by the share of each
/// area inside the circle, |C ∩ Aᵢ| / |Aᵢ|, summed, then divided — so an area that contributes
/// little population contributes little to the rate. Both assume that what is measured is spread
/// evenly over each area, which is the method's main caveat (docs/methods.md).

#include "geo/core/geometry.hpp"
#include "geo/core/packed_rtree.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace sna::geo {

/// Vertices of the circle approximation.
constexpr int circle_segments = 128;

/// A regular polygon (counter-clockwise, not closed) standing in for the circle of `radius`
/// about `centre`. Its circumradius is scaled so its area equals πr² exactly (r·√(2π / (n
/// sin(2π/n))), +0.020 % for n = 128), so shares of the circle are shares of a true circle's area.
/// @pre radius > 0, segments >= 3
Ring circle_polygon(Point centre, double radius, int segments = circle_segments);

/// Sutherland–Hodgman: the part of `subject` inside the convex, counter-clockwise `clip` ring.
/// The subject may be non-convex; where it leaves and re-enters the clip polygon the result has
/// zero-width bridges along the clip boundary, which do not change its area (the only use here).
Ring clip_to_convex(const Ring& subject, const Ring& clip);

/// Area of polygon ∩ convex clip ring: outer rings minus holes, each clipped separately.
double intersection_area(const MultiPolygon& polygon, const Ring& convex_clip);

/// One area's part in a circle.
struct CircleShare {
    std::uint32_t area = 0;    ///< index into the areas given
    double overlap = 0;        ///< |C ∩ Aᵢ| (m²)
    double weight = 0;         ///< |C ∩ Aᵢ| / |C ∩ ∪Aⱼ|; the weights sum to 1
    double area_fraction = 0;  ///< |C ∩ Aᵢ| / |Aᵢ|: the share of the area inside the circle
};

/// The areas overlapping the circle, with their shares, in ascending area order. Empty when the
/// circle overlaps no area. `index` must be a PackedRTree over bbox_of(areas[i]).
/// @pre radius > 0
std::vector<CircleShare> circle_shares(const std::vector<MultiPolygon>& areas,
                                       const PackedRTree& index, Point centre, double radius);

/// Same, building the bbox index on the fly (for one-off queries).
std::vector<CircleShare> circle_shares(const std::vector<MultiPolygon>& areas, Point centre,
                                       double radius);

struct WeightedValue {
    double value = 0;
    double coverage = 0;  ///< share of the circle (within the areas) covered by areas with a value
};

/// Σ wᵢ xᵢ / Σ wᵢ over the areas with a value (values indexed like the areas). std::nullopt when
/// none of the overlapping areas has one.
std::optional<WeightedValue> area_weighted_mean(const std::vector<CircleShare>& shares,
                                                const std::vector<std::optional<double>>& values);

struct ApportionedRate {
    double count = 0;       ///< Σ countᵢ · area_fractionᵢ
    double population = 0;  ///< Σ populationᵢ · area_fractionᵢ
    double rate = 0;        ///< count / population × multiplier
};

/// Rate over the circle from apportioned counts and populations. Areas missing either number
/// are left out of both sums. std::nullopt when the apportioned population is 0.
std::optional<ApportionedRate> area_weighted_rate(
    const std::vector<CircleShare>& shares, const std::vector<std::optional<double>>& counts,
    const std::vector<std::optional<double>>& populations, double multiplier);

}  // namespace sna::geo
