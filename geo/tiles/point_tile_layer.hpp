#pragma once
/// A point tile layer built once at start-up: points in Web Mercator and one spatial index
/// serving every zoom (PointIndex, shareable), and their properties made per tile.

#include "geo/core/geometry.hpp"
#include "geo/core/packed_rtree.hpp"
#include "geo/tiles/mvt_encoder.hpp"
#include "geo/tiles/mvt_types.hpp"
#include "geo/tiles/tile_id.hpp"
#include "geo/tiles/tile_layer_options.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sna::geo {

/// One input point: its MVT feature id, lon/lat position (EPSG:4326, x = longitude) and the
/// attributes every tile carries for it.
struct PointFeature {
    std::uint64_t id = 0;
    Point lonlat;
    std::vector<Property> properties;
};

/// Where a layer's points are, in Web Mercator, with one spatial index serving every zoom. Built
/// once and shared (read-only) by every layer that serves the same points with other properties.
class PointIndex {
public:
    /// Projects and indexes `lonlat[i]` as point i with MVT id `ids[i]`.
    /// @pre ids.size() == lonlat.size()
    /// @throws DataError naming `layer`, the point and its id for a position that is not lon/lat.
    PointIndex(std::vector<std::uint64_t> ids, const std::vector<Point>& lonlat,
               const std::string& layer);

    /// The points inside `mercator`, by input order.
    std::vector<std::uint32_t> search(const BBox& mercator) const;
    std::uint64_t id(std::size_t point) const { return m_ids[point]; }
    const Point& mercator(std::size_t point) const { return m_mercator[point]; }
    BBox bounds_lonlat() const { return m_bounds_lonlat; }
    std::size_t size() const { return m_ids.size(); }

private:
    BBox m_bounds_lonlat;
    std::vector<std::uint64_t> m_ids;
    std::vector<Point> m_mercator;
    PackedRTree m_index;
};

/// The attributes of a layer's points, made when a tile needs them (so millions of points need
/// not hold their attributes as Property lists). Implementations are immutable and thread-safe.
class PointProperties {
public:
    virtual ~PointProperties() = default;
    /// Replaces `out` with the properties of point `point` (an index into the PointIndex).
    virtual void properties(std::size_t point, std::vector<Property>& out) const = 0;
};

/// Serves one point layer as MVT point features.
///
/// Every point inside the buffered tile is encoded at every zoom from min_zoom to max_zoom: no
/// thinning or clustering, so a low-zoom tile over a dense layer carries all of its points (the
/// whole layer when one tile covers the region). The simplification options are ignored.
///
/// Thread safety: immutable after construction; encode() may run on many threads at once.
class PointTileLayer {
public:
    /// Projects the points and indexes them. Takes the features by value: properties are moved.
    /// @throws InvalidInput for bad options; DataError naming the feature for a position that is
    /// not lon/lat.
    PointTileLayer(std::vector<PointFeature> features, const TileLayerOptions& options);
    /// Serves shared points with `properties`; `fields` are the properties' keys and types.
    /// @throws InvalidInput for bad options.
    PointTileLayer(std::shared_ptr<const PointIndex> points,
                   std::shared_ptr<const PointProperties> properties,
                   std::vector<LayerField> fields, const TileLayerOptions& options);

    /// Adds every point inside the buffered tile, with its id and properties, in input order.
    /// Zooms outside min_zoom..max_zoom add nothing. Returns true if a feature was added.
    /// @pre tile.is_valid() and layer.extent() == options().extent
    bool encode(const TileId& tile, LayerBuilder& layer) const;

    /// An empty builder with this layer's name and extent, for encode().
    LayerBuilder new_builder() const;

    const TileLayerOptions& options() const { return m_options; }
    const std::string& name() const { return m_options.name; }
    int min_zoom() const { return m_options.min_zoom; }
    int max_zoom() const { return m_options.max_zoom; }
    /// Bounds of the points in lon/lat; empty if there are none.
    BBox bounds_lonlat() const { return m_points->bounds_lonlat(); }
    /// Attribute keys and types, for TileJSON `vector_layers[].fields`.
    const std::vector<LayerField>& fields() const { return m_fields; }
    std::size_t size() const { return m_points->size(); }

private:
    TileLayerOptions m_options;
    std::shared_ptr<const PointIndex> m_points;
    std::shared_ptr<const PointProperties> m_properties;
    std::vector<LayerField> m_fields;
};

}  // namespace sna::geo
