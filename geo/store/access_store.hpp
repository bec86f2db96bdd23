#pragma once
/// The access rules of a database (`access_rules`, docs/data-model.md, docs/access.md).

#include "geo/core/access.hpp"
#include "geo/store/database.hpp"

namespace sna::geo {

void write_access_rules(Database& db, const AccessRules& rules);
/// Empty (everything public) for a database built before access rules existed.
AccessRules read_access_rules(Database& db);

}  // namespace sna::geo
