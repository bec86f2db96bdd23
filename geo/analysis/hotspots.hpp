#pragma once
/// Hot spots by the Getis–Ord Gi* statistic with binary contiguity weights that include the
/// area itself — the statistic of ArcGIS Pro "Hot Spot Analysis (Getis-Ord Gi*)" and of PySAL
/// esda.G_Local(y, w, transform="B", star=True).
///
/// Sources: Getis A, Ord JK (1992) Geographical Analysis 24(3):189–206; Ord JK, Getis A (1995)
/// Geographical Analysis 27(4):286–306; ArcGIS Pro documentation "How Hot Spot Analysis
/// (Getis-Ord Gi*) works"; esda/getisord.py (pysal/esda), whose docstring example is a test here.

#include "geo/analysis/contiguity.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

/// Significance classes, as ArcGIS's Gi_Bin (−3 … +3).
enum class HotspotClass { cold_99, cold_95, cold_90, not_significant, hot_90, hot_95, hot_99 };

struct GiStar {
    double z = 0;  ///< the Gi* statistic, itself a z-score
    double p = 1;  ///< two-sided p-value from the standard normal distribution
    HotspotClass hotspot = HotspotClass::not_significant;
};

/// Gi* for every area. With n areas that have a value, x̄ their mean and
/// S = √(Σx²/n − x̄²), for area i with Wᵢ = 1 + (number of neighbours with a value):
///   Gi* = (Σ_{j ∈ {i} ∪ N(i)} xⱼ − x̄ Wᵢ) / (S √((n Wᵢ − Wᵢ²) / (n − 1)))
/// (the binary-weight case, where Σ wᵢⱼ² = Σ wᵢⱼ = Wᵢ). Areas without a value get no result and
/// drop out of their neighbours' sums and of n. When the statistic is undefined (n < 2, every
/// value equal, or an area neighbouring all others) z = 0, p = 1, not significant.
/// @pre neighbours.size() == values.size(); neighbour indices < values.size(), no duplicates
/// (rook_contiguity gives such lists; an area listed as its own neighbour is ignored).
std::vector<std::optional<GiStar>> gi_star(const std::vector<std::optional<double>>& values,
                                           const Neighbours& neighbours);

/// hot_99 when p < 0.01 and z > 0, hot_95 when p < 0.05, hot_90 when p < 0.10; cold likewise for
/// z < 0 (ArcGIS Gi_Bin without the false-discovery-rate correction).
HotspotClass classify_hotspot(double z, double p);

/// −3 … +3, ArcGIS's Gi_Bin field.
int gi_bin(HotspotClass hotspot);

/// "hot_99", "cold_90", "not_significant": identifiers for APIs and tile properties.
std::string to_string(HotspotClass hotspot);

/// "hot spot (99% confidence)", "cold spot (90% confidence)", "not significant": legend text.
std::string describe(HotspotClass hotspot);

}  // namespace sna::geo
