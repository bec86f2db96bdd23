#pragma once
/// Numbers and labels for people (images, reports), formatted as the web client does
/// (web/js/format.js), so every view of a figure reads the same.

#include "geo/core/model.hpp"

#include <optional>
#include <string>

namespace sna::server {

/// en-GB grouping with at most `max_digits` decimals, trailing zeros dropped: 12,345.6
std::string format_number(double value, int max_digits);
/// A value of the indicator: proportions as percentages, ranks as integers, otherwise
/// 0–3 decimals by magnitude; "no data" when absent.
std::string format_value(std::optional<double> value, const geo::Indicator& indicator);
/// The unit to print beside formatted values ("" when the value already carries it).
std::string unit_label(const geo::Indicator& indicator);
/// "2024-06" → "Jun 2024"; "201617" → "2016/17"; "2023-09/2024-08" → "Sep 2023 to Aug 2024".
std::string period_label(const std::string& period);

}  // namespace sna::server
