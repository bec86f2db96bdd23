#pragma once
/// A trend test for monthly counts: Poisson regression of the counts on the month number with a
/// log link, log E[y_t] = a + b·t, fitted by iteratively reweighted least squares (for the
/// canonical log link IRLS is Newton's method on the log-likelihood). The slope's standard error
/// is scaled by the Pearson dispersion when the counts vary more than a Poisson variable would
/// (quasi-Poisson, McCullagh & Nelder 1989 §4.5), so overdispersed crime counts do not read as
/// significant too easily. Method: docs/methods.md, "Trend in monthly counts".

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

/// The maximum-likelihood fit of log E[y] = intercept + slope·t.
struct PoissonTrendFit {
    double intercept = 0;
    double slope = 0;
    double intercept_se = 0;        ///< from the inverse Fisher information (dispersion 1)
    double slope_se = 0;            ///< likewise
    double deviance = 0;            ///< residual deviance, 2 Σ [y log(y/μ) − (y − μ)]
    double pearson_dispersion = 1;  ///< Σ (y − μ)²/μ over n − 2 degrees of freedom
    std::size_t n = 0;
    int iterations = 0;
};

/// Fits the model to counts y_i at times t_i (equal sizes, at least 3 points, counts ≥ 0 and not
/// all 0, at least two distinct times).
/// @return nullopt when the fit does not converge (e.g. counts that fall to 0 and stay there,
///         whose slope runs to −∞)
/// @throws InvalidInput for inputs that break the preconditions above
std::optional<PoissonTrendFit> fit_poisson_trend(const std::vector<double>& counts,
                                                 const std::vector<double>& times);

enum class TrendDirection { rising, falling, none };

/// The test of slope = 0 and the change per time step it implies.
struct TrendTest {
    PoissonTrendFit fit;
    double standard_error = 0;  ///< slope_se × √max(1, dispersion)
    double z = 0;
    double p_value = 1;  ///< two-sided, normal approximation (Wald)
    double change = 0;   ///< exp(slope) − 1: proportional change per time step
    double change_lower = 0;
    double change_upper = 0;
    TrendDirection direction = TrendDirection::none;  ///< none unless significant
};

/// Fits and tests at the given confidence (0.95: p < 0.05 two-sided).
/// @return nullopt when fit_poisson_trend does
std::optional<TrendTest> test_poisson_trend(const std::vector<double>& counts,
                                            const std::vector<double>& times,
                                            double confidence = 0.95);

/// "rising", "falling" or "none".
std::string to_string(TrendDirection direction);

/// Words for the UI and evidence packs, e.g. "Rising significantly since May 2023: about 2.1% a
/// month (95% CI 1.2% to 3.0%); Poisson regression on 35 complete months, …" or "No significant
/// trend over the 35 complete months from May 2023 to March 2026 (…)". A falling trend is
/// "about 2.1% a month fewer"; the interval keeps its signs.
std::string describe(const TrendTest& test, const std::string& first_label,
                     const std::string& last_label, double confidence = 0.95);

}  // namespace sna::geo
