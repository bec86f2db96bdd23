#pragma once
/// The profile of an area: every indicator with confidence intervals, regional and national rank
/// and decile, comparators and their significance (Fingertips rules), and citations. Shared by
/// `/api/areas/{code}/profile` and the evidence packs.

#include "server/http/query.hpp"
#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace sna::server {

/// The area named by `code` (and `set` in the query, else the first set that has the code).
/// @throws geo::NotFound
const AreaEntry& profile_area(const DataIndex& data, const std::string& code, const Query& query);

/// The indicators a request selects with `indicators=id,id,…` (empty = all).
/// @throws geo::NotFound for an unknown indicator id
std::set<std::string> profile_selection(const DataIndex& data, const Query& query);

/// The profile document: the area, and every indicator of its set plus, for wards and
/// boroughs, the finer geographies' indicators aggregated over it ("aggregated"); only those in
/// `only` when it is not empty.
nlohmann::json area_profile_json(const DataIndex& data, const AreaEntry& area,
                                 const std::set<std::string>& only = {});

}  // namespace sna::server
