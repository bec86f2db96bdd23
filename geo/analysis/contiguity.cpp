#include "geo/analysis/contiguity.hpp"

#include "geo/core/packed_rtree.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <unordered_map>

namespace sna::geo {

namespace {

struct Vertex {
    Point p;
    std::uint32_t area = 0;
};

struct Segment {
    Point a;
    Point b;
};

/// What the vertex pass has learnt about one candidate pair (i < j).
struct PairState {
    std::vector<Point>
        shared;  ///< vertices of i within tolerance of j, all within tolerance of each other
    bool adjacent = false;
};

std::uint64_t pair_key(std::uint32_t i, std::uint32_t j) {
    return (static_cast<std::uint64_t>(i) << 32) | j;
}

BBox grown(BBox box, double by) {
    box.min_x -= by;
    box.min_y -= by;
    box.max_x += by;
    box.max_y += by;
    return box;
}

double distance2(const Point& a, const Point& b) {
    const double dx = a.x - b.x;
    const double dy = a.y - b.y;
    return dx * dx + dy * dy;
}

/// Every vertex of every area, exact duplicates within an area removed (closing points, rings
/// that touch), so one corner never counts twice.
std::vector<Vertex> collect_vertices(const std::vector<MultiPolygon>& areas) {
    std::vector<Vertex> vertices;
    for (std::size_t i = 0; i < areas.size(); ++i) {
        const std::size_t start = vertices.size();
        for (const auto& polygon : areas[i].polygons) {
            for (const auto& ring : polygon.rings) {
                for (const auto& p : ring) vertices.push_back({p, static_cast<std::uint32_t>(i)});
            }
        }
        const auto begin = vertices.begin() + static_cast<std::ptrdiff_t>(start);
        std::sort(begin, vertices.end(), [](const Vertex& a, const Vertex& b) {
            return a.p.x < b.p.x || (a.p.x == b.p.x && a.p.y < b.p.y);
        });
        vertices.erase(std::unique(begin, vertices.end(),
                                   [](const Vertex& a, const Vertex& b) { return a.p == b.p; }),
                       vertices.end());
    }
    return vertices;
}

/// A uniform grid over the vertices: entries sorted by cell hash, and a hash map from each cell
/// hash to its run of entries. Hash collisions only add candidates, which the caller's distance
/// test rejects.
class VertexGrid {
public:
    VertexGrid(const std::vector<Vertex>& vertices, double cell) : m_cell(cell) {
        m_entries.reserve(vertices.size());
        for (std::size_t v = 0; v < vertices.size(); ++v) {
            m_entries.push_back(
                {key(cell_of(vertices[v].p.x), cell_of(vertices[v].p.y)), vertices[v]});
        }
        std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) {
            return a.key < b.key || (a.key == b.key && a.vertex.area < b.vertex.area);
        });
        m_runs.reserve(m_entries.size());
        for (std::size_t k = 0; k < m_entries.size();) {
            std::size_t end = k + 1;
            while (end < m_entries.size() && m_entries[end].key == m_entries[k].key) ++end;
            m_runs.emplace(m_entries[k].key,
                           Run{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(end)});
            k = end;
        }
    }

    /// Calls visit(vertex) for every vertex in the cells that the square p ± reach touches
    /// (usually just p's own cell, since the cell is at least as large as the reach).
    template <class Visit>
    void near(const Point& p, double reach, Visit&& visit) const {
        const std::int64_t x0 = cell_of(p.x - reach);
        const std::int64_t x1 = cell_of(p.x + reach);
        const std::int64_t y0 = cell_of(p.y - reach);
        const std::int64_t y1 = cell_of(p.y + reach);
        for (std::int64_t cx = x0; cx <= x1; ++cx) {
            for (std::int64_t cy = y0; cy <= y1; ++cy) {
                const auto run = m_runs.find(key(cx, cy));
                if (run == m_runs.end()) continue;
                for (std::uint32_t k = run->second.begin; k < run->second.end; ++k)
                    visit(m_entries[k].vertex);
            }
        }
    }

private:
    struct Entry {
        std::uint64_t key;
        Vertex vertex;  // a copy, so a lookup reads one contiguous run
    };
    struct Run {
        std::uint32_t begin;
        std::uint32_t end;
    };

