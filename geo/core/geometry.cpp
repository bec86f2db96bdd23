#include "geo/core/geometry.hpp"

#include <cmath>

namespace sna::geo {

double signed_area(const Ring& ring) {
    const std::size_t n = ring.size();
    if (n < 3) return 0.0;
    double twice = 0.0;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        twice += (ring[j].x - ring[i].x) * (ring[j].y + ring[i].y);
    }
    return twice / 2.0;
}

double area(const Polygon& polygon) {
    double total = 0.0;
    for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
        const double a = std::abs(signed_area(polygon.rings[i]));
        total += (i == 0) ? a : -a;
    }
    return std::max(total, 0.0);
}

double area(const MultiPolygon& multi) {
    double total = 0.0;
    for (const auto& p : multi.polygons) total += area(p);
    return total;
}

BBox bbox_of(const Ring& ring) {
    BBox box;
    for (const auto& p : ring) box.expand(p);
    return box;
}

BBox bbox_of(const MultiPolygon& multi) {
    BBox box;
    for (const auto& polygon : multi.polygons) {
        if (!polygon.rings.empty()) box.expand(bbox_of(polygon.rings.front()));
    }
    return box;
}

namespace {

bool is_on_segment(const Point& p, const Point& a, const Point& b) {
    const double cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
    const double scale = std::abs(b.x - a.x) + std::abs(b.y - a.y);
    if (std::abs(cross) > 1e-12 * std::max(scale, 1e-300) * std::max(scale, 1.0)) return false;
    return p.x >= std::min(a.x, b.x) && p.x <= std::max(a.x, b.x) && p.y >= std::min(a.y, b.y) &&
           p.y <= std::max(a.y, b.y);
}

}  // namespace

Location locate(const Point& p, const Ring& ring) {
    const std::size_t n = ring.size();
    if (n < 3) return Location::outside;
    bool inside = false;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const Point& a = ring[j];
        const Point& b = ring[i];
        if (is_on_segment(p, a, b)) return Location::boundary;
        // Half-open rule on y so a vertex is counted once.
        if ((b.y > p.y) != (a.y > p.y)) {
            const double x_cross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (p.x < x_cross) inside = !inside;
        }
    }
    return inside ? Location::inside : Location::outside;
}

Location locate(const Point& p, const Polygon& polygon) {
    if (polygon.rings.empty()) return Location::outside;
    const Location outer = locate(p, polygon.rings.front());
    if (outer != Location::inside) return outer;
    for (std::size_t i = 1; i < polygon.rings.size(); ++i) {
        const Location in_hole = locate(p, polygon.rings[i]);
        if (in_hole == Location::inside) return Location::outside;
        if (in_hole == Location::boundary) return Location::boundary;
    }
    return Location::inside;
}

Location locate(const Point& p, const MultiPolygon& multi) {
    Location best = Location::outside;
    for (const auto& polygon : multi.polygons) {
        const Location here = locate(p, polygon);
        if (here == Location::inside) return here;
        if (here == Location::boundary) best = here;
    }
    return best;
}

namespace {

/// Crossings of the horizontal line y with every edge of the polygon, sorted.
std::vector<double> crossings_at(const Polygon& polygon, double y) {
    std::vector<double> xs;
    for (const auto& ring : polygon.rings) {
        const std::size_t n = ring.size();
        for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
            const Point& a = ring[j];
            const Point& b = ring[i];
            if ((b.y > y) != (a.y > y)) xs.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
        }
    }
    std::sort(xs.begin(), xs.end());
    return xs;
}

}  // namespace

Point point_on_surface(const MultiPolygon& multi) {
    const Polygon* largest = nullptr;
    double largest_area = -1;
    for (const auto& polygon : multi.polygons) {
        const double a = area(polygon);
        if (a > largest_area) {
            largest_area = a;
            largest = &polygon;
        }
    }
    if (!largest || largest->rings.empty() || largest->rings.front().empty()) return {};
    const BBox box = bbox_of(largest->rings.front());
    Point best{box.min_x, box.min_y};
    double best_width = -1;
    // Try a few scanlines; keep the midpoint of the widest interior interval.
    for (double fraction : {0.5, 0.37, 0.63, 0.25, 0.75}) {
        const double y = box.min_y + (box.max_y - box.min_y) * fraction;
        const std::vector<double> xs = crossings_at(*largest, y);
        for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
            const double width = xs[i + 1] - xs[i];
            if (width > best_width) {
                best_width = width;
                best = Point{(xs[i] + xs[i + 1]) / 2, y};
            }
        }
        if (best_width > 0) break;
    }
    return best;
}

}  // namespace sna::geo

namespace sna::geo {

namespace {

double segment_distance(const Point& p, const Point& a, const Point& b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double length2 = dx * dx + dy * dy;
    double t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

}  // namespace

double distance_to_boundary(const Point& p, const MultiPolygon& multi) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& polygon : multi.polygons) {
        for (const auto& ring : polygon.rings) {
            for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
                best = std::min(best, segment_distance(p, ring[j], ring[i]));
            }
        }
    }
    return best;
}

double approx_distance_m(const Point& lonlat, const MultiPolygon& lonlat_polygon) {
    constexpr double metres_per_degree = 111'320.0;
    const double kx = metres_per_degree * std::cos(lonlat.y * 3.14159265358979323846 / 180.0);
    MultiPolygon local = lonlat_polygon;
    for (auto& polygon : local.polygons) {
        for (auto& ring : polygon.rings) {
            for (auto& q : ring)
                q = Point{(q.x - lonlat.x) * kx, (q.y - lonlat.y) * metres_per_degree};
        }
    }
    if (locate(Point{0, 0}, local) != Location::outside) return 0;
    return distance_to_boundary(Point{0, 0}, local);
}

}  // namespace sna::geo
