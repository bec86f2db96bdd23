#include "geo/tiles/topology.hpp"

#include "geo/core/errors.hpp"
#include "geo/tiles/ring_cleanup.hpp"
#include "geo/tiles/vertex_snapper.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <unordered_map>

namespace sna::geo {

namespace {

constexpr std::uint64_t no_pair = std::numeric_limits<std::uint64_t>::max();

std::uint64_t pack(std::uint32_t a, std::uint32_t b) {
    return (std::uint64_t{a} << 32U) | std::uint64_t{b};
}

bool is_less(const Point& a, const Point& b) {
    return a.x < b.x || (a.x == b.x && a.y < b.y);
}

/// Where a kept input ring goes in the output structure.
struct RingSlot {
    std::size_t feature;
    std::size_t polygon;
    std::size_t ring;
};

/// Builds a Topology in passes over flat arrays of every vertex occurrence.
class TopologyBuilder {
public:
    TopologyBuilder(const std::vector<MultiPolygon>& features, const TopologyOptions& options);
    Topology build();

private:
    void collect_rings(const std::vector<MultiPolygon>& features);
    Ring prepare_ring(const Ring& input, std::size_t feature);
    void assign_vertex_ids();
    void find_nodes();
    void anchor_ring_without_nodes(std::size_t ring);
    void cut_ring(std::size_t ring);
    ArcRef find_or_add_arc(const std::vector<std::uint32_t>& ids);

    std::optional<VertexSnapper> m_snapper;
    Topology m_topology;
    std::vector<RingSlot> m_slots;
    std::vector<std::size_t> m_offsets{0};  // ring r occupies [m_offsets[r], m_offsets[r + 1])
    std::vector<Point> m_points;            // every vertex occurrence, ring after ring
    std::vector<std::uint32_t> m_ids;       // vertex id of each occurrence
    std::vector<Point> m_vertices;          // coordinates by vertex id (lexicographic order)
    std::vector<bool> m_is_node;            // by vertex id
    std::unordered_map<std::uint64_t, std::uint32_t> m_arc_by_key;
};

TopologyBuilder::TopologyBuilder(const std::vector<MultiPolygon>& features,
                                 const TopologyOptions& options) {
    if (options.snap_distance > 0) {
        std::size_t points = 0;
        for (const auto& multi : features) {
            for (const auto& polygon : multi.polygons) {
                for (const auto& ring : polygon.rings) points += ring.size();
            }
        }
        m_snapper.emplace(options.snap_distance);
        m_snapper->reserve(points);
    }
    collect_rings(features);
}

/// Checks, snaps and removes repeated points (snapping can create some).
Ring TopologyBuilder::prepare_ring(const Ring& input, std::size_t feature) {
    Ring ring;
    ring.reserve(input.size());
    for (const auto& p : input) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
            throw DataError({"", "feature " + std::to_string(feature), ""},
                            "non-finite coordinate in polygon ring");
        }
        ring.push_back(m_snapper ? m_snapper->snap(p) : p);
    }
    return remove_repeated_points(ring);
}

void TopologyBuilder::collect_rings(const std::vector<MultiPolygon>& features) {
    m_topology.features.resize(features.size());
    for (std::size_t f = 0; f < features.size(); ++f) {
        for (const auto& polygon : features[f].polygons) {
            TopoPolygon topo_polygon;
            for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
                const Ring ring = prepare_ring(polygon.rings[r], f);
                if (is_degenerate_ring(ring)) {
                    // Without its exterior the polygon's holes mean nothing.
                    const std::size_t lost = (r == 0) ? polygon.rings.size() : 1;
                    m_topology.degenerate_rings += lost;
                    if (r == 0) break;
                    continue;
                }
                topo_polygon.rings.push_back(TopoRing{{}, std::abs(signed_area(ring))});
                m_slots.push_back(
                    {f, m_topology.features[f].polygons.size(), topo_polygon.rings.size() - 1});
                m_points.insert(m_points.end(), ring.begin(), ring.end());
                m_offsets.push_back(m_points.size());
            }
            if (!topo_polygon.rings.empty()) {
                m_topology.features[f].polygons.push_back(std::move(topo_polygon));
            }
        }
    }
}

void TopologyBuilder::assign_vertex_ids() {
    if (m_points.size() >= std::numeric_limits<std::uint32_t>::max()) {
        throw Error("topology: too many vertices in one layer (" + std::to_string(m_points.size()) +
                    ")");
    }
    std::vector<std::uint32_t> order(m_points.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
        return is_less(m_points[a], m_points[b]);
    });
    m_ids.resize(m_points.size());
    for (const std::uint32_t occurrence : order) {
        if (m_vertices.empty() || m_vertices.back() != m_points[occurrence]) {
            m_vertices.push_back(m_points[occurrence]);
        }
        m_ids[occurrence] = static_cast<std::uint32_t>(m_vertices.size() - 1);
    }
}

