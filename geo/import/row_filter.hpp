#pragma once
/// The rows of a source table a manifest `filter` keeps.

#include "geo/import/manifest.hpp"
#include "geo/import/table_reader.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sna::geo {

/// A manifest `filter` bound to a table's columns: a row is kept when, for every listed column,
/// its trimmed cell equals one of the listed values (exact, case-sensitive).
class RowFilter {
public:
    /// @param purpose the manifest key, for messages ("filter", "national.filter")
    /// @throws DataError naming the file and the column when a filter column is not in the header
    RowFilter(const RowFilterSpec& spec, const TableReader& table,
              const std::string& purpose = "filter");

    bool keeps(const std::vector<std::string>& row) const;
    bool empty() const noexcept { return m_columns.empty(); }

private:
    std::vector<std::pair<std::size_t, std::vector<std::string>>> m_columns;
};

/// "la_code in {330, 331}, phase = Primary": the filter as build reports and messages show it.
std::string describe_filter(const RowFilterSpec& spec);

}  // namespace sna::geo
