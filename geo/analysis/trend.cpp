#include "geo/analysis/trend.hpp"

#include "geo/analysis/rates.hpp"
#include "geo/analysis/significance.hpp"
#include "geo/core/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sna::geo {

namespace {

constexpr int max_iterations = 100;

/// The score vector and Fisher information of log E[y] = a + b·t at (a, b), and the
/// log-likelihood up to a constant.
struct NewtonTerms {
    double score_a = 0, score_b = 0;
    double info_aa = 0, info_ab = 0, info_bb = 0;
    double log_likelihood = 0;
};

NewtonTerms newton_terms(const std::vector<double>& y, const std::vector<double>& t, double a,
                         double b) {
    NewtonTerms n;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double mu = std::exp(a + b * t[i]);
        n.score_a += y[i] - mu;
        n.score_b += t[i] * (y[i] - mu);
        n.info_aa += mu;
        n.info_ab += t[i] * mu;
        n.info_bb += t[i] * t[i] * mu;
        n.log_likelihood += (y[i] > 0 ? y[i] * (a + b * t[i]) : 0.0) - mu;
    }
    return n;
}

void check_inputs(const std::vector<double>& y, const std::vector<double>& t) {
    if (y.size() != t.size())
        throw InvalidInput("trend test: " + std::to_string(y.size()) + " counts but " +
                           std::to_string(t.size()) + " times");
    if (y.size() < 3) throw InvalidInput("trend test: needs at least 3 points");
    double total = 0;
    for (const double v : y) {
        if (!std::isfinite(v) || v < 0)
            throw InvalidInput("trend test: counts must be finite and not negative");
        total += v;
    }
    if (total <= 0) throw InvalidInput("trend test: every count is 0");
    const auto [lo, hi] = std::minmax_element(t.begin(), t.end());
    if (!std::isfinite(*lo) || !std::isfinite(*hi) || *lo == *hi)
        throw InvalidInput("trend test: needs at least two distinct finite times");
}

/// True when every positive count sits at the earliest or every one at the latest time: the
/// likelihood then keeps rising as the slope runs to ∓∞, so no estimate exists.
bool slope_unbounded(const std::vector<double>& y, const std::vector<double>& t) {
    const auto [lo, hi] = std::minmax_element(t.begin(), t.end());
    bool only_first = true, only_last = true;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (y[i] <= 0) continue;
        only_first = only_first && t[i] == *lo;
        only_last = only_last && t[i] == *hi;
    }
    return only_first || only_last;
}

void finish_fit(PoissonTrendFit& fit, const std::vector<double>& y, const std::vector<double>& t) {
    const NewtonTerms n = newton_terms(y, t, fit.intercept, fit.slope);
    const double det = n.info_aa * n.info_bb - n.info_ab * n.info_ab;
    fit.intercept_se = std::sqrt(n.info_bb / det);
    fit.slope_se = std::sqrt(n.info_aa / det);
    double deviance = 0, pearson = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double mu = std::exp(fit.intercept + fit.slope * t[i]);
        deviance += (y[i] > 0 ? y[i] * std::log(y[i] / mu) : 0.0) - (y[i] - mu);
        pearson += (y[i] - mu) * (y[i] - mu) / mu;
    }
    fit.deviance = 2 * deviance;
    fit.pearson_dispersion = pearson / static_cast<double>(y.size() - 2);
    fit.n = y.size();
}

}  // namespace

