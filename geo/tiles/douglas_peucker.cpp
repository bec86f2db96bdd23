#include "geo/tiles/douglas_peucker.hpp"

#include <cstddef>

namespace sna::geo {

namespace {

/// Squared distance from p to the segment a-b (to a itself when a == b).
double squared_segment_distance(const Point& p, const Point& a, const Point& b) {
    const double dx = b.x - a.x;
    const double dy = b.y - a.y;
    double px = a.x;
    double py = a.y;
    const double length2 = dx * dx + dy * dy;
    if (length2 > 0.0) {
        double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2;
        t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
        px += t * dx;
        py += t * dy;
    }
    const double ex = p.x - px;
    const double ey = p.y - py;
    return ex * ex + ey * ey;
}

struct Span {
    std::size_t first;
    std::size_t last;
    unsigned depth;
};

}  // namespace

std::vector<Point> simplify_polyline(const std::vector<Point>& line, double tolerance,
                                     unsigned forced_levels) {
    const std::size_t n = line.size();
    if (n <= 2) return line;
    const double tolerance2 = tolerance * tolerance;
    std::vector<bool> keep(n, false);
    keep.front() = true;
    keep.back() = true;
    // An explicit stack: rings of tens of thousands of points would recurse too deep.
    std::vector<Span> stack{{0, n - 1, 0}};
    while (!stack.empty()) {
        const Span span = stack.back();
        stack.pop_back();
        double farthest2 = -1.0;
        std::size_t farthest = span.first;
        for (std::size_t i = span.first + 1; i < span.last; ++i) {
            const double d2 = squared_segment_distance(line[i], line[span.first], line[span.last]);
            if (d2 > farthest2) {
                farthest2 = d2;
                farthest = i;
            }
        }
        if (farthest == span.first) continue;
        if (farthest2 <= tolerance2 && span.depth >= forced_levels) continue;
        keep[farthest] = true;
        stack.push_back({span.first, farthest, span.depth + 1});
        stack.push_back({farthest, span.last, span.depth + 1});
    }
    std::vector<Point> out;
    for (std::size_t i = 0; i < n; ++i) {
        if (keep[i]) out.push_back(line[i]);
    }
    return out;
}

}  // namespace sna::geo
