#include "server/index/served_tile.hpp"

#include "server/index/tile_catalog.hpp"

namespace sna::server {

CachedTile make_served_tile(const TileCatalog& tiles, const std::string& layer,
                            const geo::TileId& tile, std::string_view data_version) {
    const auto bytes = tiles.encode(layer, tile);
    return bytes ? make_cached_tile(*bytes, data_version) : CachedTile{};
}

}  // namespace sna::server
