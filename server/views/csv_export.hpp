#pragma once
/// CSV export of indicator values with provenance on every row (tidy format: one row per area,
/// indicator and period), so a spreadsheet filter or pivot never loses the source.

#include "server/http/query.hpp"
#include "server/index/data_index.hpp"

#include <string>

namespace sna::server {

/// The rows select_export() picks from the query (set, indicators, la, areas, period).
/// @throws geo::InvalidInput / geo::NotFound.
std::string export_csv(const DataIndex& data, const Query& query);

/// One CSV field: quoted when needed; text starting with = + - @ is prefixed with ' so
/// spreadsheets do not run it as a formula.
std::string csv_field(const std::string& text, bool is_text = true);

}  // namespace sna::server
