#pragma once
/// Downloads: CSV and XLSX of indicator values with their citations (docs/api.md).

#include "server/routes/route_context.hpp"

namespace sna::server {

/// GET /api/export.csv?set=&indicators=&la=&period=
HttpResponse handle_export_csv(const RouteContext& ctx);
/// GET /api/export.xlsx — the CSV export's rows as a workbook with Indicators and Sources sheets.
HttpResponse handle_export_xlsx(const RouteContext& ctx);

}  // namespace sna::server
