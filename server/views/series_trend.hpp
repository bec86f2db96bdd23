#pragma once
/// The trend test of a monthly count series (geo/analysis/trend.hpp) as `/api/areas/{code}/series`
/// answers it: quasi-Poisson regression of the complete months' counts on the month number,
/// in numbers and in words ("Rising significantly since May 2023: …").

#include "geo/core/model.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sna::server {

/// A month of the series: its period ("2024-06") and count; only complete months (not flagged,
/// not withheld, with a value) are passed, in any order.
struct CountMonth {
    std::string period;
    double count = 0;
};

/// `{"test", "months", "first", "last", "direction", "change_per_month", "ci95",
/// "standard_error", "z", "p_value", "dispersion", "text"}`; `{"test": null, "note": why}` when
/// the indicator is not a monthly count, there are fewer than 12 complete months, every count is
/// 0 or the fit has no finite estimate (docs/api.md, docs/methods.md).
nlohmann::json series_trend_json(const geo::Indicator& indicator, std::vector<CountMonth> months);

}  // namespace sna::server
