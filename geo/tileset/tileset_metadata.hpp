#pragma once
/// What a tileset says about itself (TileJSON 3.0 fields), and the interface both archive
/// writers share.

#include "geo/core/geometry.hpp"
#include "geo/tiles/tile_id.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sna::geo {

/// The TileJSON fields of a vector tileset, written into PMTiles' JSON metadata and MBTiles'
/// `metadata` table.
struct TilesetMetadata {
    std::string name;
    std::string description;
    std::string attribution;  ///< the licence attribution the data requires
    std::string version = "1.0.0";
    int min_zoom = 0;
    int max_zoom = 0;
    BBox bounds;   ///< lon/lat
    Point center;  ///< lon/lat
    int center_zoom = 0;
    /// TileJSON `vector_layers` as JSON text: an array of {id, fields, minzoom, maxzoom, …}.
    std::string vector_layers_json = "[]";
    /// Further string entries (e.g. the data version), kept in both formats.
    std::vector<std::pair<std::string, std::string>> extra;
};

/// @throws InvalidInput naming the field: empty name, zooms outside 0..26 or min > max, bounds
/// not a lon/lat box, centre zoom outside the zooms, vector_layers not a JSON array.
void validate(const TilesetMetadata& metadata);

/// The PMTiles JSON metadata object (spec 5): name, description, attribution, version,
/// type "overlay", format "pbf", minzoom, maxzoom, bounds, center, vector_layers and `extra`.
std::string metadata_json(const TilesetMetadata& metadata);

/// MBTiles 1.3 `metadata` rows: name, format=pbf, bounds, center, minzoom, maxzoom,
/// attribution, description, type, version, json ({"vector_layers": …}) and `extra`.
std::vector<std::pair<std::string, std::string>> mbtiles_metadata(const TilesetMetadata& metadata);

/// Writes one tileset file: tiles, then finish() with the metadata. The file appears at its
/// path only when finish() succeeds (it is written beside it under a temporary name and renamed);
/// a writer destroyed without finishing leaves nothing behind and the previous file untouched.
class TilesetWriter {
public:
    virtual ~TilesetWriter() = default;
    /// Adds one tile's bytes as they are to be served (here: gzip-compressed MVT).
    /// @pre data is not empty; each tile is added once
    virtual void add_tile(const TileId& tile, std::string_view data) = 0;
    /// Completes the file and renames it into place. @throws on I/O or store errors
    virtual void finish(const TilesetMetadata& metadata) = 0;
};

/// ".NAME.exporting-PID" beside `output`.
/// @throws InvalidInput when the output's folder does not exist.
std::string temporary_path_beside_output(const std::string& output);

/// Renames `from` to `to`, replacing it. @throws Error naming both on failure.
void rename_into_place(const std::string& from, const std::string& to);

}  // namespace sna::geo
