#pragma once
/// XLSX download of indicator values: a Data sheet (the CSV's rows with numbers as numbers), an
/// Indicators sheet (definitions) and a Sources sheet (citations, licences, data version).

#include "geo/export/xlsx_workbook.hpp"
#include "server/index/data_index.hpp"
#include "server/views/export_selection.hpp"

#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace sna::server {

/// The workbook of a validated selection (the CSV export's rows), written in libxlsxwriter's
/// constant-memory mode from an ExportCursor. Calls `check` (when set) every few thousand rows;
/// it may throw to abandon the work. Callers cap the rows first (count_export_rows): a sheet
/// holds at most 1,048,575 data rows.
std::string export_xlsx(const DataIndex& data, const ExportSelection& selection,
                        const std::function<void()>& check = {});

/// The Sources sheet: each dataset once (citation, publisher, licence, attribution, URL), with the
/// data version and build date. Shared with the catchment workbook.
geo::XlsxSheet sources_sheet(const DataIndex& data, const std::vector<std::string>& dataset_ids);

/// A first sheet saying the workbook holds reserved figures (none for an all-public export).
std::vector<geo::XlsxSheet> notice_sheet(const std::string& notice);

/// The build time as a time_t, so a workbook's creation date is the data's, not the request's.
std::time_t build_time(const DataIndex& data);

}  // namespace sna::server
