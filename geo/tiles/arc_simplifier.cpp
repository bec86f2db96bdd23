#include "geo/tiles/arc_simplifier.hpp"

#include "geo/tiles/douglas_peucker.hpp"
#include "geo/tiles/ring_cleanup.hpp"

#include <cstdint>

namespace sna::geo {

namespace {

/// How hard an arc resists simplification; only ever increases.
enum class Protection : std::uint8_t { none, keep_shape, original };

Arc simplify_arc(const Arc& arc, double tolerance, Protection protection) {
    switch (protection) {
        case Protection::none: return simplify_polyline(arc, tolerance);
        case Protection::keep_shape: {
            // A closed arc needs two forced levels to keep a triangle plus its node.
            const bool is_closed = arc.front() == arc.back();
            return simplify_polyline(arc, tolerance, is_closed ? 2U : 1U);
        }
        case Protection::original: return arc;
    }
    return arc;
}

/// A ring that survives the area rule, by position in the topology.
struct KeptRing {
    std::size_t feature;
    std::size_t polygon;
    std::size_t ring;
};

std::vector<KeptRing> select_rings(const Topology& topology, double drop_below_area,
                                   SimplifyStats& stats) {
    std::vector<KeptRing> kept;
    for (std::size_t f = 0; f < topology.features.size(); ++f) {
        const auto& polygons = topology.features[f].polygons;
        for (std::size_t p = 0; p < polygons.size(); ++p) {
            const auto& rings = polygons[p].rings;
            if (rings.front().area < drop_below_area) {
                stats.rings_dropped += rings.size();
                continue;
            }
            for (std::size_t r = 0; r < rings.size(); ++r) {
                if (r > 0 && rings[r].area < drop_below_area) {
                    ++stats.rings_dropped;
                } else {
                    kept.push_back({f, p, r});
                }
            }
        }
    }
    return kept;
}

/// Simplifies, then raises the protection of arcs in collapsed rings until none collapses.
/// Terminates: protection only rises, and a ring of unsimplified arcs is its valid input ring.
std::vector<Arc> simplify_arcs(const Topology& topology, const std::vector<KeptRing>& kept,
                               double tolerance, SimplifyStats& stats) {
    std::vector<Protection> protection(topology.arcs.size(), Protection::none);
    std::vector<Arc> arcs;
    arcs.reserve(topology.arcs.size());
    for (const Arc& arc : topology.arcs) arcs.push_back(simplify_arc(arc, tolerance, Protection::none));
    std::vector<bool> was_protected(kept.size(), false);
    bool changed = true;
    while (changed) {
        changed = false;
        std::vector<bool> raised(arcs.size(), false);
        for (std::size_t k = 0; k < kept.size(); ++k) {
            const TopoRing& ring =
                topology.features[kept[k].feature].polygons[kept[k].polygon].rings[kept[k].ring];
            if (!is_degenerate_ring(assemble_ring(arcs, ring))) continue;
            was_protected[k] = true;
            for (const ArcRef& ref : ring.arcs) {
                if (raised[ref.arc] || protection[ref.arc] == Protection::original) continue;
                protection[ref.arc] = static_cast<Protection>(static_cast<int>(protection[ref.arc]) + 1);
                raised[ref.arc] = true;
                changed = true;
            }
        }
        for (std::size_t a = 0; a < arcs.size(); ++a) {
            if (raised[a]) arcs[a] = simplify_arc(topology.arcs[a], tolerance, protection[a]);
        }
    }
    for (const bool p : was_protected) stats.rings_protected += p ? 1 : 0;
    return arcs;
}

}  // namespace

SimplifiedLayer simplify_layer(const Topology& topology, const SimplifyOptions& options) {
    SimplifiedLayer out;
    SimplifyStats& stats = out.stats;
    stats.arcs = topology.arcs.size();
    for (const Arc& arc : topology.arcs) stats.points_in += arc.size();
    const std::vector<KeptRing> kept = select_rings(topology, options.drop_below_area, stats);
    const std::vector<Arc> arcs = simplify_arcs(topology, kept, options.tolerance, stats);
    for (const Arc& arc : arcs) stats.points_out += arc.size();

    out.features.resize(topology.features.size());
    // Kept rings come in topology order, so a polygon's rings are contiguous, exterior first.
    for (std::size_t k = 0; k < kept.size(); ++k) {
        const KeptRing& at = kept[k];
        const TopoRing& ring = topology.features[at.feature].polygons[at.polygon].rings[at.ring];
        auto& polygons = out.features[at.feature].polygons;
        if (at.ring == 0) polygons.emplace_back();
        polygons.back().rings.push_back(assemble_ring(arcs, ring));
        ++stats.rings_out;
    }
    return out;
}

SimplifiedLayer simplify_layer(const Topology& topology, double tolerance) {
    SimplifyOptions options;
    options.tolerance = tolerance;
    return simplify_layer(topology, options);
}

}  // namespace sna::geo
