#include "server/routes/reports.hpp"

#include "geo/render/document.hpp"
#include "server/config/server_config.hpp"
#include "server/http/responses.hpp"
#include "server/routes/catchments.hpp"
#include "server/views/area_report.hpp"
#include "server/views/catchment_profile.hpp"
#include "server/views/catchment_report.hpp"
#include "server/views/catchment_request.hpp"

namespace sna::server {

namespace {

HttpResponse html_answer(const AreaReport& report) {
    HttpResponse r;
    r.body = report_html(report);
    r.headers.set("Content-Type", "text/html; charset=utf-8");
    r.headers.set("X-Snamap-Data-Version", report.data_version);
    return r;
}

HttpResponse pdf_answer(const RouteContext& ctx, const AreaReport& report,
                        const std::string& file_stem) {
    ctx.check_alive();  // between assembling the figures and typesetting them
    HttpResponse r;
    r.body = geo::render_pdf(report_document(report, ctx.services));
    r.headers.set("Content-Type", "application/pdf");
    r.headers.set("Content-Disposition",
                  "inline; filename=\"snamap-" + file_stem + "-" + report.data_version + ".pdf\"");
    r.headers.set("X-Snamap-Data-Version", report.data_version);
    return r;
}

AreaReport area_report(const RouteContext& ctx) {
    return build_area_report(ctx.services, ctx.path["code"], ctx.query,
                             public_base_url(ctx.services.config));
}

AreaReport catchment_report(const RouteContext& ctx) {
    const ResolvedCatchment c = resolve_catchment(ctx, ctx.path["id"]);
    const auto profile = catchment_profile_json(ctx.services, *c.catchment, *c.overlaps, c.method);
    return build_catchment_report(ctx.services, c.catchment, profile, ctx.query,
                                  public_base_url(ctx.services.config));
}

}  // namespace

HttpResponse handle_report_html(const RouteContext& ctx) {
    return html_answer(area_report(ctx));
}

HttpResponse handle_report_pdf(const RouteContext& ctx) {
    const AreaReport report = area_report(ctx);
    return pdf_answer(ctx, report, report.code);
}

HttpResponse handle_catchment_report_html(const RouteContext& ctx) {
    return html_answer(catchment_report(ctx));
}

HttpResponse handle_catchment_report_pdf(const RouteContext& ctx) {
    const AreaReport report = catchment_report(ctx);
    return pdf_answer(ctx, report, "catchment-" + report.code.substr(0, 12));
}

}  // namespace sna::server
