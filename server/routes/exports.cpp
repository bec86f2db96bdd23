#include "server/routes/exports.hpp"

#include "server/config/server_config.hpp"
#include "server/http/responses.hpp"
#include "server/http/url.hpp"
#include "server/routes/catchments.hpp"
#include "server/views/catchment_export.hpp"
#include "server/views/catchment_profile.hpp"
#include "server/views/csv_export.hpp"
#include "server/views/export_selection.hpp"
#include "server/views/xlsx_export.hpp"

#include "geo/core/text.hpp"
#include "server/views/area_profile.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace sna::server {

using nlohmann::json;

namespace {

void set_download_headers(HttpResponse& r, const DataIndex& data, const std::string& type,
                          const std::string& extension, const ExportSelection& selection) {
    r.headers.set("Content-Type", type);
    // Said outside the body too, so a script that saves downloads can keep them apart.
    std::string groups;
    for (const auto& g : export_reserved(data, selection))
        groups += (groups.empty() ? "" : ",") + g;
    if (!groups.empty()) r.headers.set("X-Snamap-Reserved", groups);
    r.headers.set("Content-Disposition", "attachment; filename=\"snamap-export-" +
                                             data.data_version() + "." + extension + "\"");
}

/// 413 for a workbook over the row cap, naming the count and the CSV export of the same rows.
HttpResponse too_many_rows(const RouteContext& ctx, std::size_t rows, std::size_t cap) {
    const std::string_view query = split_target(ctx.request.target).query;
    const std::string csv = "/api/export.csv" + (query.empty() ? "" : "?" + std::string(query));
    HttpResponse r = json_response(
        {{"error", "too many rows for a workbook"},
         {"detail", "this export has " + std::to_string(rows) +
                        " rows; XLSX exports are limited to " + std::to_string(cap) +
                        " (max_xlsx_rows). The CSV export streams any number of rows: " + csv},
         {"rows", rows},
         {"max_rows", cap},
         {"csv", csv}},
        "api_export_xlsx", 413);
    r.headers.set("Cache-Control", "no-store");
    return r;
}

/// `?catchment=ID[&method=][&indicators=]`: one row per apportioned indicator (small, so
/// buffered, with a strong ETag).
HttpResponse catchment_export(const RouteContext& ctx, const std::string& id, bool xlsx) {
    const ResolvedCatchment c = resolve_catchment(ctx, id);
    const DataIndex& data = ctx.services.data;
    const auto profile = catchment_profile_json(ctx.services, *c.catchment, *c.overlaps, c.method,
                                                profile_selection(data, ctx.query));
    ctx.check_alive();
    HttpResponse r;
    r.body = xlsx ? catchment_xlsx(data, *c.catchment, profile)
                  : catchment_csv(data, *c.catchment, profile);
    r.headers.set("Content-Type",
                  xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                       : "text/csv; charset=utf-8");
    std::vector<std::string> ids;
    for (const json& entry : profile["indicators"]) ids.push_back(entry["id"]);
    const std::set<std::string> groups = data.reservations().seen_among(ids);
    if (!groups.empty())
        r.headers.set("X-Snamap-Reserved", geo::join({groups.begin(), groups.end()}, ","));
    r.headers.set("Content-Disposition",
                  "attachment; filename=\"snamap-catchment-" + c.catchment->id.substr(0, 12) + "-" +
                      profile["method"].get<std::string>() + "-" + data.data_version() +
                      (xlsx ? ".xlsx" : ".csv") + "\"");
    return r;
}

}  // namespace

HttpResponse handle_export_xlsx(const RouteContext& ctx) {
    if (const auto id = ctx.query.get("catchment")) return catchment_export(ctx, *id, true);
    const DataIndex& data = ctx.services.data;
    const ExportSelection selection = select_export(data, ctx.query);
    ctx.check_alive();  // the client may have gone while the request waited
    const auto check = [&ctx] { ctx.check_alive(); };
    // Counted before any writing, so an oversized request costs a walk over the index only.
    const std::size_t rows = count_export_rows(data, selection, check);
    const std::size_t cap = ctx.services.config.max_xlsx_rows;
    if (rows > cap) return too_many_rows(ctx, rows, cap);
    HttpResponse r;
    r.body = export_xlsx(data, selection, check);
    set_download_headers(r, data,
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         "xlsx", selection);
    return r;
}

/// The selection is validated here, before any byte is sent (400/404 stay possible); the rows
/// are formatted while the body is written (csv_export_stream).
HttpResponse handle_export_csv(const RouteContext& ctx) {
    if (const auto id = ctx.query.get("catchment")) return catchment_export(ctx, *id, false);
    const DataIndex& data = ctx.services.data;
    HttpResponse r;
    ExportSelection selection = select_export(data, ctx.query);
    set_download_headers(r, data, "text/csv; charset=utf-8", "csv", selection);
    r.stream = csv_export_stream(data, std::move(selection));
    return r;
}

}  // namespace sna::server
