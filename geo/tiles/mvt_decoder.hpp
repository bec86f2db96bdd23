#pragma once
/// Mapbox Vector Tile 2.1 decoding: back from bytes to layers, features, properties and rings.
/// Used to check encoded tiles by meaning, in tests and diagnostics.

#include "geo/tiles/mvt_types.hpp"
#include "geo/tiles/tile_geometry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sna::geo {

/// A decoded feature. `parts` holds, per geometry type: all points in one part (point); one
/// part per MoveTo (linestring); one open ring per MoveTo..ClosePath (polygon).
struct DecodedFeature {
    std::optional<std::uint64_t> id;
    GeomType type = GeomType::unknown;
    std::vector<std::vector<TilePoint>> parts;
    std::vector<Property> properties;

    /// The value of a property, or nullptr if the feature has no such key.
    const PropertyValue* find(std::string_view key) const;
};

/// A decoded layer; version and extent carry the spec defaults (1 and 4096) when absent.
struct DecodedLayer {
    std::string name;
    std::uint32_t version = 1;
    std::uint32_t extent = default_tile_extent;
    std::vector<DecodedFeature> features;
};

/// Decodes a whole tile (not gzipped).
/// @throws DataError naming the layer and feature for malformed protobuf, out-of-range key or
/// value indexes, or malformed geometry commands.
std::vector<DecodedLayer> decode_tile(std::string_view data);

/// Groups a polygon feature's rings into polygons by winding (MVT spec 4.3.4.4): a ring with
/// positive area starts a polygon, a negative one is a hole of the current polygon.
/// @throws DataError for a zero-area ring or a hole before any exterior ring.
std::vector<TilePolygon> polygons_of(const DecodedFeature& feature);

}  // namespace sna::geo
