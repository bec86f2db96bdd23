#pragma once
/// One indicator's values over its whole set, compact, for colouring a map
/// (`/api/indicators/{id}/values`): value, interval, suppression, by code and by feature id.

#include "server/index/data_index.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace sna::server {

/// @pre `period` is one of the indicator's periods.
nlohmann::json indicator_values_json(const DataIndex& data, const geo::Indicator& indicator,
                                     const std::string& period);

}  // namespace sna::server
