#pragma once
/// What a tile layer is configured with (TileLayerOptions) and what it reports about its
/// attributes for TileJSON `vector_layers` (LayerField), shared by AreaTileLayer and
/// PointTileLayer.

#include "geo/core/geometry.hpp"
#include "geo/tiles/mvt_types.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sna::geo {

/// Deepest zoom that gets its own simplified geometry. Zooms above it (up to max_zoom) are cut
/// from the full-resolution geometry: tiles are small there, and a band per zoom would only cost
/// memory for tolerances of a metre or two.
constexpr int max_simplified_zoom = 14;

/// Screen pixels across one tile when a client draws it (MapLibre GL draws vector tiles 512
/// pixels wide); simplify_pixels and drop_subpixel count pixels of this size.
constexpr double tile_screen_pixels = 512.0;

/// Configuration of one tile layer, fixed at server start-up.
struct TileLayerOptions {
    std::string name;   ///< MVT layer name (MVT spec 4.1), e.g. "lsoa11"
    int min_zoom = 0;   ///< tiles below it are empty
    int max_zoom = 14;  ///< tiles above it are empty
    int extent = 4096;  ///< tile grid units per tile side (MVT spec 4.1 `extent`)
    int buffer = 64;    ///< grid units kept beyond each tile edge, so neighbours overlap
    /// Simplification tolerance in screen pixels at each zoom; 0 keeps every vertex.
    double simplify_pixels = 1.0;
    /// True: areas smaller than about one square pixel at a zoom are left out of its tiles on
    /// purpose. False: every area is kept at every zoom (simplification protects small rings);
    /// only a ring that rounds to nothing on the tile grid can still vanish.
    bool drop_subpixel = false;
    /// Vertices of neighbouring areas closer than this (metres, in Web Mercator) are merged so
    /// shared borders are recognised despite rounding noise (see TopologyOptions).
    double snap_distance_m = 0.01;
    /// Threads simplifying zoom bands at construction; 1 builds on the caller's thread.
    unsigned build_threads = 2;
};

/// Checks the options once, at start-up.
/// @throws InvalidInput naming the layer and the option: empty name, zooms outside
/// 0..default_max_zoom or min_zoom > max_zoom, extent <= 0, buffer outside 0..extent,
/// negative or non-finite simplify_pixels or snap_distance_m, build_threads == 0.
void validate(const TileLayerOptions& options);

/// Simplification tolerance for one zoom in Web Mercator metres.
double simplify_tolerance(const TileLayerOptions& options, int zoom);

/// Attribute types as TileJSON `vector_layers` describes them.
enum class FieldType { string, number, boolean, mixed };

/// "String", "Number", "Boolean" or "Mixed" (the words tippecanoe writes into `fields`).
std::string_view to_string(FieldType type);

/// One attribute key of a layer and the type of its values.
struct LayerField {
    std::string name;
    FieldType type = FieldType::string;
};

/// Collects attribute keys in order of first appearance; a key seen with values of different
/// types becomes FieldType::mixed.
class LayerFieldCollector {
public:
    void add(const std::vector<Property>& properties);
    std::vector<LayerField> fields() const { return m_fields; }

private:
    std::vector<LayerField> m_fields;
};

namespace detail {

/// Throws DataError if a coordinate is not finite or not a plausible lon/lat (|lon| <= 180,
/// |lat| <= 90), naming the layer, the feature's position and its id.
void check_lonlat(const Point& lonlat, const std::string& layer, std::size_t index,
                  std::uint64_t id);

}  // namespace detail

}  // namespace sna::geo
