#include "server/views/series_trend.hpp"

#include "geo/analysis/trend.hpp"
#include "server/views/value_format.hpp"

#include <algorithm>
#include <regex>

namespace sna::server {

using nlohmann::json;

namespace {

/// Fewer complete months than this say too little about a trend to be worth a test.
constexpr std::size_t min_months = 12;

/// Months since year 0 for "YYYY-MM", so gaps (withheld or incomplete months) keep their place.
std::optional<double> month_number(const std::string& period) {
    static const std::regex month("^(\\d{4})-(\\d{2})$");
    std::smatch m;
    if (!std::regex_match(period, m, month)) return std::nullopt;
    const int index = std::stoi(m[2].str());
    if (index < 1 || index > 12) return std::nullopt;
    return std::stoi(m[1].str()) * 12.0 + (index - 1);
}

json no_test(const std::string& note) {
    return {{"test", nullptr}, {"note", note}};
}

}  // namespace

json series_trend_json(const geo::Indicator& indicator, std::vector<CountMonth> months) {
    if (indicator.value_kind != "count") return no_test("a trend test is for monthly counts");
    std::sort(months.begin(), months.end(),
              [](const CountMonth& a, const CountMonth& b) { return a.period < b.period; });
    std::vector<double> counts, times;
    double total = 0;
    for (const CountMonth& m : months) {
        const auto t = month_number(m.period);
        if (!t) return no_test("a trend test is for monthly counts");
        times.push_back(*t);
        counts.push_back(m.count);
        total += m.count;
    }
    if (months.size() < min_months)
        return no_test("fewer than " + std::to_string(min_months) + " complete months");
    if (total <= 0) return no_test("every complete month's count is 0");
    const auto test = geo::test_poisson_trend(counts, times);
    if (!test) return no_test("the counts fall to 0 and stay there (no finite estimate)");
    const std::string first = period_label(months.front().period);
    const std::string last = period_label(months.back().period);
    return {{"test", "Quasi-Poisson regression of monthly counts on month (log link), Wald test"},
            {"months", test->fit.n},
            {"first", months.front().period},
            {"last", months.back().period},
            {"direction", geo::to_string(test->direction)},
            {"change_per_month", test->change},
            {"ci95", {test->change_lower, test->change_upper}},
            {"standard_error", test->standard_error},
            {"z", test->z},
            {"p_value", test->p_value},
            {"dispersion", test->fit.pearson_dispersion},
            {"text", geo::describe(*test, first, last)}};
}

}  // namespace sna::server
