#include "geo/import/row_filter.hpp"

#include "geo/core/text.hpp"

#include <algorithm>

namespace sna::geo {

RowFilter::RowFilter(const RowFilterSpec& spec, const TableReader& table,
                     const std::string& purpose) {
    for (const auto& [column, values] : spec)
        m_columns.emplace_back(table.column_index(column, purpose), values);
}

bool RowFilter::keeps(const std::vector<std::string>& row) const {
    for (const auto& [column, values] : m_columns) {
        const std::string_view cell = trim(row[column]);
        if (std::find(values.begin(), values.end(), cell) == values.end()) return false;
    }
    return true;
}

std::string describe_filter(const RowFilterSpec& spec) {
    std::string text;
    for (const auto& [column, values] : spec) {
        text += (text.empty() ? "" : ", ") + column;
        if (values.size() == 1) {
            text += " = " + values.front();
            continue;
        }
        text += " in {";
        for (std::size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + values[i];
        text += "}";
    }
    return text;
}

}  // namespace sna::geo
