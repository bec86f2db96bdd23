#include "geo/analysis/completeness.hpp"

#include <algorithm>

namespace sna::geo {

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

std::vector<MonthVerdict> check_completeness(
    const std::map<std::string, std::map<std::string, double>>& totals,
    const std::vector<std::string>& periods, double threshold) {
    std::vector<MonthVerdict> verdicts;
    for (const auto& [group, by_period] : totals) {
        std::vector<double> series;
        for (const auto& period : periods) {
            const auto it = by_period.find(period);
            series.push_back(it == by_period.end() ? 0.0 : it->second);
        }
        const double typical = median(series);
        for (std::size_t i = 0; i < periods.size(); ++i) {
            MonthVerdict v{periods[i], group, series[i], typical, 0, false};
            v.ratio = typical > 0 ? series[i] / typical : 0;
            v.flagged = typical > 0 && v.ratio < threshold;
            verdicts.push_back(v);
        }
    }
    return verdicts;
}

}  // namespace sna::geo
