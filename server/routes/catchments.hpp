#pragma once
/// User-defined areas: POST /api/catchments, GET /api/catchments/{id} and its profile.

#include "geo/analysis/apportion.hpp"
#include "server/http/http_message.hpp"
#include "server/index/catchments.hpp"
#include "server/routes/route_context.hpp"

#include <memory>
#include <string>

namespace sna::server {

/// The kept catchment `id` names. @throws geo::InvalidInput (400) when `id` is not 32 hex
/// digits; geo::NotFound (404) when no catchment has it or the server keeps none.
std::shared_ptr<const StoredCatchment> find_catchment(const Services& services,
                                                      const std::string& id);

/// The catchment's overlaps with the small areas (computed once per catchment, then cached).
/// @throws CatchmentRejected when it touches none.
std::shared_ptr<const CatchmentOverlaps> catchment_overlaps(const Services& services,
                                                            const Catchments& catchments,
                                                            const std::string& id,
                                                            const geo::MultiPolygon& shape);

/// What the catchment's outputs (profile, pack, exports) start from.
struct ResolvedCatchment {
    std::shared_ptr<const StoredCatchment> catchment;
    std::shared_ptr<const CatchmentOverlaps> overlaps;
    geo::ApportionMethod method = geo::ApportionMethod::best_fit;
};

/// find_catchment(), `?method=` (best_fit, the default, or area; else 400) and the overlaps.
ResolvedCatchment resolve_catchment(const RouteContext& ctx, const std::string& id);

/// Defines a catchment from a JSON body (docs/api.md): 201 with its document and Location, 200
/// when the same shape is already kept, 422 for a shape that cannot be one, 507 when the store
/// is full.
HttpResponse handle_catchment_create(const RouteContext& ctx);
HttpResponse handle_catchment(const RouteContext& ctx);
/// The catchment's profile; `method=best_fit` (default) or `area`, `indicators=` as for areas.
HttpResponse handle_catchment_profile(const RouteContext& ctx);

}  // namespace sna::server
