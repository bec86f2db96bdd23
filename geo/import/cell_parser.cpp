#include "geo/import/cell_parser.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sna::geo {

namespace {

std::string format_scale(double scale) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", scale);
    return text;
}

DataLocation where(const TableReader& table, std::size_t column) {
    return {table.display_name(), std::to_string(table.line_number()), table.header()[column]};
}

}  // namespace

std::optional<double> CellParser::number(const TableReader& table,
                                         const std::vector<std::string>& row,
                                         std::size_t column) const {
    const std::string_view cell = trim(row[column]);
    if (cell.empty()) return std::nullopt;
    if (std::find(m_missing.begin(), m_missing.end(), cell) != m_missing.end()) return std::nullopt;
    try {
        return parse_number(cell);
    } catch (const std::invalid_argument&) {
        throw DataError(
            where(table, column),
            "expected a number, got '" + excerpt(cell) +
                "' (if it marks a missing value, list it in the table's missing_values)");
    }
}

std::int64_t CellParser::integer(const TableReader& table, const std::vector<std::string>& row,
                                 std::size_t column, std::int64_t low, std::int64_t high) const {
    const auto value = number(table, row, column);
    const auto range = std::to_string(low) + ".." + std::to_string(high);
    if (!value)
        throw DataError(where(table, column),
                        "expected a whole number " + range + ", got an empty cell");
    if (std::floor(*value) != *value || *value < static_cast<double>(low) ||
        *value > static_cast<double>(high)) {
        throw DataError(where(table, column), "expected a whole number " + range + ", got '" +
                                                  excerpt(row[column]) + "'");
    }
    return static_cast<std::int64_t>(*value);
}

std::optional<double> CellParser::scaled_number(const TableReader& table,
                                                const std::vector<std::string>& row,
                                                std::size_t column, double scale) const {
    const auto value = number(table, row, column);
    if (!value) return std::nullopt;
    const double scaled = *value * scale;
    if (!std::isfinite(scaled)) {
        throw DataError(where(table, column), "'" + excerpt(row[column]) + "' times the scale " +
                                                  format_scale(scale) +
                                                  " is too large for a number");
    }
    return scaled;
}

}  // namespace sna::geo
