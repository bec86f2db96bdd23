#include "server/views/value_format.hpp"

#include <cmath>
#include <cstdio>
#include <regex>

namespace sna::server {

std::string format_number(double value, int max_digits) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", max_digits, std::abs(value));
    std::string text = buffer;
    if (const auto dot = text.find('.'); dot != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    const auto dot = text.find('.');
    std::string integer = text.substr(0, dot),
                fraction = dot == std::string::npos ? "" : text.substr(dot);
    for (int i = static_cast<int>(integer.size()) - 3; i > 0; i -= 3)
        integer.insert(static_cast<std::size_t>(i), ",");
    const bool negative = value < 0 && (integer != "0" || !fraction.empty());
    return (negative ? "-" : "") + integer + fraction;
}

std::string format_value(std::optional<double> value, const geo::Indicator& indicator) {
    if (!value || std::isnan(*value)) return "no data";
    const double v = *value;
    const std::string& kind = indicator.value_kind;
    const std::string& unit = indicator.unit;
    if (kind == "proportion" || unit == "proportion") return format_number(v * 100, 1) + "%";
    if (kind == "percentage" || unit == "%") return format_number(v, 1) + "%";
    if (kind == "rank" || unit == "rank") return format_number(v, 0);
    if (kind == "count") return format_number(v, std::floor(v) == v ? 0 : 1);
    const double a = std::abs(v);
    return format_number(v, a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : 3);
}

std::string unit_label(const geo::Indicator& indicator) {
    const std::string& kind = indicator.value_kind;
    if (kind == "proportion" || indicator.unit == "proportion") return "%";
    if (kind == "percentage" || indicator.unit == "%") return "%";
    return indicator.unit;
}

std::string period_label(const std::string& period) {
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const std::regex academic("^(\\d{4})(\\d{2})$"), month("^(\\d{4})-(\\d{2})$"),
        range("^(\\d{4}-\\d{2})/(\\d{4}-\\d{2})$");
    std::smatch m;
    if (std::regex_match(period, m, academic)) return m[1].str() + "/" + m[2].str();
    if (std::regex_match(period, m, range))
        return period_label(m[1].str()) + " to " + period_label(m[2].str());
    if (std::regex_match(period, m, month)) {
        const int index = std::stoi(m[2].str());
        if (index >= 1 && index <= 12) return std::string(months[index - 1]) + " " + m[1].str();
    }
    return period;
}

}  // namespace sna::server
