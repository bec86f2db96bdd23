#include "geo/tiles/arc_simplifier.hpp"

#include "geo/tiles/arc_crossings.hpp"
#include "geo/tiles/douglas_peucker.hpp"
#include "geo/tiles/ring_cleanup.hpp"

#include <cstdint>

namespace sna::geo {

namespace {

/// How hard an arc resists simplification. Each level keeps more: 1 forces the farthest
/// points (see simplify_polyline), 2 and 3 also divide the tolerance by 4 and 16, and the last
/// level keeps the arc as it is. Levels only rise, which is what makes the refinement loop end.
constexpr std::uint8_t original_level = 4;

Arc simplify_arc(const Arc& arc, double tolerance, std::uint8_t level) {
    if (level == 0) return simplify_polyline(arc, tolerance);
    if (level >= original_level) return arc;
    // A closed arc needs two forced levels to keep a triangle plus its node.
    const unsigned forced = arc.front() == arc.back() ? 2U : 1U;
    const double scale = level == 1 ? 1.0 : (level == 2 ? 0.25 : 0.0625);
    return simplify_polyline(arc, tolerance * scale, forced);
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

const TopoRing& ring_at(const Topology& topology, const KeptRing& at) {
    return topology.features[at.feature].polygons[at.polygon].rings[at.ring];
}

/// Simplifies arcs once, then refines the arcs of rings that collapsed and, if asked, of arcs
/// that now cross, until nothing changes. Terminates: levels only rise, and unsimplified arcs
/// form the valid input rings.
class ArcRefiner {
public:
    ArcRefiner(const Topology& topology, const std::vector<KeptRing>& kept,
               const SimplifyOptions& options)
        : m_topology(topology),
          m_kept(kept),
          m_options(options),
          m_levels(topology.arcs.size(), 0),
          m_is_active(topology.arcs.size(), false),
          m_was_protected(kept.size(), false) {
        m_arcs.reserve(topology.arcs.size());
        for (const Arc& arc : topology.arcs) {
            m_arcs.push_back(simplify_arc(arc, options.tolerance, 0));
        }
        for (const KeptRing& at : kept) {
            for (const ArcRef& ref : ring_at(topology, at).arcs) m_is_active[ref.arc] = true;
        }
    }

    std::vector<Arc> refine(SimplifyStats& stats) {
        bool changed = true;
        while (changed) changed = raise_levels(find_arcs_to_refine());
        for (const bool p : m_was_protected) stats.rings_protected += p ? 1 : 0;
        for (const std::uint8_t level : m_levels) stats.arcs_refined += level > 0 ? 1 : 0;
        if (m_options.prevent_crossings) {
            for (const bool c : find_crossing_arcs(m_arcs, m_is_active)) {
                stats.arcs_crossing += c ? 1 : 0;
            }
        }
        return std::move(m_arcs);
    }

private:
    std::vector<bool> find_arcs_to_refine() {
        std::vector<bool> refine = m_options.prevent_crossings
                                       ? find_crossing_arcs(m_arcs, m_is_active)
                                       : std::vector<bool>(m_arcs.size(), false);
        for (std::size_t k = 0; k < m_kept.size(); ++k) {
            const TopoRing& ring = ring_at(m_topology, m_kept[k]);
            if (!is_degenerate_ring(assemble_ring(m_arcs, ring))) continue;
            m_was_protected[k] = true;
            for (const ArcRef& ref : ring.arcs) refine[ref.arc] = true;
        }
        return refine;
    }

    bool raise_levels(const std::vector<bool>& refine) {
        bool changed = false;
        for (std::size_t a = 0; a < m_arcs.size(); ++a) {
            if (!refine[a] || m_levels[a] == original_level) continue;
            ++m_levels[a];
            m_arcs[a] = simplify_arc(m_topology.arcs[a], m_options.tolerance, m_levels[a]);
            changed = true;
        }
        return changed;
    }

    const Topology& m_topology;
    const std::vector<KeptRing>& m_kept;
    const SimplifyOptions& m_options;
    std::vector<Arc> m_arcs;
    std::vector<std::uint8_t> m_levels;
    std::vector<bool> m_is_active;
    std::vector<bool> m_was_protected;
};

}  // namespace

SimplifiedLayer simplify_layer(const Topology& topology, const SimplifyOptions& options) {
    SimplifiedLayer out;
    SimplifyStats& stats = out.stats;
    stats.arcs = topology.arcs.size();
    for (const Arc& arc : topology.arcs) stats.points_in += arc.size();
    const std::vector<KeptRing> kept = select_rings(topology, options.drop_below_area, stats);
    const std::vector<Arc> arcs = ArcRefiner(topology, kept, options).refine(stats);
    for (const Arc& arc : arcs) stats.points_out += arc.size();

    out.features.resize(topology.features.size());
    // Kept rings come in topology order, so a polygon's rings are contiguous, exterior first.
    for (std::size_t k = 0; k < kept.size(); ++k) {
        const KeptRing& at = kept[k];
        const TopoRing& ring = ring_at(topology, at);
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
