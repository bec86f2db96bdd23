#pragma once
/// The one place a tile is made the way the server sends it: encoded by the catalog and
/// compressed by make_cached_tile. The tile route and `snamap export-tiles` both call it, so an
/// exported tile is byte-for-byte the tile the server answers for the same z/x/y.

#include "geo/tiles/tile_id.hpp"
#include "server/index/tile_cache.hpp"

#include <string>
#include <string_view>

namespace sna::server {

class TileCatalog;

/// The tile with its ETag; empty (CachedTile::empty()) when no feature falls in it.
/// @pre the layer exists and tile.z is within its zoom range
/// @throws geo::Error if zlib fails
CachedTile make_served_tile(const TileCatalog& tiles, const std::string& layer,
                            const geo::TileId& tile, std::string_view data_version);

}  // namespace sna::server
