#pragma once
/// Composite risk index: several indicators put on a common scale and a common direction,
/// weighted by the user (0–2 each, like the London VRU prioritisation tool's sliders), summed,
/// ranked and put into deciles, with a check of how stable each area's rank is when the weights
/// move a little.
///
/// Sources: the English Indices of Deprivation 2019 Technical Report (MHCLG, 2019), §3 and
/// Appendix for the exponential transformation of ranks used to combine domains; Nardo et al.
/// (2008) OECD/JRC Handbook on Constructing Composite Indicators for z-score standardisation
/// and weight-perturbation uncertainty analysis.

#include "geo/core/model.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace sna::geo {

enum class CompositeTransform {
    z_score,           ///< (x − mean) / population standard deviation, over the areas with values
    exponential_rank,  ///< IoD exponential transform of ranks, 0 (least risk) … 100 (most risk)
};

/// One column of the input matrix.
struct CompositeIndicator {
    /// Sets the direction: higher_is_better indicators are reversed so that higher always means
    /// more risk. Neutral is taken as given (higher = more risk): the user chose to add it.
    Polarity polarity = Polarity::higher_is_worse;
    double weight = 1;  ///< 0–2; 0 switches the indicator off
};

struct CompositeOptions {
    CompositeTransform transform = CompositeTransform::z_score;
    std::size_t stability_draws = 200;  ///< 0 skips the stability analysis
    std::uint64_t seed = 20190926;  ///< seeds std::mt19937_64; same seed → same ranges everywhere
    double weight_jitter = 0.5;     ///< each draw adds U(−jitter, +jitter) to every weight
    bool perturb_zero_weights = false;  ///< false: an indicator switched off stays off
    /// The stability draws are split over this many threads (this one included; at most one
    /// per draw). The ranges are the same for any number: every draw's weights come from the one
    /// stream, drawn first, and percentiles do not depend on the order draws are added in.
    std::size_t threads = 1;
};

/// The 5th and 95th percentiles of an area's rank over the stability draws (nearest-rank
/// percentiles, so both are ranks that actually occurred).
struct RankRange {
    int p05 = 0;
    int p95 = 0;
};

struct CompositeResult {
    std::vector<double> scores;  ///< Σ weightₖ · transformedₖ, per area
    std::vector<int> ranks;      ///< 1 = highest score (most risk); ties share the minimum
    std::vector<std::optional<int>>
        deciles;                       ///< 1 = highest-risk 10 %; none if fewer than 10 areas
    std::vector<std::size_t> missing;  ///< indicators imputed per area
    std::vector<RankRange> stability;  ///< per area; empty when stability_draws == 0
};

/// Values per area (rows) and indicator (columns); std::nullopt or a non-finite value is missing.
using IndicatorMatrix = std::vector<std::vector<std::optional<double>>>;

/// One indicator's column put in the risk direction, transformed and mean-imputed: the part of
/// the composite that does not depend on the weights, so a server computes it once per
/// indicator and transform and applies weights per request.
struct CompositeColumn {
    std::vector<double> values;         ///< per area; the column's mean where imputed
    std::vector<std::uint8_t> imputed;  ///< 1 where the value was missing
};

/// The column of one indicator (values per area, missing as in IndicatorMatrix).
CompositeColumn composite_column(const std::vector<std::optional<double>>& values,
                                 Polarity polarity, CompositeTransform transform);

/// Scores (Σ weightₖ · columnₖ, added in column order), ranks, deciles and missing counts of
/// weighted columns; `stability` is left empty (composite_rank_stability).
/// @pre columns non-empty and non-null, all of one length; weights.size() == columns.size()
/// @throws InvalidInput for a weight outside [0, 2] or not finite.
CompositeResult composite_of_columns(const std::vector<const CompositeColumn*>& columns,
                                     const std::vector<double>& weights);

/// The 5th–95th percentile ranks of every area over options.stability_draws perturbations of
/// `weights` (empty when draws == 0). @pre as composite_of_columns
std::vector<RankRange> composite_rank_stability(const std::vector<const CompositeColumn*>& columns,
                                                const std::vector<double>& weights,
                                                const CompositeOptions& options);

/// Builds the index. Missing values are imputed with the indicator's mean after transformation
/// (z = 0 for z-scores; the mean transformed value for the exponential transform), so a missing
/// value neither raises nor lowers an area's score; `missing` counts them so the UI can flag
/// areas resting on few indicators. An indicator with no spread (all values equal) contributes 0.
/// @throws InvalidInput if a row's length differs from indicators.size(), or a weight is outside
///         [0, 2] or not finite.
CompositeResult composite_index(const IndicatorMatrix& values,
                                const std::vector<CompositeIndicator>& indicators,
                                const CompositeOptions& options = {});

/// z-scores of one indicator column (population standard deviation over present values); missing
/// stays missing; all zero when every present value is equal.
std::vector<std::optional<double>> z_scores(const std::vector<std::optional<double>>& column);

/// IoD 2019 exponential transformation of one column: rank the present values from lowest
/// (rank 1) to highest (rank N; ties take the average rank), scale R = rank / N ∈ (0, 1], and
///   X = −23 ln(1 − R (1 − exp(−100/23)))
/// so the highest value maps to 100 and the transform stretches the high (most deprived) end.
std::vector<std::optional<double>> exponential_transform(
    const std::vector<std::optional<double>>& column);

/// X(R) above for one scaled rank R ∈ (0, 1].
double exponential_transform_value(double scaled_rank);

/// A double in [0, 1) from the top 53 bits of a 64-bit random word: (bits >> 11) · 2⁻⁵³. Used
/// instead of std::uniform_real_distribution, whose algorithm differs between standard libraries.
double uniform_from_bits(std::uint64_t bits);

}  // namespace sna::geo
