#pragma once
/// Read queries over a built snamap database.

#include "geo/core/model.hpp"
#include "geo/store/database.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

std::map<std::string, std::string> read_meta(Database& db);
std::vector<Dataset> read_datasets(Database& db);
/// Area sets with their area counts, in id order.
std::vector<std::pair<AreaSet, std::int64_t>> read_area_sets(Database& db);
std::vector<Indicator> read_indicators(Database& db);
/// National (England) values and notes; empty for databases built before schema version 2.
std::vector<NationalValue> read_national_values(Database& db);
/// Number of stored values per indicator id.
std::map<std::string, std::int64_t> count_values(Database& db);
/// Areas of one set with geometry (EPSG:4326), in code order.
std::vector<Area> read_areas(Database& db, const std::string& set_id);

}  // namespace sna::geo

namespace sna::geo {

/// One stored value row (indicator_values): the same record the build writes.
using StoredValue = IndicatorValue;

/// Calls `each` for every stored value, ordered by indicator, area and period.
void for_each_value(Database& db, const std::function<void(StoredValue&&)>& each);
/// The stored values of one indicator.
std::vector<StoredValue> read_values(Database& db, const std::string& indicator_id);

/// An area with its numeric id and parents (no geometry unless asked).
struct StoredArea {
    std::int64_t fid = 0;
    Area area;
    std::map<std::string, std::string> parents;  ///< parent set → parent code
};
std::vector<StoredArea> read_stored_areas(Database& db, bool with_geometry);

struct StoredPointLayer {
    std::string id, title, kind, dataset_id, source_file;
    std::int64_t point_count = 0;
    std::vector<std::string> count_attributes;  ///< subject to small-number suppression
};
std::vector<StoredPointLayer> read_point_layers(Database& db);

struct StoredPoint {
    std::int64_t fid = 0;
    PointRecord record;
    std::map<std::string, std::string> areas;  ///< set → containing area code (joined only)
};
std::vector<StoredPoint> read_points(Database& db, const std::string& layer);

/// Every postcode with its areas, in postcode order (none for databases built before postcodes).
std::vector<StoredPostcode> read_postcodes(Database& db);

/// Flagged months per series: (series, period) pairs with any group flagged.
std::vector<std::pair<std::string, std::string>> read_flagged_months(Database& db);

}  // namespace sna::geo
