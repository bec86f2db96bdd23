#pragma once
/// /api/versions and /api/changes: which data versions this server holds and what changed since
/// the version a link was made from.

#include "server/routes/route_context.hpp"

namespace sna::server {

/// GET /api/versions — the current version and the archived ones (build date, name).
HttpResponse handle_versions(const RouteContext& ctx);
/// GET /api/changes?since=VERSION[&code=AREA] — counts of changed, added and removed values.
HttpResponse handle_changes(const RouteContext& ctx);

}  // namespace sna::server
