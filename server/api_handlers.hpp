#pragma once
/// JSON API handlers (docs/api.md). Pure functions of the request data and the loaded index:
/// they never touch sockets or SQL. Errors are thrown (geo::InvalidInput → 400, NotFound → 404).

#include "server/data_index.hpp"
#include "server/http_message.hpp"
#include "server/query.hpp"

namespace sna::server {

HttpResponse handle_health(const DataIndex& data);
HttpResponse handle_indicators(const DataIndex& data);
HttpResponse handle_indicator_values(const DataIndex& data, const std::string& indicator_id,
                                     const Query& query);
HttpResponse handle_area(const DataIndex& data, const std::string& code, const Query& query);
/// `/api/areas/{code}/series?indicator=ID[&set=]`: every period of one indicator for one area
/// (e.g. the monthly police.uk counts), with incomplete months flagged.
HttpResponse handle_area_series(const DataIndex& data, const std::string& code, const Query& query);
HttpResponse handle_search(const DataIndex& data, const Query& query);
/// GET /api/export.xlsx — the CSV export's rows as a workbook with Indicators and Sources sheets.
HttpResponse handle_export_xlsx(const DataIndex& data, const Query& query);
HttpResponse handle_export_csv(const DataIndex& data, const Query& query);
/// `/api/aggregate?indicator=ID&parent_set=lad`: the indicator aggregated to every parent area
/// (and the region), with the method, and the share of areas in the most deprived national decile.
HttpResponse handle_aggregate(const DataIndex& data, const Query& query);

}  // namespace sna::server
