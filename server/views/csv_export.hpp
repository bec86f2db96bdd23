#pragma once
/// CSV export of indicator values with provenance on every row (tidy format: one row per area,
/// indicator and period), so a spreadsheet filter or pivot never loses the source. The body is
/// produced piece by piece while it is sent, so its size never reaches memory.

#include "server/http/http_message.hpp"
#include "server/index/data_index.hpp"
#include "server/views/export_selection.hpp"

#include <string>
#include <string_view>

namespace sna::server {

/// The CSV of a validated selection as a BodyStream: a byte-order mark, the header line, then one
/// CRLF-terminated row per ExportCursor row. The stream owns the selection and its cursor and
/// points into `data`, which must outlive it (the server's DataIndex does).
BodyStream csv_export_stream(const DataIndex& data, ExportSelection selection);

/// One CSV field: quoted when needed; text starting with = + - @ is prefixed with ' so
/// spreadsheets do not run it as a formula.
std::string csv_field(const std::string& text, bool is_text = true);

/// csv_field() appended to `out` (no temporary string).
void append_csv_field(std::string& out, std::string_view text, bool is_text = true);

}  // namespace sna::server
