#include "server/routes/service.hpp"

#include "geo/core/errors.hpp"
#include "server/config/server_config.hpp"
#include "server/http/metrics.hpp"
#include "server/http/responses.hpp"
#include "server/http/static_files.hpp"
#include "server/http/url.hpp"
#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

namespace sna::server {

HttpResponse handle_health(const RouteContext& ctx) {
    const DataIndex& data = ctx.services.data;
    const auto built_at = data.meta().find("built_at");
    HttpResponse r =
        json_response({{"status", "ok"},
                       {"data_version", data.data_version()},
                       {"built_at", built_at == data.meta().end() ? "" : built_at->second}},
                      "health");
    r.headers.set("Cache-Control", "no-store");
    return r;
}

HttpResponse handle_metrics(const RouteContext& ctx) {
    HttpResponse r = text_response(ctx.services.metrics.render(),
                                   "text/plain; version=0.0.4; charset=utf-8", "metrics");
    r.headers.set("Cache-Control", "no-store");
    return r;
}

HttpResponse handle_api_not_found(const RouteContext& ctx) {
    throw geo::NotFound("no route for " + std::string(split_target(ctx.request.target).path) +
                        " (see docs/api.md)");
}

HttpResponse handle_static_file(const RouteContext& ctx) {
    if (ctx.services.config.web_root.empty())
        throw geo::NotFound("no route for " + std::string(split_target(ctx.request.target).path));
    return serve_static(ctx.request, ctx.services.config.web_root);
}

}  // namespace sna::server
