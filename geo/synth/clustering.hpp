#pragma once
/// Grouping points around seeds: how small areas become wards and boroughs.

#include "geo/core/geometry.hpp"
#include "geo/synth/random.hpp"

#include <cstddef>
#include <vector>

namespace sna::geo::detail {

/// Seeds and, for each input point, the index of its nearest seed.
struct Clustering {
    std::vector<Point> seeds;
    std::vector<std::size_t> label;  ///< label[i] is the seed nearest point i
};

/// k-means++ seeding followed by Lloyd iterations, so groups come out compact and of similar
/// size. The last step assigns every point to its nearest seed, which makes each group the
/// points inside one cell of the seeds' Voronoi diagram. Seeds left with no point are dropped
/// and labels renumbered, so the result can have fewer than `count` groups.
/// O(points × count) per iteration.
/// @pre !points.empty() && count > 0
Clustering cluster_by_nearest_seed(const std::vector<Point>& points, std::size_t count,
                                   int iterations, Random& rng);

}  // namespace sna::geo::detail
