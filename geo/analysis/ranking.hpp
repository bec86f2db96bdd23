#pragma once
/// Ranks, deciles and quintiles of areas within a set (the region, or all of England), following
/// the conventions users know from the English Indices of Deprivation (rank 1 = most deprived,
/// decile 1 = most deprived 10 %) and from OHID's quantile method (PHEindicatormethods
/// phe_quantile; Fingertips technical guide, "Assigning deprivation categories").

#include "geo/core/model.hpp"

#include <optional>
#include <vector>

namespace sna::geo {

/// Which end of the values gets rank 1.
enum class RankOrder {
    highest_first,  ///< rank 1 = the highest value (the default; IMD scores rank this way)
    lowest_first,   ///< rank 1 = the lowest value
};

/// How tied values are ranked.
enum class TieMethod {
    minimum,  ///< ties share the best rank of their block: 1, 2, 2, 4 (R's ties.method = "min";
              ///< the method phe_quantile uses, and what "= 2nd" means in a league table)
    average,  ///< ties share the mean of their block: 1, 2.5, 2.5, 4 (R's default; sums to
              ///< n(n+1)/2)
};

struct RankOptions {
    RankOrder order = RankOrder::highest_first;
    TieMethod ties = TieMethod::minimum;
};

/// The order that makes rank 1 the worst area: highest_first when higher is worse,
/// lowest_first when higher is better; neutral indicators keep highest_first.
RankOrder worst_first(Polarity polarity);

/// Ranks of the present values among themselves; missing values get no rank and do not count.
/// Non-finite values are treated as missing.
std::vector<std::optional<double>> rank_values(const std::vector<std::optional<double>>& values,
                                               const RankOptions& options = {});

/// n-tiles by rank (PHEindicatormethods phe_quantile; OHID technical guide): with N present
/// values, minimum-tie ranks r (1 = first in `order`), the n-tile of a value is
///   q = (n + 1) − ⌈(N + 1 − r) · n / N⌉, with q = 0 read as 1,
/// so n-tiles hold N/n values each as far as possible, n-tile 1 holds rank 1, and tied values
/// always share an n-tile. Computed in integer arithmetic (R evaluates the same expression in
/// floating point). When fewer than n values are present, no n-tiles are assigned (all empty),
/// as phe_quantile does.
/// @pre n >= 1
std::vector<std::optional<int>> ntiles(const std::vector<std::optional<double>>& values, int n,
                                       RankOrder order = RankOrder::highest_first);

/// ntiles(values, 10, order): decile 1 holds rank 1.
std::vector<std::optional<int>> deciles(const std::vector<std::optional<double>>& values,
                                        RankOrder order = RankOrder::highest_first);

/// ntiles(values, 5, order): quintile 1 holds rank 1.
std::vector<std::optional<int>> quintiles(const std::vector<std::optional<double>>& values,
                                          RankOrder order = RankOrder::highest_first);

}  // namespace sna::geo
