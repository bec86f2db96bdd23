#include "geo/synth/region_outline.hpp"

#include <array>
#include <cmath>

namespace sna::geo::detail {

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr int outline_vertices = 360;
constexpr int first_harmonic = 2;
constexpr int last_harmonic = 7;

}  // namespace

double snap(double value, double grid) {
    return std::round(value / grid) * grid;
}

Polygon make_region_outline(const RegionShape& shape, double grid, Random& rng) {
    // Harmonic k gets amplitude ~ 1/k so the outline has a few lobes and a rougher edge;
    // the sum of the largest amplitudes stays below 0.5, keeping the radius above half.
    std::array<double, last_harmonic + 1> amplitude{};
    std::array<double, last_harmonic + 1> phase{};
    for (int k = first_harmonic; k <= last_harmonic; ++k) {
        amplitude[static_cast<std::size_t>(k)] = rng.uniform(0.03, 0.14) * 2.0 / k;
        phase[static_cast<std::size_t>(k)] = rng.uniform(0, 2 * pi);
    }
    Ring ring;
    ring.reserve(outline_vertices);
    for (int i = 0; i < outline_vertices; ++i) {
        const double theta = 2 * pi * i / outline_vertices;
        double radius = 1.0;
        for (int k = first_harmonic; k <= last_harmonic; ++k) {
            const auto index = static_cast<std::size_t>(k);
            radius += amplitude[index] * std::cos(k * theta + phase[index]);
        }
        radius *= 1.0 + 0.004 * rng.normal();
        ring.push_back(Point{snap(shape.centre.x + shape.semi_x * radius * std::cos(theta), grid),
                             snap(shape.centre.y + shape.semi_y * radius * std::sin(theta), grid)});
    }
    Polygon polygon;
    polygon.rings.push_back(std::move(ring));
    return polygon;
}

std::vector<Point> scatter_points(const Polygon& region, std::size_t count,
                                  const std::function<double(const Point&)>& density, Random& rng) {
    const BBox box = bbox_of(region.rings.front());
    std::vector<Point> points;
    points.reserve(count);
    while (points.size() < count) {
        const Point p{rng.uniform(box.min_x, box.max_x), rng.uniform(box.min_y, box.max_y)};
        const double keep = rng.uniform();
        if (keep < density(p) && locate(p, region) == Location::inside) points.push_back(p);
    }
    return points;
}

}  // namespace sna::geo::detail
