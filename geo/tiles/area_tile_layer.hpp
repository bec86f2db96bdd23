#pragma once
/// A polygon tile layer built once at start-up: shared-border simplification per zoom band and a
/// spatial index per band, so serving a tile is a lookup, a clip and an encode.

#include "geo/core/geometry.hpp"
#include "geo/core/packed_rtree.hpp"
#include "geo/tiles/arc_simplifier.hpp"
#include "geo/tiles/mvt_encoder.hpp"
#include "geo/tiles/mvt_types.hpp"
#include "geo/tiles/tile_geometry.hpp"
#include "geo/tiles/tile_id.hpp"
#include "geo/tiles/tile_layer_options.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sna::geo {

/// One input area: its MVT feature id, lon/lat geometry (EPSG:4326, x = longitude) and the
/// attributes every tile carries for it.
struct AreaFeature {
    std::uint64_t id = 0;
    MultiPolygon lonlat;
    std::vector<Property> properties;
};

/// What one zoom band's simplification did.
struct AreaBandStats {
    int first_zoom = 0;
    int last_zoom = 0;
    double tolerance = 0.0;  ///< Web Mercator metres; 0 for the full-resolution band
    SimplifyStats simplify;
};

/// What construction did, for the start-up log.
struct AreaTileLayerStats {
    std::size_t features = 0;
    std::size_t arcs = 0;
    std::size_t degenerate_rings = 0;  ///< input rings the topology could not use
    std::vector<AreaBandStats> bands;
    double topology_seconds = 0.0;  ///< projection and topology
    double bands_seconds = 0.0;     ///< simplification and indexes, wall clock
};

/// Serves one polygon layer as MVT features.
///
/// Zoom bands: one per zoom from min_zoom to min(max_zoom, max_simplified_zoom), simplified
/// with options.simplify_pixels at that zoom; zooms above max_simplified_zoom share one band of
/// full-resolution geometry (still snapped, so borders stay shared). Consecutive zooms whose
/// settings coincide (simplify_pixels == 0) share a band. Every band is simplified from one
/// topology, so neighbours keep identical borders at every zoom.
///
/// Thread safety: immutable after construction; encode() may run on many threads at once.
class AreaTileLayer {
public:
    /// Projects, builds the topology and simplifies every band (on options.build_threads
    /// threads). Takes the features by value: properties are moved, geometry is not kept.
    /// @throws InvalidInput for bad options; DataError naming the feature for a coordinate that
    /// is not lon/lat.
    AreaTileLayer(std::vector<AreaFeature> features, const TileLayerOptions& options);

    /// Adds every feature intersecting the buffered tile, clipped to it, with its id and
    /// properties, in input order. Zooms outside min_zoom..max_zoom add nothing.
    /// Returns true if a feature was added.
    /// @pre tile.is_valid() and layer.extent() == options().extent
    bool encode(const TileId& tile, LayerBuilder& layer) const;

    /// An empty builder with this layer's name and extent, for encode().
    LayerBuilder new_builder() const;

    const TileLayerOptions& options() const { return m_options; }
    const std::string& name() const { return m_options.name; }
    int min_zoom() const { return m_options.min_zoom; }
    int max_zoom() const { return m_options.max_zoom; }
    /// Bounds of the input geometry in lon/lat; empty if there are no vertices.
    BBox bounds_lonlat() const { return m_bounds_lonlat; }
    /// Attribute keys and types, for TileJSON `vector_layers[].fields`.
    const std::vector<LayerField>& fields() const { return m_fields; }
    std::size_t size() const { return m_ids.size(); }
    const AreaTileLayerStats& stats() const { return m_stats; }

private:
    /// Simplified geometry for a run of zooms, and an index of the features it still has.
    struct Band {
        FlatMercatorPolygons geometry;  ///< by feature index, Web Mercator; empty if dropped
        std::vector<std::uint32_t> feature_of_item;  ///< index item -> feature index
        std::vector<BBox> bounds;                    ///< index item -> bbox_of(geometry)
        PackedRTree index;
    };

    const Band* band_for(std::uint32_t zoom) const;
    /// Asks the CPU to fetch the properties of the feature a few items after items[k] (items:
    /// index items of `band`, in encoding order).
    void prefetch_ahead(const Band& band, const std::vector<std::uint32_t>& items,
                        std::size_t k) const;

    TileLayerOptions m_options;
    BBox m_bounds_lonlat;
    std::vector<std::uint64_t> m_ids;
    std::vector<std::vector<Property>> m_properties;
    std::vector<LayerField> m_fields;
    std::vector<Band> m_bands;
    std::vector<std::size_t> m_band_of_zoom;  ///< by zoom - min_zoom
    AreaTileLayerStats m_stats;
};

}  // namespace sna::geo
