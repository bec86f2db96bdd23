#include "server/routes/catchments.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "server/config/server_config.hpp"
#include "server/http/responses.hpp"
#include "server/index/catchments.hpp"
#include "server/index/data_index.hpp"
#include "server/views/area_profile.hpp"
#include "server/views/catchment_profile.hpp"
#include "server/views/catchment_request.hpp"

#include <nlohmann/json.hpp>

namespace sna::server {

using nlohmann::json;

namespace {

Catchments& require_catchments(const RouteContext& ctx) {
    if (!ctx.services.catchments) throw geo::NotFound("this server keeps no catchments");
    return *ctx.services.catchments;
}

/// The media types a catchment may be sent as, and the file extension GDAL reads an upload by
/// ("" for a JSON definition).
struct MediaType {
    const char* type;
    const char* extension;
};
constexpr MediaType media_types[] = {
    {"application/json", ""},
    {"application/geo+json", ".geojson"},
    {"application/vnd.google-earth.kml+xml", ".kml"},
    {"application/geopackage+sqlite3", ".gpkg"},
    {"application/zip", ".zip"},
};

/// The body's media type among media_types, or nullptr.
const MediaType* media_type_of(const HttpRequest& request) {
    const std::string type = geo::to_lower(request.headers.get_or("Content-Type"));
    for (const MediaType& m : media_types) {
        const std::string want = m.type;
        if (type.compare(0, want.size(), want) == 0 &&
            (type.size() == want.size() || type[want.size()] == ';' || type[want.size()] == ' '))
            return &m;
    }
    return nullptr;
}

json parse_body(const std::string& body) {
    try {
        return json::parse(body);
    } catch (const json::parse_error& e) {
        throw geo::InvalidInput("the body is not JSON (byte " + std::to_string(e.byte) + ")");
    }
}

/// The overlaps of a catchment with the small areas, or 422 when it touches none.
std::shared_ptr<const CatchmentOverlaps> require_overlaps(const RouteContext& ctx,
                                                          const std::string& id,
                                                          const geo::MultiPolygon& shape) {
    return catchment_overlaps(ctx.services, require_catchments(ctx), id, shape);
}

/// The draft of a JSON definition, or of an uploaded boundary file (`?name=`, `?crs=`).
CatchmentDraft draft_of(const RouteContext& ctx, const MediaType& media) {
    const std::string extension = media.extension;
    if (extension.empty()) return catchment_draft(parse_body(ctx.request.body), ctx.services);
    return uploaded_catchment_draft(ctx.request.body, extension, ctx.query.get_or("name", ""),
                                    ctx.query.get_or("crs", ""), ctx.services);
}

HttpResponse create(const RouteContext& ctx, const MediaType& media) {
    Catchments& catchments = require_catchments(ctx);
    const CatchmentDraft draft = draft_of(ctx, media);
    require_overlaps(ctx, draft.id, draft.shape);  // also warms the cache for the profile
    const StoredCatchment c{draft.id, draft.name, draft.definition, draft.shape};
    const CatchmentStore::Put put = catchments.store().put(c);
    if (put == CatchmentStore::Put::full)
        return error_response(507, "insufficient storage",
                              "the server keeps at most " +
                                  std::to_string(ctx.services.config.max_catchments) +
                                  " catchments and has no room for another");
    const auto kept = catchments.store().get(draft.id);
    HttpResponse r = json_response(catchment_json(kept ? *kept : c, ctx.services), "api_catchments",
                                   put == CatchmentStore::Put::created ? 201 : 200);
    r.headers.set("Location", public_base_url(ctx.services.config) + "/api/catchments/" + c.id);
    r.headers.set("Cache-Control", "no-store");
    return r;
}

}  // namespace

std::shared_ptr<const StoredCatchment> find_catchment(const Services& services,
                                                      const std::string& id) {
    if (!services.catchments) throw geo::NotFound("this server keeps no catchments");
    if (!CatchmentStore::is_id(id))
        throw geo::InvalidInput(
            "'" + id.substr(0, 64) +
            "' is not a catchment id (32 hex digits, from POST /api/catchments)");
    auto found = services.catchments->store().get(id);
    if (!found)
        throw geo::NotFound("no catchment '" + id +
                            "' on this server (ids come from POST /api/catchments)");
    return found;
}

std::shared_ptr<const CatchmentOverlaps> catchment_overlaps(const Services& services,
                                                            const Catchments& catchments,
                                                            const std::string& id,
                                                            const geo::MultiPolygon& shape) {
    auto overlaps =
        catchments.overlaps(id, shape, services.analysis, apportioned_sets(services.data));
    if (!overlaps->touches_any()) {
        const geo::BBox b = geo::bbox_of(shape);
        throw CatchmentRejected(
            "the catchment touches none of the region's small areas (it spans longitude " +
            std::to_string(b.min_x) + " to " + std::to_string(b.max_x) + ", latitude " +
            std::to_string(b.min_y) + " to " + std::to_string(b.max_y) + ")");
    }
    return overlaps;
}

ResolvedCatchment resolve_catchment(const RouteContext& ctx, const std::string& id) {
    ResolvedCatchment out;
    out.catchment = find_catchment(ctx.services, id);
    const std::string method_text = ctx.query.get_or("method", "best_fit");
    const auto method = geo::parse_apportion_method(method_text);
    if (!method)
        throw geo::InvalidInput("method must be best_fit or area, got '" + method_text + "'");
    out.method = *method;
    out.overlaps = catchment_overlaps(ctx.services, *ctx.services.catchments, out.catchment->id,
                                      out.catchment->shape);
    return out;
}

HttpResponse handle_catchment_create(const RouteContext& ctx) {
    const MediaType* media = media_type_of(ctx.request);
    if (!media) {
        std::string known;
        for (const MediaType& m : media_types)
            known += std::string(known.empty() ? "" : ", ") + m.type;
        return error_response(415, "unsupported media type",
                              "a catchment is sent as one of " + known + "; got '" +
                                  ctx.request.headers.get_or("Content-Type").substr(0, 100) + "'");
    }
    try {
        return create(ctx, *media);
    } catch (const CatchmentRejected& e) {
        return error_response(422, "unprocessable catchment", e.what(), "api_catchments");
    }
}

HttpResponse handle_catchment(const RouteContext& ctx) {
    return json_response(
        catchment_json(*find_catchment(ctx.services, ctx.path["id"]), ctx.services),
        "api_catchment");
}

HttpResponse handle_catchment_profile(const RouteContext& ctx) {
    const auto only = profile_selection(ctx.services.data, ctx.query);
    try {
        const ResolvedCatchment c = resolve_catchment(ctx, ctx.path["id"]);
        return json_response(
            catchment_profile_json(ctx.services, *c.catchment, *c.overlaps, c.method, only),
            "api_catchment_profile");
    } catch (const CatchmentRejected& e) {
        return error_response(422, "unprocessable catchment", e.what(), "api_catchment_profile");
    }
}

}  // namespace sna::server
