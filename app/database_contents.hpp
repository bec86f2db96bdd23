#pragma once
/// What `serve` and `export-tiles` read from a database before they build their indexes.

#include "geo/store/store_reader.hpp"
#include "server/index/data_index.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sna::app {

struct DatabaseContents {
    std::vector<geo::StoredArea> areas;  ///< with geometry
    std::unique_ptr<server::DataIndex> data;
    std::vector<geo::StoredPointLayer> point_layers;
    std::map<std::string, std::vector<geo::StoredPoint>> points;  ///< by point layer id
};

/// Opens the database read-only, reads everything and closes it.
/// @throws geo::StoreError / geo::DataError when the file is not a snamap database
DatabaseContents read_database(const std::string& path);

}  // namespace sna::app
