#pragma once
/// The answer of /api/search: postcodes and postcode districts first (when the build has a
/// postcode directory), then areas of every set by how well their name or code matches.

#include "server/index/data_index.hpp"
#include "server/index/postcode_directory.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace sna::server {

/// `{"query", "results": [...]}`; each result has `kind` ("area", "postcode",
/// "postcode_district"), `match`, `code`, `name`, `set` and where to show it (docs/api.md).
nlohmann::json search_results_json(const DataIndex& data, const PostcodeDirectory* postcodes,
                                   const std::string& query, std::size_t limit);

}  // namespace sna::server
