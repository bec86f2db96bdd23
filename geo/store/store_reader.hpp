#pragma once
/// Read queries over a built snamap database.

#include "geo/core/model.hpp"
#include "geo/store/database.hpp"

#include <map>
#include <string>
#include <vector>

namespace sna::geo {

std::map<std::string, std::string> read_meta(Database& db);
std::vector<Dataset> read_datasets(Database& db);
/// Area sets with their area counts, in id order.
std::vector<std::pair<AreaSet, std::int64_t>> read_area_sets(Database& db);
std::vector<Indicator> read_indicators(Database& db);
/// Number of stored values per indicator id.
std::map<std::string, std::int64_t> count_values(Database& db);
/// Areas of one set with geometry (EPSG:4326), in code order.
std::vector<Area> read_areas(Database& db, const std::string& set_id);

}  // namespace sna::geo
