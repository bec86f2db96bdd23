// The series answer's trend: the quasi-Poisson test of monthly counts, checked against values
// worked by hand from the closed forms (the fit is exact for these series, so the Fisher
// information is known without iterating).

#include "server/views/series_trend.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace sna::server;

namespace {

sna::geo::Indicator counts_indicator() {
    sna::geo::Indicator i;
    i.id = "crime_all";
    i.value_kind = "count";
    return i;
}

std::vector<CountMonth> months_of_2024(const std::vector<double>& counts) {
    std::vector<CountMonth> out;
    for (std::size_t m = 0; m < counts.size(); ++m) {
        const std::string month = (m < 9 ? "0" : "") + std::to_string(m + 1);
        out.push_back({"2024-" + month, counts[m]});
    }
    return out;
}

}  // namespace

TEST_CASE("series trend of a flat year is no trend, with the interval worked by hand") {
    // y = 10 every month: slope 0, mu = 10; about the mean month the information for the slope
    // is 10 x sum of (k - 6.5)^2 over k = 1..12 = 10 x 143, so se = 1/sqrt(1430) = 0.0264443;
    // the Pearson dispersion is 0, so the Poisson se stands. 95 % limits: exp(+-1.959964 se) - 1.
    const auto trend =
        series_trend_json(counts_indicator(), months_of_2024(std::vector<double>(12, 10.0)));
    CHECK(trend["direction"] == "none");
    CHECK(trend["months"] == 12);
    CHECK(trend["change_per_month"].get<double>() == Approx(0).margin(1e-9));
    CHECK(trend["standard_error"].get<double>() == Approx(0.0264443).epsilon(1e-5));
    CHECK(trend["ci95"][0].get<double>() == Approx(-0.0505096).epsilon(1e-5));
    CHECK(trend["ci95"][1].get<double>() == Approx(0.0531965).epsilon(1e-5));
    CHECK(trend["p_value"].get<double>() == Approx(1).margin(1e-9));
    CHECK(trend["text"] ==
          "No significant trend over the 12 complete months from Jan 2024 to Dec 2024 (change "
          "about 0.0% a month (95% CI \u22125.1% to 5.3%); Poisson regression).");
}

TEST_CASE("series trend of a doubling series is a significant rise, worked by hand") {
    // y = 2^k, k = 0..11: the fit is exact (slope ln 2, change +100 % a month). With S0 = sum
    // 2^k = 4095, S1 = sum k 2^k = 40962, S2 = sum k^2 2^k = 417786, var(slope) = S0 / (S0 S2 -
    // S1^2), se = 0.0111484, z = ln 2 / se = 62.1748; limits exp(ln 2 +- 1.959964 se) - 1.
    std::vector<double> y;
    for (int k = 0; k < 12; ++k) y.push_back(std::pow(2.0, k));
    auto months = months_of_2024(y);
    std::swap(months[0], months[11]);  // any order: the months are sorted by period
    const auto trend = series_trend_json(counts_indicator(), months);
    CHECK(trend["direction"] == "rising");
    CHECK(trend["first"] == "2024-01");
    CHECK(trend["last"] == "2024-12");
    CHECK(trend["change_per_month"].get<double>() == Approx(1.0).epsilon(1e-8));
    CHECK(trend["standard_error"].get<double>() == Approx(0.0111484).epsilon(1e-5));
    CHECK(trend["z"].get<double>() == Approx(62.1748).epsilon(1e-5));
    CHECK(trend["ci95"][0].get<double>() == Approx(0.9567732).epsilon(1e-6));
    CHECK(trend["ci95"][1].get<double>() == Approx(1.0441817).epsilon(1e-6));
    CHECK(trend["text"].get<std::string>().rfind(
              "Rising significantly since Jan 2024: about 100.0% a month (95% CI 95.7% to "
              "104.4%)",
              0) == 0);
}

TEST_CASE("series trend keeps a missing month in its place") {
    // 2^k with June left out (withheld or incomplete): still an exact doubling per calendar
    // month, because months are numbered by the calendar, not by position.
    std::vector<double> y;
    for (int k = 0; k < 13; ++k) y.push_back(std::pow(2.0, k));
    auto months = months_of_2024(std::vector<double>(y.begin(), y.begin() + 12));
    months.push_back({"2025-01", y[12]});
    months.erase(months.begin() + 5);
    const auto trend = series_trend_json(counts_indicator(), months);
    CHECK(trend["months"] == 12);
    CHECK(trend["change_per_month"].get<double>() == Approx(1.0).epsilon(1e-8));
    CHECK(trend["last"] == "2025-01");
}

TEST_CASE("series trend says why there is no test") {
    sna::geo::Indicator rate = counts_indicator();
    rate.value_kind = "rate";
    const auto year = months_of_2024(std::vector<double>(12, 3.0));
    CHECK(series_trend_json(rate, year)["test"].is_null());
    CHECK(series_trend_json(rate, year)["note"] == "a trend test is for monthly counts");
    const auto short_run = months_of_2024(std::vector<double>(11, 3.0));
    CHECK(series_trend_json(counts_indicator(), short_run)["note"] ==
          "fewer than 12 complete months");
    CHECK(series_trend_json(counts_indicator(),
                            months_of_2024(std::vector<double>(12, 0.0)))["note"] ==
          "every complete month's count is 0");
    std::vector<double> vanishing(12, 0.0);
    vanishing[0] = 7;
    CHECK(series_trend_json(counts_indicator(), months_of_2024(vanishing))["test"].is_null());
    std::vector<CountMonth> academic = {{"201617", 4}};
    for (int i = 0; i < 11; ++i) academic.push_back({"2017-0" + std::to_string(i % 9 + 1), 4});
    CHECK(series_trend_json(counts_indicator(), academic)["note"] ==
          "a trend test is for monthly counts");
}
