#pragma once
/// MHCLG's local-authority summary measures of the Indices of Deprivation, computed from LSOA
/// values (IoD 2019 Research Report §3.6 / IoD 2025 File 10 notes):
/// - average score: population-weighted mean of the LSOA scores;
/// - average rank: population-weighted mean of the LSOA ranks with the **most deprived LSOA given
///   the highest rank** (N = 32,844 LSOAs 2011 in 2019, 33,755 LSOAs 2021 in 2025), i.e. rank
///   N + 1 − r for a published rank r (1 = most deprived); a higher average rank = more deprived;
/// - extent: population-weighted share living in the most deprived 30 % of LSOAs nationally,
///   weight 1 in the most deprived 10 % and falling linearly from 1 to 0 between 10 % and 30 %;
/// - local concentration: population-weighted mean rank (same convention) of the authority's
///   most deprived LSOAs that hold exactly 10 % of its population (the last LSOA counted in
///   part);
/// - proportion of LSOAs in the most deprived 10 % nationally (national decile 1).
/// Ranks, scores and deciles are the published national ones; nothing is re-ranked.

#include <cstdint>
#include <optional>
#include <vector>

namespace sna::geo {

struct LsoaDeprivation {
    double score = 0;
    std::int64_t rank = 0;               ///< published national rank, 1 = most deprived
    std::optional<std::int64_t> decile;  ///< published national decile; else from the rank
    double population = 0;
};

struct DeprivationSummary {
    std::size_t lsoas = 0;
    double population = 0;
    double average_score = 0;
    double average_rank = 0;  ///< MHCLG convention: most deprived = N
    double extent = 0;
    double local_concentration = 0;  ///< MHCLG convention: most deprived = N
    std::size_t lsoas_in_most_deprived_decile = 0;
    double proportion_in_most_deprived_decile = 0;
    /// Population-weighted sums behind the averages (Σ p·score, Σ p·rank, Σ p·weight), so a
    /// larger area's value pools exactly as (Σ sums) / (Σ population).
    double score_sum = 0, rank_sum = 0, extent_sum = 0;
};

/// The rank MHCLG averages: N + 1 − r (1 = most deprived becomes N).
double mhclg_average_rank_of(std::int64_t published_rank, std::int64_t national_lsoas);

/// Extent weight of an LSOA with published rank r of N: 1 for r/N ≤ 0.1, (0.3 − r/N) / 0.2 up
/// to 0.3, 0 beyond.
double extent_weight(std::int64_t published_rank, std::int64_t national_lsoas);

/// @pre every rank in 1..national_lsoas, every population >= 0, at least one LSOA with
///      population > 0.
/// @throws InvalidInput when the preconditions fail on data (rank out of range, no population).
DeprivationSummary summarise_deprivation(const std::vector<LsoaDeprivation>& lsoas,
                                         std::int64_t national_lsoas);

}  // namespace sna::geo
