#pragma once
/// Turns table cells into numbers with messages that name the file, row and column.

#include "geo/import/table_reader.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

class CellParser {
public:
    explicit CellParser(std::vector<std::string> missing_values = {})
        : m_missing(std::move(missing_values)) {}

    /// Empty or a declared missing marker → nullopt; otherwise a number or a DataError.
    std::optional<double> number(const TableReader& table, const std::vector<std::string>& row,
                                 std::size_t column) const;
    /// number() times `scale`; a DataError naming the cell when the product overflows.
    std::optional<double> scaled_number(const TableReader& table,
                                        const std::vector<std::string>& row, std::size_t column,
                                        double scale) const;
    /// A whole number in [low, high].
    std::int64_t integer(const TableReader& table, const std::vector<std::string>& row,
                         std::size_t column, std::int64_t low, std::int64_t high) const;

private:
    std::vector<std::string> m_missing;
};

}  // namespace sna::geo
