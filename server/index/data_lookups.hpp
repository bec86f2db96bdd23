#pragma once
/// Lookups in the data index that requests share: an indicator's column over a set of areas, an
/// indicator checked to be published for a set.

#include "server/index/data_index.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sna::server {

/// Values of one indicator (default period) for every area given, in their order.
std::vector<std::optional<double>> column_of(const DataIndex& data, const std::string& id,
                                             const std::vector<const AreaEntry*>& areas);

/// The indicator `id`, which must be published for `set`.
/// @throws geo::NotFound for an unknown id, geo::InvalidInput when it is on another set.
const geo::Indicator& indicator_on_set(const DataIndex& data, const std::string& id,
                                       const std::string& set);

}  // namespace sna::server