    std::int64_t cell_of(double coordinate) const {
        return static_cast<std::int64_t>(std::floor(coordinate / m_cell));
    }
    static std::uint64_t key(std::int64_t cx, std::int64_t cy) {
        const auto ux = static_cast<std::uint64_t>(cx);
        const auto uy = static_cast<std::uint64_t>(cy);
        return ux * 0x9E3779B97F4A7C15ULL ^ (uy + 0x632BE59BD9B4E019ULL + (ux << 6) + (ux >> 2));
    }

    double m_cell;
    std::vector<Entry> m_entries;
    std::unordered_map<std::uint64_t, Run> m_runs;
};

/// Cell size: at least the tolerance, and large enough that the grid has about one cell per
/// vertex over the data's extent, so exact matching (tolerance 0) does not make cells of size 0.
double grid_cell(const std::vector<Vertex>& vertices, double tolerance) {
    BBox extent;
    for (const auto& v : vertices) extent.expand(v.p);
    const double span = std::max(extent.max_x - extent.min_x, extent.max_y - extent.min_y);
    const double spacing =
        span / std::sqrt(static_cast<double>(std::max<std::size_t>(vertices.size(), 1)));
    const double cell = std::max(tolerance, spacing);
    return cell > 0 ? cell : 1.0;
}

/// Does segment s lie along segment along (both ends within tolerance of its line) with an
/// overlap longer than tolerance? A little floating-point slack (1e-9 of the length) is allowed
/// so exactly collinear input still passes when tolerance is 0.
bool lies_along(const Segment& along, const Segment& s, double tolerance) {
    const double dx = along.b.x - along.a.x;
    const double dy = along.b.y - along.a.y;
    const double length = std::sqrt(dx * dx + dy * dy);
    if (!(length > tolerance) || length == 0) return false;
    const double ux = dx / length;
    const double uy = dy / length;
    const double slack = std::max(tolerance, 1e-9 * length);
    const auto offset = [&](const Point& p) {
        return std::abs(ux * (p.y - along.a.y) - uy * (p.x - along.a.x));
    };
    if (offset(s.a) > slack || offset(s.b) > slack) return false;
    const double ta = ux * (s.a.x - along.a.x) + uy * (s.a.y - along.a.y);
    const double tb = ux * (s.b.x - along.a.x) + uy * (s.b.y - along.a.y);
    const double overlap = std::min(length, std::max(ta, tb)) - std::max(0.0, std::min(ta, tb));
    return overlap > tolerance;
}

/// Edges of an area whose boxes meet `window`.
std::vector<Segment> edges_within(const MultiPolygon& area, const BBox& window) {
    std::vector<Segment> edges;
    for (const auto& polygon : area.polygons) {
        for (const auto& ring : polygon.rings) {
            const std::size_t n = ring.size();
            for (std::size_t k = 0; k < n; ++k) {
                const Segment s{ring[k], ring[(k + 1) % n]};
                if (s.a == s.b) continue;
                BBox box;
                box.expand(s.a);
                box.expand(s.b);
                if (box.intersects(window)) edges.push_back(s);
            }
        }
    }
    return edges;
}

