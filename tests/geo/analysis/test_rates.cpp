#include "geo/analysis/rates.hpp"

#include "geo/core/errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace sna::geo;

namespace {

// Published output of PHEindicatormethods, "Introduction to PHEindicatormethods" vignette
// (Georgina Anderson, 2018-04-25), inst/doc/PHEindicatormethodsIntroVignette.html in
// github.com/ukhsa-collaboration/PHEindicatormethods at commit
// b0fa919dc65e4ae212253b0566095b158f55bcd1. Data frame df (obs, pop), then
//   phe_rate(df, obs, pop)                                      -> 95 %, per 100,000
//   phe_rate(df, obs, pop, confidence=99.8, multiplier=100)     -> 99.8 %, per 100
//   phe_proportion(df, obs, pop)                                -> 95 %
//   phe_proportion(df, obs, pop, confidence=99.8)               -> 99.8 %
// Values are copied as printed (7 significant digits).
struct Published {
    double obs, pop;
    double rate95_lower, rate95_upper;    // per 100,000
    double rate998_lower, rate998_upper;  // per 100
    double prop95_lower, prop95_upper;
    double prop998_lower, prop998_upper;
};

// clang-format off
const Published vignette[] = {
    {87, 131, 53191.89721, 81920.133, 46.54873, 91.51034, 0.579592491, 0.73930053, 0.5293576135, 0.77658434},
    {1, 164, 15.43769, 3397.344, 6.100612e-04, 5.63013, 0.001077181, 0.03372625, 0.0005322047, 0.06601672},
    {44, 134, 23856.24577, 44081.622, 19.61417, 51.21896, 0.254598570, 0.41168471, 0.2181147658, 0.46143836},
    {13, 109, 6344.25775, 20396.080, 4.192660, 26.14598, 0.071039739, 0.19341500, 0.0529712429, 0.24689949},
    {83, 131, 50463.30549, 78543.665, 44.00613, 87.94878, 0.548367919, 0.71119617, 0.4985908973, 0.75043163},
    {7, 139, 2024.72162, 10376.025, 1.093767, 14.11955, 0.024605552, 0.10029837, 0.0167360401, 0.14179381},
    {43, 137, 22712.53344, 42278.943, 18.62510, 49.19876, 0.242136529, 0.39575419, 0.2069168113, 0.44507799},
    {5, 163, 996.00392, 7158.486, 0.4536023, 10.09494, 0.013172190, 0.06978956, 0.0084801369, 0.10481797},
};
// clang-format on

Approx close(double value) {
    return Approx(value).epsilon(2e-6);
}  // 7 printed digits

}  // namespace

TEST_CASE("phe_rate published example: Byar's for counts >= 10, exact Poisson below") {
    for (const auto& row : vignette) {
        INFO("obs " << row.obs << " pop " << row.pop);
        const auto ci95 = byar_rate_ci(row.obs, row.pop, 100000, 0.95);
        CHECK(ci95.lower == close(row.rate95_lower));
        CHECK(ci95.upper == close(row.rate95_upper));
        const auto ci998 = byar_rate_ci(row.obs, row.pop, 100, 0.998);
        CHECK(ci998.lower == close(row.rate998_lower));
        CHECK(ci998.upper == close(row.rate998_upper));
        CHECK(crude_rate(row.obs, row.pop, 100) == Approx(row.obs / row.pop * 100));
    }
}

TEST_CASE("phe_proportion published example: Wilson score interval") {
    for (const auto& row : vignette) {
        INFO("obs " << row.obs << " pop " << row.pop);
        const auto ci95 = wilson_proportion_ci(row.obs, row.pop, 0.95);
        CHECK(ci95.lower == close(row.prop95_lower));
        CHECK(ci95.upper == close(row.prop95_upper));
        const auto ci998 = wilson_proportion_ci(row.obs, row.pop, 0.998);
        CHECK(ci998.lower == close(row.prop998_lower));
        CHECK(ci998.upper == close(row.prop998_upper));
    }
}

// Hand-worked: Gamma(shape 1) is the exponential distribution, so its p-quantile is −ln(1 − p).
// A count of 0 has exact upper limit qchisq(0.975, 2)/2 = −ln(0.025) = 3.688879454114; a count
// of 1 has lower limit qchisq(0.025, 2)/2 = −ln(0.975) = 0.025317807984. At 99.8 %, the upper
// limit for 0 is −ln(0.001) = 6.907755278982.
TEST_CASE("exact Poisson limits for 0 and 1 match the closed form of Gamma(1)") {
    const auto zero = byar_rate_ci(0, 1000, 1000, 0.95);
    CHECK(zero.lower == 0);
    CHECK(zero.upper == Approx(3.688879454114).epsilon(1e-12));
    CHECK(byar_rate_ci(0, 1000, 1000, 0.998).upper == Approx(6.907755278982).epsilon(1e-12));
    CHECK(byar_rate_ci(1, 1000, 1000, 0.95).lower == Approx(0.025317807984).epsilon(1e-10));
}

