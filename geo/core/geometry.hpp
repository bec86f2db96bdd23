#pragma once
/// Plain geometry value types (lon/lat or projected metres; the type does not care).

#include <algorithm>
#include <limits>
#include <vector>

namespace sna::geo {

struct Point {
    double x = 0;
    double y = 0;
    friend bool operator==(const Point& a, const Point& b) { return a.x == b.x && a.y == b.y; }
    friend bool operator!=(const Point& a, const Point& b) { return !(a == b); }
};

/// Axis-aligned box; default-constructed is empty (min > max).
struct BBox {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = std::numeric_limits<double>::infinity();
    double max_x = -std::numeric_limits<double>::infinity();
    double max_y = -std::numeric_limits<double>::infinity();

    bool is_empty() const { return min_x > max_x || min_y > max_y; }
    void expand(const Point& p) {
        min_x = std::min(min_x, p.x);
        min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    void expand(const BBox& b) {
        if (b.is_empty()) return;
        expand(Point{b.min_x, b.min_y});
        expand(Point{b.max_x, b.max_y});
    }
    bool contains(const Point& p) const {
        return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
    }
    bool intersects(const BBox& b) const {
        return !(b.min_x > max_x || b.max_x < min_x || b.min_y > max_y || b.max_y < min_y);
    }
};

/// A closed ring: first point == last point is not required; algorithms treat it as closed.
using Ring = std::vector<Point>;

/// Outer ring first, then holes.
struct Polygon {
    std::vector<Ring> rings;
};

struct MultiPolygon {
    std::vector<Polygon> polygons;
};

/// Signed shoelace area (positive = counter-clockwise in a y-up system).
double signed_area(const Ring& ring);

/// Area of a polygon (outer minus holes), always >= 0.
double area(const Polygon& polygon);
double area(const MultiPolygon& multi);

BBox bbox_of(const Ring& ring);
BBox bbox_of(const MultiPolygon& multi);

/// Where a point lies relative to an area.
enum class Location { outside, boundary, inside };

/// Point-in-ring by crossing number; points on an edge report `boundary`.
Location locate(const Point& p, const Ring& ring);

/// Point against a polygon with holes: inside the outer ring and not inside any hole.
Location locate(const Point& p, const Polygon& polygon);
Location locate(const Point& p, const MultiPolygon& multi);

/// A point guaranteed inside the polygon (not the centroid, which can fall outside).
Point point_on_surface(const MultiPolygon& multi);

}  // namespace sna::geo

namespace sna::geo {

/// Shortest planar distance from `p` to any ring edge of `multi` (0 when on an edge).
double distance_to_boundary(const Point& p, const MultiPolygon& multi);

/// Approximate ground distance in metres from a lon/lat point to a lon/lat polygon's boundary,
/// using a local equirectangular projection (good to well under 1 % within a few km).
double approx_distance_m(const Point& lonlat, const MultiPolygon& lonlat_polygon);

}  // namespace sna::geo
