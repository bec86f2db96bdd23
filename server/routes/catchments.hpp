#pragma once
/// User-defined areas: POST /api/catchments, GET /api/catchments/{id} and its profile.

#include "server/http/http_message.hpp"
#include "server/routes/route_context.hpp"

namespace sna::server {

/// Defines a catchment from a JSON body (docs/api.md): 201 with its document and Location, 200
/// when the same shape is already kept, 422 for a shape that cannot be one, 507 when the store
/// is full.
HttpResponse handle_catchment_create(const RouteContext& ctx);
HttpResponse handle_catchment(const RouteContext& ctx);
/// The catchment's profile; `method=best_fit` (default) or `area`, `indicators=` as for areas.
HttpResponse handle_catchment_profile(const RouteContext& ctx);

}  // namespace sna::server
