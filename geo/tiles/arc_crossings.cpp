#include "geo/tiles/arc_crossings.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace sna::geo {

namespace {

struct Segment {
    Point a;
    Point b;
    double min_x;
    double max_x;
    std::uint32_t arc;
};

/// Twice the signed area of triangle a-b-c: which side of a-b the point c lies on.
double orient(const Point& a, const Point& b, const Point& c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

/// True if p lies on segment s other than at its end points.
bool touches_inside(const Point& p, const Segment& s) {
    if (p == s.a || p == s.b || orient(s.a, s.b, p) != 0.0) return false;
    return p.x >= s.min_x && p.x <= s.max_x && p.y >= std::min(s.a.y, s.b.y) &&
           p.y <= std::max(s.a.y, s.b.y);
}

bool have_opposite_signs(double u, double v) {
    return (u > 0 && v < 0) || (u < 0 && v > 0);
}

/// True if two segments meet anywhere but at shared end points, or coincide.
bool is_conflict(const Segment& s, const Segment& t) {
    if ((s.a == t.a && s.b == t.b) || (s.a == t.b && s.b == t.a)) return true;
    const bool crosses = have_opposite_signs(orient(s.a, s.b, t.a), orient(s.a, s.b, t.b)) &&
                         have_opposite_signs(orient(t.a, t.b, s.a), orient(t.a, t.b, s.b));
    return crosses || touches_inside(t.a, s) || touches_inside(t.b, s) || touches_inside(s.a, t) ||
           touches_inside(s.b, t);
}

std::vector<Segment> collect_segments(const std::vector<Arc>& arcs,
                                      const std::vector<bool>& is_active) {
    std::vector<Segment> segments;
    for (std::size_t arc = 0; arc < arcs.size(); ++arc) {
        if (!is_active[arc]) continue;
        for (std::size_t i = 0; i + 1 < arcs[arc].size(); ++i) {
            const Point& a = arcs[arc][i];
            const Point& b = arcs[arc][i + 1];
            segments.push_back(Segment{a, b, std::min(a.x, b.x), std::max(a.x, b.x),
                                       static_cast<std::uint32_t>(arc)});
        }
    }
    std::sort(segments.begin(), segments.end(),
              [](const Segment& s, const Segment& t) { return s.min_x < t.min_x; });
    return segments;
}

}  // namespace

std::vector<bool> find_crossing_arcs(const std::vector<Arc>& arcs,
                                     const std::vector<bool>& is_active) {
    assert(is_active.size() == arcs.size());
    const std::vector<Segment> segments = collect_segments(arcs, is_active);
    std::vector<bool> is_crossing(arcs.size(), false);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = segments[i];
        const double s_min_y = std::min(s.a.y, s.b.y);
        const double s_max_y = std::max(s.a.y, s.b.y);
        for (std::size_t j = i + 1; j < segments.size() && segments[j].min_x <= s.max_x; ++j) {
            const Segment& t = segments[j];
            if (std::max(t.a.y, t.b.y) < s_min_y || std::min(t.a.y, t.b.y) > s_max_y) continue;
            if (is_conflict(s, t)) {
                is_crossing[s.arc] = true;
                is_crossing[t.arc] = true;
            }
        }
    }
    return is_crossing;
}

}  // namespace sna::geo
