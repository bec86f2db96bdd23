#include "geo/synth/clustering.hpp"

#include <cassert>
#include <limits>

namespace sna::geo::detail {

namespace {

double squared_distance(const Point& a, const Point& b) {
    const double dx = a.x - b.x;
    const double dy = a.y - b.y;
    return dx * dx + dy * dy;
}

/// k-means++: each new seed is a point drawn with probability proportional to its squared
/// distance from the seeds chosen so far.
std::vector<Point> choose_seeds(const std::vector<Point>& points, std::size_t count, Random& rng) {
    std::vector<Point> seeds{points[rng.below(points.size())]};
    std::vector<double> nearest(points.size(), std::numeric_limits<double>::infinity());
    while (seeds.size() < count) {
        double total = 0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            nearest[i] = std::min(nearest[i], squared_distance(points[i], seeds.back()));
            total += nearest[i];
        }
        if (total <= 0) break;  // fewer distinct points than seeds wanted
        double target = rng.uniform() * total;
        std::size_t chosen = points.size() - 1;
        for (std::size_t i = 0; i < points.size(); ++i) {
            target -= nearest[i];
            if (target < 0) {
                chosen = i;
                break;
            }
        }
        seeds.push_back(points[chosen]);
    }
    return seeds;
}

std::vector<std::size_t> assign(const std::vector<Point>& points, const std::vector<Point>& seeds) {
    std::vector<std::size_t> label(points.size(), 0);
    for (std::size_t i = 0; i < points.size(); ++i) {
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t s = 0; s < seeds.size(); ++s) {
            const double d = squared_distance(points[i], seeds[s]);
            if (d < best) {
                best = d;
                label[i] = s;
            }
        }
    }
    return label;
}

}  // namespace

Clustering cluster_by_nearest_seed(const std::vector<Point>& points, std::size_t count,
                                   int iterations, Random& rng) {
    assert(!points.empty() && count > 0);
    Clustering result;
    result.seeds = choose_seeds(points, count, rng);
    result.label = assign(points, result.seeds);
    for (int iteration = 0; iteration < iterations; ++iteration) {
        std::vector<Point> sum(result.seeds.size(), Point{0, 0});
        std::vector<std::size_t> members(result.seeds.size(), 0);
        for (std::size_t i = 0; i < points.size(); ++i) {
            sum[result.label[i]].x += points[i].x;
            sum[result.label[i]].y += points[i].y;
            ++members[result.label[i]];
        }
        for (std::size_t s = 0; s < result.seeds.size(); ++s) {
            if (members[s] == 0) continue;
            const auto n = static_cast<double>(members[s]);
            result.seeds[s] = Point{sum[s].x / n, sum[s].y / n};
        }
        result.label = assign(points, result.seeds);
    }

    // Drop empty groups, keeping the survivors in their original order.
    std::vector<std::size_t> members(result.seeds.size(), 0);
    for (const std::size_t label : result.label) ++members[label];
    std::vector<std::size_t> renumber(result.seeds.size(), 0);
    std::vector<Point> kept;
    for (std::size_t s = 0; s < result.seeds.size(); ++s) {
        if (members[s] == 0) continue;
        renumber[s] = kept.size();
        kept.push_back(result.seeds[s]);
    }
    for (std::size_t& label : result.label) label = renumber[label];
    result.seeds = std::move(kept);
    return result;
}

}  // namespace sna::geo::detail
