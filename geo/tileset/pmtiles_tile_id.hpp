#pragma once
/// PMTiles v3 tile ids: a tile's position on the series of Hilbert curves that starts at z0
/// (PMTiles spec 4.1, "TileID"). Sorting by it keeps nearby tiles together in an archive.

#include "geo/tiles/tile_id.hpp"

#include <cstdint>

namespace sna::geo {

/// Deepest zoom whose tile ids fit in 64 bits with room to spare (the spec's readers stop here).
constexpr std::uint32_t max_pmtiles_zoom = 26;

/// The tile's PMTiles id: (4^z - 1) / 3 tiles at the shallower zooms, plus its Hilbert index.
/// @pre tile.is_valid() and tile.z <= max_pmtiles_zoom
std::uint64_t pmtiles_tile_id(const TileId& tile);

/// The tile of a PMTiles id. @throws InvalidInput for an id beyond max_pmtiles_zoom.
TileId tile_of_pmtiles_id(std::uint64_t id);

}  // namespace sna::geo
