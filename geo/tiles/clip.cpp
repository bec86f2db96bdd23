#include "geo/tiles/clip.hpp"

#include "geo/tiles/ring_cleanup.hpp"

namespace sna::geo {

namespace {

enum class Side { left, right, bottom, top };

bool is_inside(const Point& p, Side side, const BBox& box) {
    switch (side) {
        case Side::left:
            return p.x >= box.min_x;
        case Side::right:
            return p.x <= box.max_x;
        case Side::bottom:
            return p.y >= box.min_y;
        case Side::top:
            return p.y <= box.max_y;
    }
    return false;
}

/// Where segment a-b crosses the box side's line. @pre a and b lie on opposite sides.
Point intersection(const Point& a, const Point& b, Side side, const BBox& box) {
    const bool vertical = side == Side::left || side == Side::right;
    if (vertical) {
        const double x = side == Side::left ? box.min_x : box.max_x;
        const double t = (x - a.x) / (b.x - a.x);
        return Point{x, a.y + t * (b.y - a.y)};
    }
    const double y = side == Side::bottom ? box.min_y : box.max_y;
    const double t = (y - a.y) / (b.y - a.y);
    return Point{a.x + t * (b.x - a.x), y};
}

/// One Sutherland-Hodgman pass against a single side of the box, into `out`.
void clip_against(const Ring& ring, Side side, const BBox& box, Ring& out) {
    out.clear();
    if (ring.empty()) return;
    out.reserve(ring.size() + 4);
    Point previous = ring.back();
    bool previous_inside = is_inside(previous, side, box);
    for (const Point& current : ring) {
        const bool current_inside = is_inside(current, side, box);
        if (current_inside != previous_inside) {
            out.push_back(intersection(previous, current, side, box));
        }
        if (current_inside) out.push_back(current);
        previous = current;
        previous_inside = current_inside;
    }
}

bool contains(const BBox& outer, const BBox& inner) {
    return inner.min_x >= outer.min_x && inner.max_x <= outer.max_x && inner.min_y >= outer.min_y &&
           inner.max_y <= outer.max_y;
}

}  // namespace

Ring clip_ring(const Ring& ring, const BBox& box) {
    Ring out;
    Ring scratch;
    clip_ring(ring, box, out, scratch);
    return out;
}

void clip_ring(const Ring& ring, const BBox& box, Ring& out, Ring& scratch) {
    remove_repeated_points(ring, out);
    const BBox ring_box = bbox_of(out);
    if (out.empty() || !ring_box.intersects(box)) {
        out.clear();
        return;
    }
    if (contains(box, ring_box)) return;
    // One pass per side the ring crosses (a pass against a side with every point inside copies
    // the ring unchanged), alternating between the two buffers.
    const bool crosses[] = {ring_box.min_x<box.min_x, ring_box.max_x> box.max_x,
                            ring_box.min_y<box.min_y, ring_box.max_y> box.max_y};
    const Side sides[] = {Side::left, Side::right, Side::bottom, Side::top};
    for (std::size_t i = 0; i < 4; ++i) {
        if (!crosses[i]) continue;
        clip_against(out, sides[i], box, scratch);
        scratch.swap(out);
    }
    scratch.swap(out);
    remove_repeated_points(scratch, out);
}

std::optional<Polygon> clip_polygon(const Polygon& polygon, const BBox& box) {
    if (polygon.rings.empty()) return std::nullopt;
    Polygon out;
    for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
        Ring clipped = clip_ring(polygon.rings[i], box);
        if (is_degenerate_ring(clipped)) {
            if (i == 0) return std::nullopt;
            continue;
        }
        out.rings.push_back(std::move(clipped));
    }
    return out;
}

MultiPolygon clip_multipolygon(const MultiPolygon& multi, const BBox& box) {
    MultiPolygon out;
    for (const auto& polygon : multi.polygons) {
        if (auto clipped = clip_polygon(polygon, box)) out.polygons.push_back(std::move(*clipped));
    }
    return out;
}

std::vector<Point> clip_points(const std::vector<Point>& points, const BBox& box) {
    std::vector<Point> out;
    for (const auto& p : points) {
        if (box.contains(p)) out.push_back(p);
    }
    return out;
}

}  // namespace sna::geo
