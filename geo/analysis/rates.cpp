#include "geo/analysis/rates.hpp"

#include "geo/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace sna::geo {

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double byar_threshold = 10;  // phe_rate: Byar's method for counts >= 10

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", value);
    return text;
}

void check_confidence(double confidence) {
    if (!(confidence > 0.5 && confidence < 1)) {
        throw InvalidInput("confidence level must be between 0.5 and 1 (e.g. 0.95 or 0.998), got " +
                           number(confidence));
    }
}

void check_count_and_denominator(double count, double denominator, const char* what) {
    if (!std::isfinite(count) || count < 0) {
        throw InvalidInput(std::string(what) + " must be a finite number >= 0, got " +
                           number(count));
    }
    if (!std::isfinite(denominator) || denominator <= 0) {
        throw InvalidInput("denominator must be a finite number > 0, got " + number(denominator));
    }
}

/// Series for P(a, x), good for x < a + 1 (Numerical Recipes §6.2, gser).
double gamma_p_series(double a, double x) {
    double term = 1.0 / a;
    double sum = term;
    double ap = a;
    for (int i = 0; i < 10000; ++i) {
        ap += 1;
        term *= x / ap;
        sum += term;
        if (std::abs(term) < std::abs(sum) * 1e-17) break;
    }
    return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

/// Continued fraction for Q(a, x) = 1 − P(a, x), good for x >= a + 1 (modified Lentz; NR gcf).
double gamma_q_continued_fraction(double a, double x) {
    constexpr double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10000; ++i) {
        const double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (std::abs(d) < tiny) d = tiny;
        c = b + an / c;
        if (std::abs(c) < tiny) c = tiny;
        d = 1 / d;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1) < 1e-17) break;
    }
    return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

/// Density of Gamma(a, 1) at x > 0, the derivative of P(a, ·).
double gamma_density(double a, double x) {
    return std::exp((a - 1) * std::log(x) - x - std::lgamma(a));
}

}  // namespace

double crude_rate(double count, double denominator, double multiplier) {
    check_count_and_denominator(count, denominator, "count");
    return count / denominator * multiplier;
}

Interval byar_rate_ci(double count, double denominator, double multiplier, double confidence) {
    check_count_and_denominator(count, denominator, "count");
    check_confidence(confidence);
    const double alpha = 1 - confidence;
    double lower = 0;
    double upper = 0;
    if (count < byar_threshold) {
        // Exact Poisson limits through the chi-square link (Armitage & Berry 2002), as phe_rate:
        // qchisq(α/2, 2O)/2 and qchisq(1 − α/2, 2O + 2)/2, i.e. Gamma(O) and Gamma(O + 1)
        // quantiles.
        lower = count > 0 ? gamma_quantile(alpha / 2, count) : 0.0;
        upper = gamma_quantile(1 - alpha / 2, count + 1);
    } else {
        const double z = z_for_confidence(confidence);
        const double o = count;
        const double o1 = count + 1;
        lower = o * std::pow(1 - 1 / (9 * o) - z / (3 * std::sqrt(o)), 3);
        upper = o1 * std::pow(1 - 1 / (9 * o1) + z / (3 * std::sqrt(o1)), 3);
    }
    return {lower / denominator * multiplier, upper / denominator * multiplier};
}

Interval wilson_proportion_ci(double numerator, double denominator, double confidence) {
    check_count_and_denominator(numerator, denominator, "numerator");
    if (numerator > denominator) {
        throw InvalidInput("numerator (" + number(numerator) +
                           ") is larger than the denominator (" + number(denominator) + ")");
    }
    check_confidence(confidence);
    const double z = z_for_confidence(confidence);
    const double x = numerator;
    const double n = denominator;
    const double root = z * std::sqrt(z * z + 4 * x * (1 - x / n));
    const double scale = 2 * (n + z * z);
    return {std::max(0.0, (2 * x + z * z - root) / scale),
            std::min(1.0, (2 * x + z * z + root) / scale)};
}

double z_for_confidence(double confidence) {
    check_confidence(confidence);
    return normal_quantile(confidence + (1 - confidence) / 2);
}

double normal_cdf(double z) {
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double normal_two_sided_p(double z) {
    return std::erfc(std::abs(z) / std::sqrt(2.0));
}

double normal_quantile(double p) {
    if (!(p > 0 && p < 1)) {
        throw InvalidInput("normal quantile needs 0 < p < 1, got " + number(p));
    }
    // Acklam (2003), "An algorithm for computing the inverse normal cumulative distribution
    // function": relative error < 1.15e-9 before refinement.
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                   -2.759285104469687e+02, 1.383577518672690e+02,
                                   -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                   -1.556989798598866e+02, 6.680131188771972e+01,
                                   -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                   -2.400758277161838e+00, -2.549732539343734e+00,
                                   4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                   2.445134137142996e+00, 3.754408661907416e+00};
    constexpr double p_low = 0.02425;
    double x = 0;
    if (p < p_low) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - p_low) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    // One Halley step against the exact CDF (via erfc) brings it to ~1e-15.
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * std::sqrt(2 * pi) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

double regularized_gamma_p(double a, double x) {
    if (!(a > 0) || !(x >= 0) || std::isnan(x)) {
        throw InvalidInput("regularized gamma needs a > 0 and x >= 0");
    }
    if (x == 0) return 0;
    if (std::isinf(x)) return 1;
    if (x < a + 1) return std::min(1.0, gamma_p_series(a, x));
    return std::max(0.0, 1 - gamma_q_continued_fraction(a, x));
}

double gamma_quantile(double p, double shape) {
    if (!(shape > 0) || !std::isfinite(shape)) {
        throw InvalidInput("gamma quantile needs a shape > 0, got " + number(shape));
    }
    if (!(p >= 0 && p < 1)) {
        throw InvalidInput("gamma quantile needs 0 <= p < 1, got " + number(p));
    }
    if (p == 0) return 0;
    // Bracket the root of P(shape, x) − p, then Newton steps kept inside the bracket.
    double lo = 0;
    double hi = std::max(shape, 1.0);
    while (regularized_gamma_p(shape, hi) < p) {
        lo = hi;
        hi *= 2;
    }
    double x = 0.5 * (lo + hi);
    for (int i = 0; i < 200; ++i) {
        const double f = regularized_gamma_p(shape, x) - p;
        if (f == 0) return x;
        if (f < 0) {
            lo = x;
        } else {
            hi = x;
        }
        const double density = gamma_density(shape, x);
        double next = density > 0 ? x - f / density : 0.5 * (lo + hi);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (std::abs(next - x) <= 4 * std::numeric_limits<double>::epsilon() * x) return next;
        if (hi - lo <= 4 * std::numeric_limits<double>::epsilon() * hi) return next;
        x = next;
    }
    return x;
}

double chi_square_quantile(double p, double df) {
    if (df == 0) return 0;
    return 2 * gamma_quantile(p, df / 2);
}

}  // namespace sna::geo
