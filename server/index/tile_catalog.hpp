#pragma once
/// The tile layers the server offers, built once at start-up from the database (Martin's
/// "catalog" of "sources"): one polygon layer per area set, one point layer per point file.

#include "geo/core/geometry.hpp"
#include "geo/tiles/area_tile_layer.hpp"
#include "geo/tiles/point_tile_layer.hpp"
#include "server/index/data_index.hpp"
#include "server/index/point_layer_view.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sna::server {

struct ServerConfig;

/// Description of one layer for /catalog and TileJSON.
struct LayerInfo {
    std::string id;
    std::string title;
    std::string kind;  ///< "areas" or "points"
    std::string description;
    std::vector<std::string> dataset_ids;
    std::vector<std::string> headline_indicators;  ///< values carried as feature properties
};

/// A point layer to serve: where its points are (shared by the tiers) and their properties as
/// one tier sees them.
struct PointLayerTiles {
    geo::StoredPointLayer layer;
    std::shared_ptr<const geo::PointIndex> index;
    std::shared_ptr<const PointLayerView> view;
};

class TileCatalog {
public:
    /// Builds every layer.
    TileCatalog(const DataIndex& data, std::vector<geo::StoredArea> areas,
                std::vector<PointLayerTiles> point_layers, const ServerConfig& config);

    std::vector<std::string> layer_ids() const;
    const LayerInfo* info(const std::string& layer) const;
    /// Encodes one tile of one layer; nullopt when no feature falls in it.
    /// @pre the layer exists and tile.z is within its zoom range
    std::optional<std::string> encode(const std::string& layer, const geo::TileId& tile) const;
    int min_zoom(const std::string& layer) const;
    int max_zoom(const std::string& layer) const;
    geo::BBox bounds(const std::string& layer) const;
    std::vector<geo::LayerField> fields(const std::string& layer) const;

private:
    struct Layer {
        LayerInfo info;
        std::unique_ptr<geo::AreaTileLayer> areas;
        std::unique_ptr<geo::PointTileLayer> points;
    };
    const Layer& layer(const std::string& id) const;
    std::map<std::string, Layer> m_layers;
};

/// Default zoom range of an area layer by its level (boroughs from z0, wards from z6, LSOAs
/// from z8); config `layer_zooms` may override.
std::pair<int, int> default_area_zooms(geo::AreaLevel level);
/// Default zoom range of a point layer by its kind (street-level incidents from z10).
std::pair<int, int> default_point_zooms(const std::string& kind);

}  // namespace sna::server
