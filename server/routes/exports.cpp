#include "server/routes/exports.hpp"

#include "server/views/csv_export.hpp"
#include "server/views/xlsx_export.hpp"

namespace sna::server {

HttpResponse handle_export_xlsx(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const Query& query = ctx.query;
    HttpResponse r;
    r.body = export_xlsx(data, query);
    r.headers.set("Content-Type",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    r.headers.set("Content-Disposition",
                  "attachment; filename=\"snamap-export-" + data.data_version() + ".xlsx\"");
    return r;
}

HttpResponse handle_export_csv(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const Query& query = ctx.query;
    HttpResponse r;
    r.body = export_csv(data, query);
    r.headers.set("Content-Type", "text/csv; charset=utf-8");
    r.headers.set("Content-Disposition",
                  "attachment; filename=\"snamap-export-" + data.data_version() + ".csv\"");
    return r;
}

}  // namespace sna::server
