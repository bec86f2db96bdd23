#pragma once
/// Mapbox Vector Tile 2.1 encoding (protozero underneath, kept out of this header).

#include "geo/tiles/mvt_types.hpp"
#include "geo/tiles/tile_geometry.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sna::geo {

/// Builds one layer: features with geometry in tile coordinates and deduplicated keys/values.
class LayerBuilder {
public:
    /// @throws InvalidInput if the name is empty (MVT spec 4.1: layers MUST have a name).
    explicit LayerBuilder(std::string name, std::uint32_t extent = default_tile_extent);

    /// Adds a polygon feature (MVT spec 4.3.4). Rings are taken as given, so pass the output of
    /// to_tile_polygons(), which fixes winding; repeated points and rings with fewer than 3
    /// points are skipped. Returns false, adding nothing, if no geometry is left.
    bool add_polygon_feature(std::uint64_t id, const std::vector<TilePolygon>& polygons,
                             const std::vector<Property>& properties);

    /// The same for polygons in flat form (TileClipper's output): identical bytes.
    bool add_flat_polygon_feature(std::uint64_t id, const FlatTilePolygons& polygons,
                                  const std::vector<Property>& properties);

    /// Makes room for about `features` features with up to `values` distinct property values
    /// in all, so a large tile (a z6 tile over 35,000 areas has 20,000 features) does not
    /// regrow its buffers and rehash its value table as it fills. Changes no output.
    void reserve(std::size_t features, std::size_t values);

    /// Adds a point or multipoint feature. Returns false, adding nothing, if `points` is empty.
    bool add_point_feature(std::uint64_t id, const std::vector<TilePoint>& points,
                           const std::vector<Property>& properties);

    const std::string& name() const { return m_name; }
    std::uint32_t extent() const { return m_extent; }
    std::size_t feature_count() const { return m_feature_count; }
    std::size_t key_count() const { return m_keys.size(); }
    std::size_t value_count() const { return m_value_spans.size(); }

    /// The encoded `Layer` message (MVT spec 4.1), version 2.
    std::string serialize() const;

private:
    void add_feature(std::uint64_t id, GeomType type, const std::vector<std::uint32_t>& geometry,
                     const std::vector<Property>& properties);
    std::uint32_t key_index(const std::string& key, std::size_t position);
    std::uint32_t value_index(const PropertyValue& value);
    std::string_view value_bytes(std::uint32_t index) const;
    void grow_value_slots();

    std::string m_name;
    std::uint32_t m_extent;
    std::string m_features;  // encoded `features` fields, appended as they come
    std::size_t m_feature_count = 0;
    std::vector<std::string> m_keys;
    std::unordered_map<std::string, std::uint32_t> m_key_index;
    /// Encoded `Value` messages, back to back, and where each one is: no allocation per value.
    std::string m_value_bytes;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_value_spans;  ///< offset, size
    /// Open-addressing table over the values: value index + 1 (0 = free) and the low 32 bits
    /// of the value's hash, so a probe compares bytes only when the hashes agree, and growing
    /// never rehashes the bytes.
    struct ValueSlot {
        std::uint32_t index_plus_one = 0;
        std::uint32_t hash = 0;
    };
    std::vector<ValueSlot> m_value_slots;
    // Working memory reused by every feature (no allocation per feature once grown).
    std::vector<std::uint32_t> m_geometry;
    std::vector<std::uint32_t> m_tags;
    std::vector<std::uint32_t> m_last_keys;  ///< key indices of the previous feature, by position
    std::string m_value_scratch;
    std::string m_packed;  ///< packed varints of the current feature's geometry
};

/// Collects layers into one tile.
class TileBuilder {
public:
    /// @throws InvalidInput if a layer with the same name was already added (MVT spec 4.1).
    void add_layer(LayerBuilder layer);

    /// True if no layer has a feature: the server answers 204 instead of sending a tile.
    bool is_empty() const;

    /// The encoded `Tile` message; layers without features are left out.
    std::string serialize() const;

private:
    std::vector<LayerBuilder> m_layers;
};

}  // namespace sna::geo
