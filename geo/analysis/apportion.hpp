#pragma once
/// Apportionment: figures for a user-defined area (a catchment) from the small areas it overlaps
/// (docs/methods.md, "Catchments").
///
/// - Best fit (ONS's method for building larger areas from small ones): an area counts whole
///   when its representative point lies inside the catchment, else not at all (weight 1 or 0).
/// - Area-weighted (areal interpolation; Goodchild & Lam 1980): an area counts by the share of
///   its area inside the catchment, |C ∩ Aᵢ| / |Aᵢ|, assuming what it measures is spread evenly.
///
/// The weighted areas are then pooled as the area profiles pool children into a parent
/// (geo/analysis/aggregate): counts, numerators and denominators are multiplied by the weight
/// and summed; scores are means weighted by weight × population.

#include "geo/analysis/aggregate.hpp"
#include "geo/core/area_overlap.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sna::geo {

enum class ApportionMethod { best_fit, area };

/// "best_fit" or "area"; nullopt for anything else.
std::optional<ApportionMethod> parse_apportion_method(std::string_view text);
std::string_view to_string(ApportionMethod method);

struct ApportionWeight {
    std::uint32_t area = 0;  ///< index into the set's areas (AreaOverlap::area)
    double weight = 0;       ///< the share of the area's figures the catchment takes, (0, 1]
    double area_share = 0;   ///< |C ∩ Aᵢ| / |Aᵢ|, whatever the method
    bool centroid_inside = false;
};

/// One area's weight under `method` (0 when it does not take part).
ApportionWeight apportion_weight(const AreaOverlap& overlap, ApportionMethod method);

/// The areas that take part under `method` (weight > 0), in the order of `overlaps`.
std::vector<ApportionWeight> apportion_weights(const std::vector<AreaOverlap>& overlaps,
                                               ApportionMethod method);

/// One area's input scaled by its weight for `method`: a count, numerator and denominator are
/// multiplied by it; a weighted mean's population weight is multiplied by it (a value with no
/// population stays unweighted, as in the area profiles).
AggregateInput apportioned_input(const AggregateInput& whole, double weight,
                                 AggregateMethod method);

}  // namespace sna::geo
