#pragma once
/// /api/versions and /api/changes: which data versions this server holds and what changed since
/// the version a link was made from.

#include "server/http_message.hpp"
#include "server/query.hpp"
#include "server/services.hpp"

#include <string>

namespace sna::server {

/// One sentence for people: whether figures cited from `since` still hold (and `code` only, if
/// given). Empty when `since` is the current version.
std::string version_note(const Services& services, const std::string& since,
                         const std::string& code);

/// GET /api/versions — the current version and the archived ones (build date, name).
HttpResponse handle_versions(const Services& services);
/// GET /api/changes?since=VERSION[&code=AREA] — counts of changed, added and removed values.
HttpResponse handle_changes(const Services& services, const Query& query);

}  // namespace sna::server
