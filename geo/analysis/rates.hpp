#pragma once
/// Crude rates and proportions with confidence intervals, the way OHID's Fingertips and the
/// PHEindicatormethods R package compute them (phe_rate, phe_proportion), plus the few
/// distribution functions they need (normal, gamma / chi-square quantiles), written out here so
/// the analysis layer has no dependency beyond the standard library.
///
/// Sources:
/// - Fingertips Public Health Technical Guidance, "Rates" and "Proportions"
///   (https://fingertips.phe.org.uk/profile/guidance/supporting-information/PH-methods).
/// - PHEindicatormethods (https://github.com/ukhsa-collaboration/PHEindicatormethods),
///   R/Rates.R (phe_rate), R/Byars.R, R/Wilson.R (phe_proportion).
/// - Breslow NE, Day NE (1987) Statistical methods in cancer research vol. II (Byar's method).
/// - Armitage P, Berry G (2002) Statistical methods in medical research, 4th edn (exact Poisson).
/// - Wilson EB (1927) JASA 22:209–212 (score interval).

namespace sna::geo {

/// A two-sided confidence interval, in the same units as the statistic it brackets.
struct Interval {
    double lower = 0;
    double upper = 0;
};

/// count / denominator × multiplier (e.g. multiplier 1000 → "per 1,000 residents").
/// @throws InvalidInput if count < 0, denominator <= 0 or either is not finite.
double crude_rate(double count, double denominator, double multiplier);

/// Confidence interval for a crude rate, as phe_rate: Byar's approximation for counts >= 10,
/// the exact Poisson interval (chi-square / gamma quantiles) for counts < 10; a count of 0 has
/// lower limit 0. Counts need not be integers (e.g. counts apportioned by area share).
///   Byar:  O_lower = O (1 − 1/(9O) − z/(3√O))³,  O_upper = (O+1) (1 − 1/(9(O+1)) + z/(3√(O+1)))³
///   exact: O_lower = χ²_{α/2}(2O) / 2,  O_upper = χ²_{1−α/2}(2O+2) / 2
/// and the limits are O_lower / denominator × multiplier, O_upper / denominator × multiplier.
/// @param confidence two-sided level in (0.5, 1), e.g. 0.95 or 0.998.
/// @throws InvalidInput for a negative count, a non-positive denominator or a bad confidence.
Interval byar_rate_ci(double count, double denominator, double multiplier, double confidence);

/// Wilson score interval for a proportion numerator / denominator (0–1), as phe_proportion:
///   (2x + z² ∓ z √(z² + 4x(1 − x/n))) / (2(n + z²)).
/// Multiply both limits by 100 for a percentage.
/// @throws InvalidInput unless 0 <= numerator <= denominator, denominator > 0, confidence valid.
Interval wilson_proportion_ci(double numerator, double denominator, double confidence);

/// z such that a two-sided interval of `confidence` is ±z (1.959964 for 0.95, 3.090232 for 0.998).
/// @throws InvalidInput unless 0.5 < confidence < 1.
double z_for_confidence(double confidence);

/// Standard normal cumulative distribution Φ(z).
double normal_cdf(double z);

/// Two-sided p-value of a standard normal z-score: 2 (1 − Φ(|z|)), computed with erfc so it
/// stays accurate in the far tail.
double normal_two_sided_p(double z);

/// Inverse standard normal Φ⁻¹(p) for 0 < p < 1: Acklam's rational approximation followed by one
/// Halley step on erfc, giving close to full double precision.
/// @throws InvalidInput unless 0 < p < 1.
double normal_quantile(double p);

/// Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), for a > 0 and x >= 0
/// (series for x < a + 1, Lentz continued fraction otherwise; Numerical Recipes §6.2).
double regularized_gamma_p(double a, double x);

/// Inverse of P(a, ·): the x with P(a, x) = p, i.e. the p-quantile of Gamma(shape a, scale 1).
/// Found by bracketing and safeguarded Newton steps (falling back to bisection), to a relative
/// tolerance near machine precision.
/// @throws InvalidInput unless a > 0 and 0 <= p < 1.
double gamma_quantile(double p, double shape);

/// p-quantile of the chi-square distribution with `df` degrees of freedom: 2 × gamma_quantile(p,
/// df/2). df = 0 gives 0 (R's qchisq convention, used for the lower limit of a zero count).
double chi_square_quantile(double p, double df);

}  // namespace sna::geo
