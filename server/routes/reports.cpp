#include "server/routes/reports.hpp"

#include "geo/render/document.hpp"
#include "server/config/server_config.hpp"
#include "server/views/area_report.hpp"

namespace sna::server {

HttpResponse handle_report_html(const RouteContext& ctx) {
    const AreaReport report = build_area_report(ctx.services, ctx.path["code"], ctx.query,
                                                public_base_url(ctx.services.config));
    HttpResponse r;
    r.body = report_html(report);
    r.headers.set("Content-Type", "text/html; charset=utf-8");
    r.headers.set("X-Snamap-Data-Version", report.data_version);
    return r;
}

HttpResponse handle_report_pdf(const RouteContext& ctx) {
    const AreaReport report = build_area_report(ctx.services, ctx.path["code"], ctx.query,
                                                public_base_url(ctx.services.config));
    ctx.check_alive();  // between assembling the figures and typesetting them
    HttpResponse r;
    r.body = geo::render_pdf(report_document(report, ctx.services));
    r.headers.set("Content-Type", "application/pdf");
    r.headers.set("Content-Disposition", "inline; filename=\"snamap-" + report.code + "-" +
                                             report.data_version + ".pdf\"");
    r.headers.set("X-Snamap-Data-Version", report.data_version);
    return r;
}

}  // namespace sna::server
