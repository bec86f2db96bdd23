#pragma once
/// The TileJSON 3.0 fields that describe one tile layer's content (name, attribution, zooms,
/// bounds, centre, vector_layers with their fields, data version): shared by the
/// `/tiles/{layer}.json` route, which adds the tile URL, and exported tilesets (PMTiles
/// metadata, MBTiles `metadata`), so both describe a layer the same way.

#include <nlohmann/json.hpp>

#include <string>

namespace sna::server {

class DataIndex;
class TileCatalog;

/// @pre the layer exists in `tiles`
nlohmann::json layer_tilejson(const DataIndex& data, const TileCatalog& tiles,
                              const std::string& layer);

}  // namespace sna::server