/// A vertex is a node unless every occurrence has the same two neighbours: then every ring
/// through it uses the same edges on both sides, so the set of rings per edge does not change.
void TopologyBuilder::find_nodes() {
    std::vector<std::uint64_t> first_pair(m_vertices.size(), no_pair);
    m_is_node.assign(m_vertices.size(), false);
    for (std::size_t r = 0; r + 1 < m_offsets.size(); ++r) {
        const std::size_t begin = m_offsets[r];
        const std::size_t n = m_offsets[r + 1] - begin;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t vertex = m_ids[begin + i];
            const std::uint32_t previous = m_ids[begin + (i + n - 1) % n];
            const std::uint32_t next = m_ids[begin + (i + 1) % n];
            const std::uint64_t pair = pack(std::min(previous, next), std::max(previous, next));
            if (first_pair[vertex] == no_pair) {
                first_pair[vertex] = pair;
            } else if (first_pair[vertex] != pair) {
                m_is_node[vertex] = true;
            }
        }
    }
}

/// Marks two anchors on a ring without nodes, chosen from its vertex set only, so its twin
/// (a ring with the same vertices, such as the hole an enclave fills) gets the same anchors.
void TopologyBuilder::anchor_ring_without_nodes(std::size_t ring) {
    const auto begin = m_ids.begin() + static_cast<std::ptrdiff_t>(m_offsets[ring]);
    const auto end = m_ids.begin() + static_cast<std::ptrdiff_t>(m_offsets[ring + 1]);
    if (std::any_of(begin, end, [this](std::uint32_t v) { return m_is_node[v]; })) return;
    const std::uint32_t first = *std::min_element(begin, end);
    std::uint32_t second = first;
    double farthest2 = -1.0;
    for (auto it = begin; it != end; ++it) {
        const double dx = m_vertices[*it].x - m_vertices[first].x;
        const double dy = m_vertices[*it].y - m_vertices[first].y;
        const double d2 = dx * dx + dy * dy;
        if (d2 > farthest2 || (d2 == farthest2 && *it < second)) {
            farthest2 = d2;
            second = *it;
        }
    }
    m_is_node[first] = true;
    m_is_node[second] = true;
}

/// Arcs are stored in a canonical direction: the one whose first directed edge has the smaller
/// (from, to) id pair. An arc's first directed edge belongs to no other arc, so it is the key.
ArcRef TopologyBuilder::find_or_add_arc(const std::vector<std::uint32_t>& ids) {
    const std::size_t last = ids.size() - 1;
    const std::uint64_t forward = pack(ids[0], ids[1]);
    const std::uint64_t backward = pack(ids[last], ids[last - 1]);
    const bool reversed = backward < forward;
    const std::uint64_t key = reversed ? backward : forward;
    const auto [it, inserted] =
        m_arc_by_key.try_emplace(key, static_cast<std::uint32_t>(m_topology.arcs.size()));
    if (inserted) {
        Arc arc;
        arc.reserve(ids.size());
        for (const std::uint32_t id : ids) arc.push_back(m_vertices[id]);
        if (reversed) std::reverse(arc.begin(), arc.end());
        m_topology.arcs.push_back(std::move(arc));
    }
    return ArcRef{it->second, reversed};
}

void TopologyBuilder::cut_ring(std::size_t ring) {
    const std::size_t begin = m_offsets[ring];
    const std::size_t n = m_offsets[ring + 1] - begin;
    std::size_t start = 0;
    while (!m_is_node[m_ids[begin + start]]) ++start;  // anchoring guarantees a node
    const RingSlot& slot = m_slots[ring];
    TopoRing& out = m_topology.features[slot.feature].polygons[slot.polygon].rings[slot.ring];
    std::vector<std::uint32_t> arc_ids{m_ids[begin + start]};
    for (std::size_t step = 1; step <= n; ++step) {
        const std::uint32_t vertex = m_ids[begin + (start + step) % n];
        arc_ids.push_back(vertex);
        if (m_is_node[vertex]) {
            out.arcs.push_back(find_or_add_arc(arc_ids));
            arc_ids.assign(1, vertex);
        }
    }
}

Topology TopologyBuilder::build() {
    assign_vertex_ids();
    find_nodes();
    const std::size_t ring_count = m_offsets.size() - 1;
    for (std::size_t r = 0; r < ring_count; ++r) anchor_ring_without_nodes(r);
    for (std::size_t r = 0; r < ring_count; ++r) cut_ring(r);
    return std::move(m_topology);
}

}  // namespace

Topology build_topology(const std::vector<MultiPolygon>& features, const TopologyOptions& options) {
    return TopologyBuilder(features, options).build();
}

Ring assemble_ring(const std::vector<Arc>& arcs, const TopoRing& ring) {
    Ring out;
    for (const ArcRef& ref : ring.arcs) {
        const Arc& arc = arcs[ref.arc];
        // Each arc starts where the previous one ended: skip its last point to avoid a repeat.
        if (ref.reversed) {
            out.insert(out.end(), arc.rbegin(), arc.rend() - 1);
        } else {
            out.insert(out.end(), arc.begin(), arc.end() - 1);
        }
    }
    return out;
}

}  // namespace sna::geo