/// Test (b): some edge of a lies along some edge of b, or the other way round.
bool share_collinear_edge(const MultiPolygon& a, const BBox& box_a, const MultiPolygon& b,
                          const BBox& box_b, double tolerance) {
    const auto edges_a = edges_within(a, grown(box_b, tolerance));
    if (edges_a.empty()) return false;
    const auto edges_b = edges_within(b, grown(box_a, tolerance));
    if (edges_b.empty()) return false;
    std::vector<BBox> boxes;
    boxes.reserve(edges_b.size());
    for (const auto& s : edges_b) {
        BBox box;
        box.expand(s.a);
        box.expand(s.b);
        boxes.push_back(grown(box, tolerance));
    }
    const PackedRTree index(boxes);
    std::vector<std::uint32_t> hits;
    for (const auto& ea : edges_a) {
        BBox box;
        box.expand(ea.a);
        box.expand(ea.b);
        hits.clear();
        index.search(box, hits);
        for (const auto h : hits) {
            if (lies_along(ea, edges_b[h], tolerance) || lies_along(edges_b[h], ea, tolerance))
                return true;
        }
    }
    return false;
}

}  // namespace

Neighbours rook_contiguity(const std::vector<MultiPolygon>& areas,
                           const ContiguityOptions& options) {
    assert(options.tolerance >= 0);
    const double tolerance = options.tolerance;
    const double tolerance2 = tolerance * tolerance;

    // Candidate pairs: bounding boxes (grown by the tolerance) that meet.
    std::vector<BBox> boxes;
    boxes.reserve(areas.size());
    for (const auto& area : areas) boxes.push_back(bbox_of(area));
    std::vector<BBox> grown_boxes;
    grown_boxes.reserve(areas.size());
    for (const auto& box : boxes) grown_boxes.push_back(grown(box, tolerance));
    const PackedRTree index(grown_boxes);
    std::unordered_map<std::uint64_t, PairState> pairs;
    std::vector<std::uint32_t> hits;
    for (std::uint32_t i = 0; i < areas.size(); ++i) {
        if (boxes[i].is_empty()) continue;
        hits.clear();
        index.search(grown_boxes[i], hits);
        for (const auto j : hits) {
            if (j > i) pairs.emplace(pair_key(i, j), PairState{});
        }
    }

    // Test (a): shared vertices, seen from the lower-numbered area of each pair.
    const auto vertices = collect_vertices(areas);
    const VertexGrid grid(vertices, grid_cell(vertices, tolerance));
    for (const auto& v : vertices) {
        grid.near(v.p, tolerance, [&](const Vertex& other) {
            if (other.area <= v.area || distance2(v.p, other.p) > tolerance2) return;
            auto found = pairs.find(pair_key(v.area, other.area));
            if (found == pairs.end()) return;
            auto& state = found->second;
            if (state.adjacent) return;
            // Adjacent once two shared vertices are more than the tolerance apart; until then
            // every shared vertex sits in one small cluster, so this list stays short.
            for (const auto& earlier : state.shared) {
                if (distance2(earlier, v.p) > tolerance2) {
                    state.adjacent = true;
                    state.shared.clear();
                    return;
                }
            }
            if (std::find(state.shared.begin(), state.shared.end(), v.p) == state.shared.end()) {
                state.shared.push_back(v.p);
            }
        });
    }

    // Test (b) for the pairs still open, then assemble symmetric, sorted lists.
    Neighbours neighbours(areas.size());
    for (auto& [key, state] : pairs) {
        const auto i = static_cast<std::uint32_t>(key >> 32);
        const auto j = static_cast<std::uint32_t>(key & 0xFFFFFFFFu);
        if (!state.adjacent) {
            state.adjacent =
                share_collinear_edge(areas[i], boxes[i], areas[j], boxes[j], tolerance);
        }
        if (state.adjacent) {
            neighbours[i].push_back(j);
            neighbours[j].push_back(i);
        }
    }
    for (auto& list : neighbours) std::sort(list.begin(), list.end());
    return neighbours;
}

std::vector<std::uint32_t> islands(const Neighbours& neighbours) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < neighbours.size(); ++i) {
        if (neighbours[i].empty()) out.push_back(static_cast<std::uint32_t>(i));
    }
    return out;
}

}  // namespace sna::geo
