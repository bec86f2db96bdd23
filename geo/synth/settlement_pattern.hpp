#pragma once
/// Where people live in the synthetic region: dense towns fading into countryside.

#include "geo/core/geometry.hpp"
#include "geo/synth/random.hpp"

#include <cstddef>
#include <vector>

namespace sna::geo::detail {

/// A relative density of small-area seeds: 1 at a town centre, falling (Gaussian) to a rural
/// floor. Small areas hold similar populations, so dense places get small areas and the
/// countryside large ones, as with real LSOAs.
class SettlementPattern {
public:
    /// `towns` centres drawn from `candidates` (points inside the region), each about
    /// `town_radius` metres across.
    /// @pre !candidates.empty()
    SettlementPattern(const std::vector<Point>& candidates, std::size_t towns, double town_radius,
                      Random& rng);

    /// Relative density at `p`, in (0, 1].
    double density(const Point& p) const;

private:
    struct Town {
        Point centre;
        double sigma = 1;
    };
    std::vector<Town> m_towns;
};

}  // namespace sna::geo::detail
