#pragma once
/// The indicator catalogue, values, areas, profiles, series, search and aggregation
/// (docs/api.md). Pure functions of the request and the loaded index: they never touch sockets
/// or SQL.

#include "server/routes/route_context.hpp"

namespace sna::server {

HttpResponse handle_indicators(const RouteContext& ctx);
/// `/api/indicators/{id}/values?set=&period=`: a compact map for colouring a map.
HttpResponse handle_indicator_values(const RouteContext& ctx);
HttpResponse handle_area(const RouteContext& ctx);
/// `/api/areas/{code}/profile`: every indicator with intervals, ranks and comparisons.
HttpResponse handle_area_profile(const RouteContext& ctx);
/// `/api/areas/{code}/series?indicator=ID[&set=]`: every period of one indicator for one area
/// (e.g. the monthly police.uk counts), with incomplete months flagged.
HttpResponse handle_area_series(const RouteContext& ctx);
HttpResponse handle_search(const RouteContext& ctx);
/// `/api/aggregate?indicator=ID&parent_set=lad`: the indicator aggregated to every parent area
/// (and the region), with the method, and the share of areas in the most deprived national decile.
HttpResponse handle_aggregate(const RouteContext& ctx);

}  // namespace sna::server
