#include "server/routes/exports.hpp"

#include "server/views/csv_export.hpp"
#include "server/views/export_selection.hpp"
#include "server/views/xlsx_export.hpp"

namespace sna::server {

namespace {

void set_download_headers(HttpResponse& r, const DataIndex& data, const std::string& type,
                          const std::string& extension) {
    r.headers.set("Content-Type", type);
    r.headers.set("Content-Disposition", "attachment; filename=\"snamap-export-" +
                                             data.data_version() + "." + extension + "\"");
}

}  // namespace

HttpResponse handle_export_xlsx(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const ExportSelection selection = select_export(data, ctx.query);
    ctx.check_alive();  // the client may have gone while the request waited
    const auto check = [&ctx] { ctx.check_alive(); };
    HttpResponse r;
    r.body = export_xlsx(data, selection, check);
    set_download_headers(
        r, data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
    return r;
}

/// The selection is validated here, before any byte is sent (400/404 stay possible); the rows
/// are formatted while the body is written (csv_export_stream).
HttpResponse handle_export_csv(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    HttpResponse r;
    r.stream = csv_export_stream(data, select_export(data, ctx.query));
    set_download_headers(r, data, "text/csv; charset=utf-8", "csv");
    return r;
}

}  // namespace sna::server
