#pragma once
/// Topology-preserving simplification: each shared arc is simplified once, so neighbouring
/// areas keep identical borders (no slivers, no gaps) at every zoom.

#include "geo/core/geometry.hpp"
#include "geo/tiles/topology.hpp"

#include <cstddef>
#include <vector>

namespace sna::geo {

/// How far to simplify one layer; compute once per zoom band.
struct SimplifyOptions {
    /// Douglas-Peucker tolerance in the topology's units (mercator metres), e.g.
    /// 0.5 * mercator_pixel_size(zoom) for half a pixel.
    double tolerance = 0.0;
    /// Rings whose input area is below this are dropped on purpose (0 keeps every ring). A
    /// dropped exterior takes its holes with it; a dropped hole is filled. An enclave and the
    /// hole it fills have the same area, so both go or both stay.
    double drop_below_area = 0.0;
    /// Refine arcs whose simplified segments cross or touch other arcs (or themselves), so
    /// simplification adds no self-intersections or overlaps. Costs a sweep over all segments
    /// per refinement round.
    bool prevent_crossings = true;
};

/// What simplification did, for logs and tests.
struct SimplifyStats {
    std::size_t arcs = 0;
    std::size_t points_in = 0;        ///< arc points before simplification
    std::size_t points_out = 0;       ///< arc points after
    std::size_t rings_out = 0;        ///< rings in the result
    std::size_t rings_dropped = 0;    ///< rings removed by drop_below_area (holes included)
    std::size_t rings_protected = 0;  ///< rings that would have collapsed; their arcs kept more
    std::size_t arcs_refined = 0;     ///< arcs simplified less to avoid collapse or crossings
    std::size_t arcs_crossing = 0;    ///< arcs still crossing: the input already crossed there
};

/// Every feature of the layer, in topology order; a feature whose polygons were all dropped is
/// an empty MultiPolygon. Rings are open; orientation is that of the input.
struct SimplifiedLayer {
    std::vector<MultiPolygon> features;
    SimplifyStats stats;
};

/// Simplifies every arc once by Douglas-Peucker with fixed end points and rebuilds the polygons.
/// Then refines, in rounds: a ring that would collapse (fewer than 3 distinct points or no
/// area) is protected, not dropped, and arcs that cross are fixed, by re-simplifying the arcs
/// involved more gently (keeping their farthest points, then with a quarter and a sixteenth of
/// the tolerance) and finally keeping them unsimplified. Changing an arc changes it for every
/// ring using it, so borders stay shared.
SimplifiedLayer simplify_layer(const Topology& topology, const SimplifyOptions& options);

/// simplify_layer with only a tolerance: no ring is dropped.
SimplifiedLayer simplify_layer(const Topology& topology, double tolerance);

}  // namespace sna::geo
