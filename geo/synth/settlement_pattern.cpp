#include "geo/synth/settlement_pattern.hpp"

#include <algorithm>
#include <cmath>

namespace sna::geo::detail {

namespace {

/// Density between towns relative to a town centre; 0.12 gives rural areas ~8 times the
/// area of central ones.
constexpr double rural_floor = 0.12;

}  // namespace

SettlementPattern::SettlementPattern(const std::vector<Point>& candidates, std::size_t towns,
                                     double town_radius, Random& rng) {
    for (std::size_t i = 0; i < towns; ++i) {
        Town town;
        town.centre = candidates[rng.below(candidates.size())];
        town.sigma = town_radius * rng.uniform(0.5, 1.2);
        m_towns.push_back(town);
    }
}

double SettlementPattern::density(const Point& p) const {
    double urban = 0;
    for (const Town& town : m_towns) {
        const double dx = p.x - town.centre.x;
        const double dy = p.y - town.centre.y;
        urban = std::max(urban, std::exp(-(dx * dx + dy * dy) / (2 * town.sigma * town.sigma)));
    }
    return rural_floor + (1 - rural_floor) * urban;
}

}  // namespace sna::geo::detail
