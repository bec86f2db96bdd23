#pragma once
/// Filling a tileset: which tiles to try, in the order PMTiles wants them, and the loop that
/// asks a tile source for each (on several threads) and hands the non-empty ones to a writer.

#include "geo/core/geometry.hpp"
#include "geo/core/progress.hpp"
#include "geo/tileset/tileset_metadata.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sna::geo {

/// The tiles at zooms min_zoom..max_zoom that touch `lonlat`, plus one tile all round (a tile
/// beside the data can still hold features in its buffer), in ascending PMTiles tile id order.
/// @pre 0 <= min_zoom <= max_zoom <= max_pmtiles_zoom
std::vector<TileId> tiles_to_export(const BBox& lonlat, int min_zoom, int max_zoom);

/// A tile's bytes as they are to be stored; empty for a tile without features. Called from
/// several threads at once, so it must be thread-safe.
using TileSource = std::function<std::string(const TileId&)>;

struct ExportCounts {
    std::uint64_t tried = 0;    ///< tiles asked of the source
    std::uint64_t written = 0;  ///< non-empty tiles given to the writer
    std::uint64_t bytes = 0;    ///< their bytes, before any deduplication
};

/// Asks `source` for every tile (in batches, on `threads` threads), adds the non-empty ones to
/// `writer` in the order given, then finishes it with `metadata`. Progress counts tiles tried.
/// @pre threads >= 1
ExportCounts write_tileset(const std::vector<TileId>& tiles, const TileSource& source,
                           TilesetWriter& writer, const TilesetMetadata& metadata,
                           Progress& progress, unsigned threads);

}  // namespace sna::geo
