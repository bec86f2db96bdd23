#pragma once
/// The profile of an area computed per request, as before issue 17 (the equality reference).

#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

namespace sna::test::reference {

/// The format-1 profile document (with a `citation` per indicator, no `methods`).
nlohmann::json area_profile_json(const server::DataIndex& data, const server::AreaEntry& area);

}  // namespace sna::test::reference