std::optional<PoissonTrendFit> fit_poisson_trend(const std::vector<double>& counts,
                                                 const std::vector<double>& times) {
    check_inputs(counts, times);
    if (slope_unbounded(counts, times)) return std::nullopt;
    // Newton steps on times centred at their mean (the two parameters are then nearly
    // orthogonal), halving a step that lowers the likelihood; the log likelihood is concave.
    double mean_t = 0, total = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
        mean_t += times[i];
        total += counts[i];
    }
    mean_t /= static_cast<double>(times.size());
    std::vector<double> centred(times);
    for (double& v : centred) v -= mean_t;
    double a = std::log(total / static_cast<double>(counts.size())), b = 0;
    NewtonTerms n = newton_terms(counts, centred, a, b);
    for (int it = 1; it <= max_iterations; ++it) {
        const double det = n.info_aa * n.info_bb - n.info_ab * n.info_ab;
        const double da = (n.info_bb * n.score_a - n.info_ab * n.score_b) / det;
        const double db = (n.info_aa * n.score_b - n.info_ab * n.score_a) / det;
        double step = 1;
        NewtonTerms next = newton_terms(counts, centred, a + da, b + db);
        while (next.log_likelihood < n.log_likelihood && step > 1e-6) {
            step /= 2;
            next = newton_terms(counts, centred, a + step * da, b + step * db);
        }
        a += step * da;
        b += step * db;
        const double gain = next.log_likelihood - n.log_likelihood;
        n = next;
        if (std::abs(step * da) < 1e-12 + 1e-10 * std::abs(a) &&
            std::abs(step * db) < 1e-12 + 1e-10 * std::abs(b) && gain < 1e-9) {
            PoissonTrendFit fit;
            fit.intercept = a - b * mean_t;
            fit.slope = b;
            fit.iterations = it;
            finish_fit(fit, counts, times);
            return fit;
        }
    }
    return std::nullopt;
}

std::optional<TrendTest> test_poisson_trend(const std::vector<double>& counts,
                                            const std::vector<double>& times, double confidence) {
    const auto fit = fit_poisson_trend(counts, times);
    if (!fit) return std::nullopt;
    TrendTest out;
    out.fit = *fit;
    out.standard_error = fit->slope_se * std::sqrt(std::max(1.0, fit->pearson_dispersion));
    out.z = fit->slope / out.standard_error;
    out.p_value = normal_two_sided_p(out.z);
    const double zc = z_for_confidence(confidence);
    out.change = std::expm1(fit->slope);
    out.change_lower = std::expm1(fit->slope - zc * out.standard_error);
    out.change_upper = std::expm1(fit->slope + zc * out.standard_error);
    if (out.change_lower > 0) out.direction = TrendDirection::rising;
    if (out.change_upper < 0) out.direction = TrendDirection::falling;
    return out;
}

std::string to_string(TrendDirection direction) {
    switch (direction) {
        case TrendDirection::rising:
            return "rising";
        case TrendDirection::falling:
            return "falling";
        case TrendDirection::none:
            return "none";
    }
    return "none";
}

namespace {

/// "2.1%", "−0.4%": a proportional change as a signed percentage with one decimal.
std::string percent_text(double change) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", std::abs(change) * 100);
    const bool negative = change < 0 && std::string(buf) != "0.0";
    return std::string(negative ? "\u2212" : "") + buf + "%";
}

}  // namespace

std::string describe(const TrendTest& test, const std::string& first_label,
                     const std::string& last_label, double confidence) {
    const std::string interval = "(" + format_confidence(confidence) + " CI " +
                                 percent_text(test.change_lower) + " to " +
                                 percent_text(test.change_upper) + ")";
    const std::string months = std::to_string(test.fit.n) + " complete months";
    const std::string method =
        "Poisson regression on " + months + ", " + first_label + " to " + last_label + ".";
    switch (test.direction) {
        case TrendDirection::rising:
            return "Rising significantly since " + first_label + ": about " +
                   percent_text(test.change) + " a month " + interval + "; " + method;
        case TrendDirection::falling:
            return "Falling significantly since " + first_label + ": about " +
                   percent_text(-test.change) + " a month fewer " + interval + "; " + method;
        case TrendDirection::none:
            break;
    }
    return "No significant trend over the " + months + " from " + first_label + " to " +
           last_label + " (change about " + percent_text(test.change) + " a month " + interval +
           "; Poisson regression).";
}

}  // namespace sna::geo
