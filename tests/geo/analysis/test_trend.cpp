#include "geo/analysis/trend.hpp"

#include "geo/core/errors.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace sna::geo;

namespace {

std::vector<double> months(std::size_t n) {
    std::vector<double> t;
    for (std::size_t i = 1; i <= n; ++i) t.push_back(static_cast<double>(i));
    return t;
}

/// 20 × 1.03^t: a series rising exactly 3 % a month.
std::vector<double> rising_3_percent(const std::vector<double>& t) {
    std::vector<double> y;
    for (const double ti : t) y.push_back(20 * std::pow(1.03, ti));
    return y;
}

}  // namespace

TEST_CASE("Poisson trend reproduces the published R fit of AIDS cases in Belgium") {
    // Wood, Generalized Additive Models (2nd ed., 2017), §3.3.2: new AIDS cases in Belgium
    // 1981-1993, glm(y ~ t, poisson). R prints (Intercept) 3.140590 (se 0.078247), t 0.202121
    // (se 0.007771), residual deviance 80.686 on 11 degrees of freedom.
    const std::vector<double> y = {12, 14, 33, 50, 67, 74, 123, 141, 165, 204, 253, 246, 240};
    const auto fit = fit_poisson_trend(y, months(13));
    REQUIRE(fit);
    CHECK(fit->intercept == Approx(3.140590).margin(5e-7));
    CHECK(fit->intercept_se == Approx(0.078247).margin(5e-7));
    CHECK(fit->slope == Approx(0.202121).margin(5e-7));
    CHECK(fit->slope_se == Approx(0.007771).margin(5e-7));
    CHECK(fit->deviance == Approx(80.686).margin(5e-4));
    CHECK(fit->n == 13);
}

TEST_CASE("Poisson trend solves the likelihood equations") {
    // At the maximum the score is zero: sum(y - mu) = 0 and sum(t (y - mu)) = 0.
    const std::vector<double> y = {31, 28, 35, 22, 40, 37, 29, 44, 41, 38, 50, 36, 47, 52};
    const auto t = months(y.size());
    const auto fit = fit_poisson_trend(y, t);
    REQUIRE(fit);
    double s0 = 0, s1 = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double mu = std::exp(fit->intercept + fit->slope * t[i]);
        s0 += y[i] - mu;
        s1 += t[i] * (y[i] - mu);
    }
    CHECK(s0 == Approx(0).margin(1e-8));
    CHECK(s1 == Approx(0).margin(1e-7));
}

TEST_CASE("Poisson trend recovers an exact exponential series") {
    const auto t = months(24);
    const auto y = rising_3_percent(t);
    const auto test = test_poisson_trend(y, t);
    REQUIRE(test);
    CHECK(test->fit.slope == Approx(std::log(1.03)).margin(1e-9));
    CHECK(test->fit.intercept == Approx(std::log(20)).margin(1e-8));
    CHECK(test->fit.deviance == Approx(0).margin(1e-8));
    CHECK(test->change == Approx(0.03).margin(1e-9));
    // No extra variation: the dispersion is 0 and the standard error stays the Poisson one.
    CHECK(test->standard_error == Approx(test->fit.slope_se));
    CHECK(test->direction == TrendDirection::rising);
    CHECK(test->change_lower > 0);
}

TEST_CASE("Poisson trend of a flat series finds no trend") {
    const std::vector<double> y(12, 17.0);
    const auto test = test_poisson_trend(y, months(12));
    REQUIRE(test);
    CHECK(test->fit.slope == Approx(0).margin(1e-12));
    CHECK(test->p_value == Approx(1));
    CHECK(test->direction == TrendDirection::none);
    CHECK(test->change_lower < 0);
    CHECK(test->change_upper > 0);
}

TEST_CASE("Poisson trend widens its interval by the Pearson dispersion") {
    // A mild rise under large month-to-month swings: significant if the counts were Poisson,
    // not once the swings (dispersion well above 1) are allowed for.
    const std::vector<double> y = {20, 60, 22, 64, 25, 66, 27, 70, 30, 72, 32, 75};
    const auto test = test_poisson_trend(y, months(y.size()));
    REQUIRE(test);
    REQUIRE(test->fit.pearson_dispersion > 4);
    CHECK(test->standard_error ==
          Approx(test->fit.slope_se * std::sqrt(test->fit.pearson_dispersion)));
    CHECK(std::abs(test->fit.slope / test->fit.slope_se) > 1.96);
    CHECK(std::abs(test->z) < 1.96);
    CHECK(test->direction == TrendDirection::none);
}

TEST_CASE("Poisson trend reports a significant fall") {
    const std::vector<double> y = {90, 84, 85, 77, 75, 70, 66, 64, 61, 55, 54, 50};
    const auto test = test_poisson_trend(y, months(y.size()));
    REQUIRE(test);
    CHECK(test->direction == TrendDirection::falling);
    CHECK(test->change_upper < 0);
    CHECK(test->p_value < 0.05);
    const std::string words = describe(*test, "January 2024", "December 2024");
    CHECK_THAT(words, Catch::StartsWith("Falling significantly since January 2024: about 5."));
    CHECK_THAT(words, Catch::Contains("a month fewer (95% CI \u2212"));
    CHECK_THAT(words, Catch::Contains("on 12 complete months, January 2024 to December 2024."));
}

TEST_CASE("Poisson trend words for a rise and for no trend") {
    const auto t = months(24);
    const auto y = rising_3_percent(t);
    const auto rising = test_poisson_trend(y, t);
    REQUIRE(rising);
    CHECK_THAT(
        describe(*rising, "May 2023", "April 2025"),
        Catch::StartsWith("Rising significantly since May 2023: about 3.0% a month (95% CI "));
    const auto flat = test_poisson_trend(std::vector<double>(6, 4.0), months(6));
    REQUIRE(flat);
    CHECK_THAT(describe(*flat, "May 2023", "October 2023"),
               Catch::StartsWith("No significant trend over the 6 complete months from May 2023 "
                                 "to October 2023 (change about 0.0% a month"));
}

TEST_CASE("Poisson trend has no estimate when every count sits at one end") {
    CHECK_FALSE(fit_poisson_trend({5, 0, 0, 0}, months(4)));
    CHECK_FALSE(fit_poisson_trend({0, 0, 0, 7}, months(4)));
    CHECK(fit_poisson_trend({5, 3, 0, 0}, months(4)));
}

TEST_CASE("Poisson trend refuses inputs it cannot fit") {
    const auto message = [](const std::vector<double>& y, const std::vector<double>& t) {
        try {
            fit_poisson_trend(y, t);
        } catch (const InvalidInput& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(message({1, 2}, months(2)), Catch::Contains("at least 3 points"));
    CHECK_THAT(message({1, 2, 3}, months(4)), Catch::Contains("3 counts but 4 times"));
    CHECK_THAT(message({1, -2, 3}, months(3)), Catch::Contains("not negative"));
    CHECK_THAT(message({0, 0, 0}, months(3)), Catch::Contains("every count is 0"));
    CHECK_THAT(message({1, 2, 3}, {4, 4, 4}), Catch::Contains("two distinct"));
}
