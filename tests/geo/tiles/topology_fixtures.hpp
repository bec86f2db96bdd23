#pragma once
/// Small layers of adjacent polygons for the topology and simplifier tests.

#include "geo/core/geometry.hpp"

#include <cmath>
#include <vector>

namespace sna::geo::test {

/// A wiggly border from (10, y0) to (10, y1) along x = 10, one vertex per unit of y.
inline std::vector<Point> wiggly_vertical(double y0, double y1) {
    std::vector<Point> out;
    for (double y = y0; y <= y1; y += 1.0) {
        const bool is_end = y == y0 || y == y1;
        out.push_back(Point{is_end ? 10.0 : 10.0 + 0.3 * std::sin(y * 2.1), y});
    }
    return out;
}

/// Appends points in order (forward) or backwards.
inline void append(Ring& ring, const std::vector<Point>& points, bool backwards = false) {
    if (backwards) {
        ring.insert(ring.end(), points.rbegin(), points.rend());
    } else {
        ring.insert(ring.end(), points.begin(), points.end());
    }
}

/// Two 10x10 squares side by side sharing a wiggly border on x = 10; both counter-clockwise.
inline std::vector<MultiPolygon> two_squares() {
    const auto border = wiggly_vertical(0, 10);
    Ring left{{0, 0}};
    append(left, border);
    left.push_back({0, 10});
    Ring right{{20, 0}, {20, 10}};
    append(right, border, true);
    return {MultiPolygon{{Polygon{{left}}}}, MultiPolygon{{Polygon{{right}}}}};
}

/// A 10x20 area on the left and two 10x10 areas on the right; all three meet at (10, 10).
/// The borders are wiggly so simplification has something to remove.
inline std::vector<MultiPolygon> three_areas() {
    auto west = wiggly_vertical(0, 20);
    west[10].x = 10.0;          // the node where all three meet
    std::vector<Point> middle;  // from (10, 10) to (20, 10), wiggling in y
    for (double x = 10; x <= 20; x += 1.0) {
        const bool is_end = x == 10 || x == 20;
        middle.push_back(Point{x, is_end ? 10.0 : 10.0 + 0.3 * std::cos(x * 1.7)});
    }
    Ring a{{0, 0}};
    append(a, west);
    a.push_back({0, 20});
    Ring b{{20, 0}};
    append(b, middle, true);  // (20, 10) to (10, 10)
    const std::vector<Point> west_low(west.begin(), west.begin() + 11);
    append(b, std::vector<Point>(west_low.rbegin() + 1, west_low.rend()));
    Ring c;
    append(c, middle);
    c.push_back({20, 20});
    const std::vector<Point> west_high(west.begin() + 10, west.end());
    append(c, std::vector<Point>(west_high.rbegin(), west_high.rend() - 1));
    return {MultiPolygon{{Polygon{{a}}}}, MultiPolygon{{Polygon{{b}}}},
            MultiPolygon{{Polygon{{c}}}}};
}

/// A wobbly circle of `n` vertices.
inline Ring circle(Point centre, double radius, int n) {
    Ring out;
    for (int i = 0; i < n; ++i) {
        const double angle = 2 * 3.14159265358979 * i / n;
        const double r = radius * (1.0 + 0.02 * std::sin(5 * angle));
        out.push_back(Point{centre.x + r * std::cos(angle), centre.y + r * std::sin(angle)});
    }
    return out;
}

/// A 20x20 square with a round hole, and a second area filling the hole exactly (an enclave).
inline std::vector<MultiPolygon> square_with_enclave() {
    Ring hole = circle({10, 10}, 4, 40);
    Ring hole_clockwise(hole.rbegin(), hole.rend());
    const Ring outer{{0, 0}, {20, 0}, {20, 20}, {0, 20}};
    return {MultiPolygon{{Polygon{{outer, hole_clockwise}}}}, MultiPolygon{{Polygon{{hole}}}}};
}

/// Counts how many rings use each undirected edge, to check borders are shared.
inline std::vector<std::pair<std::pair<Point, Point>, int>> edge_uses(
    const std::vector<MultiPolygon>& layer) {
    std::vector<std::pair<std::pair<Point, Point>, int>> uses;
    auto less = [](const Point& a, const Point& b) {
        return a.x < b.x || (a.x == b.x && a.y < b.y);
    };
    for (const auto& multi : layer) {
        for (const auto& polygon : multi.polygons) {
            for (const auto& ring : polygon.rings) {
                for (std::size_t i = 0; i < ring.size(); ++i) {
                    Point a = ring[i];
                    Point b = ring[(i + 1) % ring.size()];
                    if (less(b, a)) std::swap(a, b);
                    bool found = false;
                    for (auto& [edge, count] : uses) {
                        if (edge.first == a && edge.second == b) {
                            ++count;
                            found = true;
                        }
                    }
                    if (!found) uses.push_back({{a, b}, 1});
                }
            }
        }
    }
    return uses;
}

}  // namespace sna::geo::test