// Hand-worked Byar at O = 100, z = 1.959963985:
//   lower = 100 (1 − 1/900 − z/30)³ = 100 × 0.9335568...³ = 81.3621055
//   upper = 101 (1 − 1/909 + z/(3√101))³ = 121.6279376
// (the same values from ref_rates.py in docs/methods.md, appendix, a separate Python
// implementation).
TEST_CASE("Byar's method worked by hand at a count of 100") {
    const auto ci = byar_rate_ci(100, 1000, 1000, 0.95);
    CHECK(ci.lower == Approx(81.3621054905).epsilon(1e-9));
    CHECK(ci.upper == Approx(121.6279375792).epsilon(1e-9));
}

TEST_CASE("the switch from exact to Byar's happens at 10, as in phe_rate") {
    // Python reference (exact below 10, Byar at 10): 9 → [4.1153730974, 17.0848034514],
    // 10 → [4.7874499140, 18.3914586058].
    const auto nine = byar_rate_ci(9, 1000, 1000, 0.95);
    CHECK(nine.lower == Approx(4.1153730974).epsilon(1e-9));
    CHECK(nine.upper == Approx(17.0848034514).epsilon(1e-9));
    const auto ten = byar_rate_ci(10, 1000, 1000, 0.95);
    CHECK(ten.lower == Approx(4.7874499140).epsilon(1e-9));
    CHECK(ten.upper == Approx(18.3914586058).epsilon(1e-9));
}

TEST_CASE("normal and gamma building blocks") {
    CHECK(z_for_confidence(0.95) == Approx(1.959963984540).epsilon(1e-12));
    CHECK(z_for_confidence(0.998) == Approx(3.090232306168).epsilon(1e-12));
    CHECK(normal_quantile(0.5) == Approx(0).margin(1e-15));
    CHECK(normal_quantile(1e-10) == Approx(-6.361340902404).epsilon(1e-10));
    CHECK(normal_cdf(1.959963984540) == Approx(0.975).epsilon(1e-13));
    CHECK(normal_two_sided_p(1.959963984540) == Approx(0.05).epsilon(1e-11));
    CHECK(normal_two_sided_p(-2.575829303549) == Approx(0.01).epsilon(1e-10));
    // Bisection on a pure series (ref_rates.py in docs/methods.md, appendix) for these three:
    CHECK(gamma_quantile(0.3, 0.5) == Approx(0.074235930916).epsilon(1e-10));
    CHECK(gamma_quantile(0.999, 50) == Approx(74.724626389479).epsilon(1e-11));
    CHECK(gamma_quantile(0.01, 3.7) == Approx(0.698785489415).epsilon(1e-10));
    // χ²(1) quantile = z², so qchisq(0.95, 1) = 1.959964² = 3.841458820694.
    CHECK(chi_square_quantile(0.95, 1) == Approx(3.841458820694).epsilon(1e-11));
    CHECK(chi_square_quantile(0.025, 0) == 0);
    CHECK(regularized_gamma_p(1, 2) == Approx(1 - std::exp(-2.0)).epsilon(1e-14));
    CHECK(regularized_gamma_p(3, 10) == Approx(1 - std::exp(-10.0) * (1 + 10 + 50)).epsilon(1e-14));
}

TEST_CASE("non-integer counts (apportioned by area) give intervals between their neighbours") {
    const auto low = byar_rate_ci(4, 100, 1, 0.95);
    const auto mid = byar_rate_ci(4.5, 100, 1, 0.95);
    const auto high = byar_rate_ci(5, 100, 1, 0.95);
    CHECK(mid.lower > low.lower);
    CHECK(mid.lower < high.lower);
    CHECK(mid.upper > low.upper);
    CHECK(mid.upper < high.upper);
}

TEST_CASE("bad inputs name the problem") {
    CHECK_THROWS_WITH(byar_rate_ci(-1, 100, 1, 0.95), Catch::Contains("count must be"));
    CHECK_THROWS_WITH(byar_rate_ci(1, 0, 1, 0.95), Catch::Contains("denominator must be"));
    CHECK_THROWS_WITH(byar_rate_ci(1, 10, 1, 95), Catch::Contains("confidence level"));
    CHECK_THROWS_WITH(wilson_proportion_ci(11, 10, 0.95),
                      Catch::Contains("larger than the denominator"));
    CHECK_THROWS_AS(crude_rate(std::nan(""), 10, 1), InvalidInput);
    CHECK_THROWS_AS(normal_quantile(1), InvalidInput);
}
