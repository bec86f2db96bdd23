#include "geo/analysis/school_surroundings.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sna::geo {

namespace {

constexpr double pi = 3.14159265358979323846;

/// > 0 when p is left of the directed edge a→b (inside, for a counter-clockwise clip ring).
double side(const Point& a, const Point& b, const Point& p) {
    return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
}

Point crossing(const Point& a, const Point& b, const Point& p, const Point& q) {
    // Where segment p→q meets the line through a→b (p and q are on opposite sides).
    const double sp = side(a, b, p);
    const double sq = side(a, b, q);
    const double t = sp / (sp - sq);
    return {p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
}

BBox circle_box(Point centre, double radius) {
    // The polygon's circumradius is a little over r (see circle_polygon); 1 % covers it.
    const double r = radius * 1.01;
    return BBox{centre.x - r, centre.y - r, centre.x + r, centre.y + r};
}

}  // namespace

Ring circle_polygon(Point centre, double radius, int segments) {
    assert(radius > 0 && segments >= 3);
    const double n = segments;
    const double step = 2 * pi / n;
    const double circumradius = radius * std::sqrt(2 * pi / (n * std::sin(step)));
    Ring ring;
    ring.reserve(static_cast<std::size_t>(segments));
    for (int k = 0; k < segments; ++k) {
        const double angle = step * k;
        ring.push_back(
            {centre.x + circumradius * std::cos(angle), centre.y + circumradius * std::sin(angle)});
    }
    return ring;
}

Ring clip_to_convex(const Ring& subject, const Ring& clip) {
    Ring output = subject;
    const std::size_t m = clip.size();
    for (std::size_t e = 0; e < m && !output.empty(); ++e) {
        const Point& a = clip[e];
        const Point& b = clip[(e + 1) % m];
        if (a == b) continue;
        const Ring input = std::move(output);
        output.clear();
        const std::size_t n = input.size();
        for (std::size_t k = 0; k < n; ++k) {
            const Point& current = input[k];
            const Point& previous = input[(k + n - 1) % n];
            const bool current_in = side(a, b, current) >= 0;
            const bool previous_in = side(a, b, previous) >= 0;
            if (current_in) {
                if (!previous_in) output.push_back(crossing(a, b, previous, current));
                output.push_back(current);
            } else if (previous_in) {
                output.push_back(crossing(a, b, previous, current));
            }
        }
    }
    return output;
}

double intersection_area(const MultiPolygon& polygon, const Ring& convex_clip) {
    const BBox clip_box = bbox_of(convex_clip);
    double total = 0;
    for (const auto& part : polygon.polygons) {
        double part_area = 0;
        for (std::size_t r = 0; r < part.rings.size(); ++r) {
            const Ring& ring = part.rings[r];
            if (!bbox_of(ring).intersects(clip_box)) continue;
            const double a = std::abs(signed_area(clip_to_convex(ring, convex_clip)));
            part_area += r == 0 ? a : -a;
        }
        total += std::max(part_area, 0.0);
    }
    return total;
}

std::vector<CircleShare> circle_shares(const std::vector<MultiPolygon>& areas,
                                       const PackedRTree& index, Point centre, double radius) {
    assert(radius > 0);
    assert(index.size() == areas.size());
    const Ring circle = circle_polygon(centre, radius);
    std::vector<std::uint32_t> candidates;
    index.search(circle_box(centre, radius), candidates);
    std::sort(candidates.begin(), candidates.end());
    std::vector<CircleShare> shares;
    double total = 0;
    for (const auto i : candidates) {
        const double overlap = intersection_area(areas[i], circle);
        if (!(overlap > 0)) continue;
        const double whole = area(areas[i]);
        shares.push_back({i, overlap, 0, whole > 0 ? std::min(1.0, overlap / whole) : 0});
        total += overlap;
    }
    for (auto& s : shares) s.weight = s.overlap / total;
    return shares;
}

std::vector<CircleShare> circle_shares(const std::vector<MultiPolygon>& areas, Point centre,
                                       double radius) {
    std::vector<BBox> boxes;
    boxes.reserve(areas.size());
    for (const auto& a : areas) boxes.push_back(bbox_of(a));
    return circle_shares(areas, PackedRTree(boxes), centre, radius);
}

std::optional<WeightedValue> area_weighted_mean(const std::vector<CircleShare>& shares,
                                                const std::vector<std::optional<double>>& values) {
    double weighted = 0;
    double weights = 0;
    for (const auto& s : shares) {
        assert(s.area < values.size());
        const auto& v = values[s.area];
        if (!v || !std::isfinite(*v)) continue;
        weighted += s.weight * *v;
        weights += s.weight;
    }
    if (!(weights > 0)) return std::nullopt;
    return WeightedValue{weighted / weights, weights};
}

std::optional<ApportionedRate> area_weighted_rate(
    const std::vector<CircleShare>& shares, const std::vector<std::optional<double>>& counts,
    const std::vector<std::optional<double>>& populations, double multiplier) {
    ApportionedRate r;
    for (const auto& s : shares) {
        assert(s.area < counts.size() && s.area < populations.size());
        const auto& c = counts[s.area];
        const auto& p = populations[s.area];
        if (!c || !p || !std::isfinite(*c) || !std::isfinite(*p)) continue;
        r.count += *c * s.area_fraction;
        r.population += *p * s.area_fraction;
    }
    if (!(r.population > 0)) return std::nullopt;
    r.rate = r.count / r.population * multiplier;
    return r;
}

}  // namespace sna::geo
