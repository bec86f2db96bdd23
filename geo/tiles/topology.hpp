#pragma once
/// Shared-boundary topology of a layer of polygons: rings as cycles of arcs.
///
/// Adjacent areas from one boundary file repeat the same vertices along their common border.
/// Splitting every ring at its nodes — the vertices where the set of rings using an edge changes
/// (where three or more areas meet, or where a shared border begins or ends) — turns each
/// border into one arc that both neighbours reference. Simplifying an arc once then changes both
/// neighbours identically (see arc_simplifier.hpp), as TopoJSON and mapshaper do.

#include "geo/core/geometry.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sna::geo {

/// A polyline from one node to another (or back to the same node); both ends are kept fixed by
/// simplification so arcs still join up.
using Arc = std::vector<Point>;

/// A ring's use of an arc, walked from its last point to its first when `reversed`.
struct ArcRef {
    std::uint32_t arc = 0;
    bool reversed = false;
};

/// A ring as a cycle of arcs. `area` is the absolute area of the input ring.
struct TopoRing {
    std::vector<ArcRef> arcs;
    double area = 0.0;
};

/// Exterior ring first, then holes, as in Polygon.
struct TopoPolygon {
    std::vector<TopoRing> rings;
};

/// One input feature; polygons with a degenerate exterior are left out.
struct TopoFeature {
    std::vector<TopoPolygon> polygons;
};

/// The arcs of a layer and every feature expressed in them, in input order.
struct Topology {
    std::vector<Arc> arcs;
    std::vector<TopoFeature> features;
    std::size_t degenerate_rings = 0;  ///< input rings dropped: < 3 distinct points or no area
};

/// How vertices are matched between rings.
struct TopologyOptions {
    /// 0: exact coordinate equality, which holds for areas cut from one boundary file. Above 0:
    /// vertices this close (in the layer's units) are merged first, by VertexSnapper, for files
    /// whose neighbours repeat shared vertices with rounding noise. A centimetre is plenty.
    double snap_distance = 0.0;
};

/// Builds the topology of a layer. Vertices are matched as TopologyOptions says; a border vertex
/// present in only one of two neighbours (a T-junction) is not matched, and that stretch of
/// border is simply not shared.
/// A ring with no node (an island, or an enclave filling a hole exactly) is split at two
/// anchors chosen from its vertex set alone (smallest coordinate, then the farthest vertex), so
/// a ring and its twin are split alike.
/// @throws DataError naming the feature index if a coordinate is not finite.
Topology build_topology(const std::vector<MultiPolygon>& features,
                        const TopologyOptions& options = {});

/// Joins a ring's arcs (taken from `arcs`, which may be simplified copies of the topology's
/// arcs) into an open ring.
Ring assemble_ring(const std::vector<Arc>& arcs, const TopoRing& ring);

}  // namespace sna::geo
