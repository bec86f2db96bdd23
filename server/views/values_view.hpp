#pragma once
/// One indicator's values over its whole set, compact, for colouring a map
/// (`/api/indicators/{id}/values`): value, interval, suppression, by code and by feature id.

#include "server/index/data_index.hpp"
#include "server/views/area_json.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace sna::server {

/// The top-level members of the document (for `fields=`).
const std::vector<std::string>& values_members();

/// @pre `period` is one of the indicator's periods. `shape`: format 2 sends by_feature_id as an
/// array from feature_id_base; fields keeps only the members named (docs/api.md).
nlohmann::json indicator_values_json(const DataIndex& data, const geo::Indicator& indicator,
                                     const std::string& period, const AnswerShape& shape = {});

}  // namespace sna::server
