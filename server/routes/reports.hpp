#pragma once
/// Evidence packs: /report/{code} (printable HTML) and /report/{code}.pdf, and a catchment's:
/// /report/catchment/{id} and /report/catchment/{id}.pdf (`?method=best_fit|area`).

#include "server/routes/route_context.hpp"

namespace sna::server {

HttpResponse handle_report_html(const RouteContext& ctx);
HttpResponse handle_report_pdf(const RouteContext& ctx);
HttpResponse handle_catchment_report_html(const RouteContext& ctx);
HttpResponse handle_catchment_report_pdf(const RouteContext& ctx);

}  // namespace sna::server
