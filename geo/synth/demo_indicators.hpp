#pragma once
/// Synthetic indicator values per small area: population, deprivation, IDACI and friends.

#include "geo/synth/demo_geography.hpp"
#include "geo/synth/random.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sna::geo::detail {

/// Published-style figures for one small area. Ranks are "national": 1 is the most deprived of
/// a notional 32,844 areas (England's LSOA 2011 count), deciles 1 (most deprived) to 10.
struct AreaIndicators {
    std::int64_t population = 0;
    std::int64_t population_0_15 = 0;
    std::int64_t population_10_24 = 0;
    double deprivation_score = 0;  ///< IMD-like, 0–80, spatially correlated
    std::int64_t deprivation_rank = 0;
    std::int64_t deprivation_decile = 0;
    double income_score = 0;  ///< proportion of people income-deprived
    std::int64_t idaci_numerator = 0;
    double idaci_score = 0;  ///< idaci_numerator / population_0_15
    std::int64_t idaci_rank = 0;
    std::int64_t idaci_decile = 0;
    double density_per_km2 = 0;
};

/// Values for every area of `geography`, in the same order. Deprivation is a sum of Gaussian
/// bumps (about one deprived core per borough) plus area-level noise; the other figures follow it.
std::vector<AreaIndicators> make_indicators(const DemoGeography& geography, Random& rng);

/// One row per area, headed by lsoa_code; column names are the ones demo_manifest.cpp cites.
/// @throws Error on I/O failure.
void write_indicators_csv(const std::string& path, const DemoGeography& geography,
                          const std::vector<AreaIndicators>& values);

}  // namespace sna::geo::detail
