#pragma once
/// The outline of the synthetic region and random points inside it.

#include "geo/core/geometry.hpp"
#include "geo/synth/random.hpp"

#include <cstddef>
#include <functional>
#include <vector>

namespace sna::geo::detail {

/// Where the region lies and how big it is, in projected metres.
struct RegionShape {
    Point centre;
    double semi_x = 15000;  ///< half the east-west extent of the underlying ellipse
    double semi_y = 10000;
};

/// An irregular blob: an ellipse whose radius wobbles with a few random harmonics. The radius
/// stays positive, so the ring is star-shaped about the centre and therefore simple.
/// Counter-clockwise; every vertex is rounded to a multiple of `grid` metres.
Polygon make_region_outline(const RegionShape& shape, double grid, Random& rng);

/// `count` points strictly inside `region`, distributed with probability proportional to
/// `density` (values in (0, 1]; rejection sampling, so keep it cheap).
std::vector<Point> scatter_points(const Polygon& region, std::size_t count,
                                  const std::function<double(const Point&)>& density, Random& rng);

/// Rounds to the nearest multiple of `grid`.
double snap(double value, double grid);

}  // namespace sna::geo::detail
