#pragma once
/// Analyses that depend on user input: the composite risk index (with rank stability), Getis-Ord
/// Gi* hotspots and the priority-school list (docs/api.md, docs/methods.md).

#include "server/routes/route_context.hpp"

namespace sna::server {

/// `/api/composite?indicators=id:weight,...&set=lsoa21[&transform=z_score|exponential_rank][&draws=200][&seed=1]`
/// Without `indicators`, the documented "VRU risk" preset for the set.
HttpResponse handle_composite(const RouteContext& ctx);
/// `/api/hotspots?indicator=ID[&set=][&period=]`
HttpResponse handle_hotspots(const RouteContext& ctx);
/// Computes the preset composite documents of the default set (both transforms, formats 1 and
/// 2) into the response memo, so the first request does not wait for them; returns how many.
std::size_t prefill_composite_memo(const Services& services);
/// `/api/gaps?indicator=ID|composite[&rule=decile|hotspot][&top=10][&radius=M][&layer=]`:
/// high-need areas no service reaches, and coverage per borough (docs/api.md). 403 when the
/// caller's tier may not see the service layer.
HttpResponse handle_gaps(const RouteContext& ctx);
/// `/api/schools/priority?radius=1000[&limit=50][&phase=secondary]`
HttpResponse handle_priority_schools(const RouteContext& ctx);

}  // namespace sna::server
