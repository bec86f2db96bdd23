#pragma once
/// XLSX download of indicator values: a Data sheet (the CSV's rows with numbers as numbers), an
/// Indicators sheet (definitions) and a Sources sheet (citations, licences, data version).

#include "server/index/data_index.hpp"
#include "server/views/export_selection.hpp"

#include <functional>
#include <string>

namespace sna::server {

/// The workbook of a validated selection (the CSV export's rows), written in libxlsxwriter's
/// constant-memory mode from an ExportCursor. Calls `check` (when set) every few thousand rows;
/// it may throw to abandon the work. Callers cap the rows first (count_export_rows): a sheet
/// holds at most 1,048,575 data rows.
std::string export_xlsx(const DataIndex& data, const ExportSelection& selection,
                        const std::function<void()>& check = {});

}  // namespace sna::server
