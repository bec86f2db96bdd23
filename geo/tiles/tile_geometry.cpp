#include "geo/tiles/tile_geometry.hpp"

#include "geo/tiles/clip.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <optional>

namespace sna::geo {

namespace {

/// Keeps rounded coordinates, and the MVT deltas between them, inside int32 even for unclipped
/// input.
constexpr double max_tile_coordinate = 1 << 29;

std::int32_t round_to_grid(double value) {
    const double clamped = std::clamp(value, -max_tile_coordinate, max_tile_coordinate);
    return static_cast<std::int32_t>(std::lround(clamped));
}

/// Rounds a ring to the grid and removes the repeated points rounding creates.
TileRing to_tile_ring(const Ring& ring, const TileTransform& transform) {
    TileRing out;
    out.reserve(ring.size());
    for (const auto& p : ring) {
        const TilePoint t = transform.to_tile(p);
        if (out.empty() || out.back() != t) out.push_back(t);
    }
    while (out.size() > 1 && out.back() == out.front()) out.pop_back();
    return out;
}

/// Rounded ring with the winding its role needs, or nullopt if it has no area left.
std::optional<TileRing> oriented_ring(const Ring& ring, const TileTransform& transform,
                                      bool is_exterior) {
    TileRing out = to_tile_ring(ring, transform);
    if (out.size() < 3) return std::nullopt;
    const std::int64_t area2 = twice_signed_area(out);
    if (area2 == 0) return std::nullopt;
    if ((area2 > 0) != is_exterior) std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace

std::int64_t twice_signed_area(const TileRing& ring) {
    std::int64_t sum = 0;
    const std::size_t n = ring.size();
    for (std::size_t i = 0; i < n; ++i) {
        const TilePoint& a = ring[i];
        const TilePoint& b = ring[(i + 1) % n];
        sum += std::int64_t{a.x} * b.y - std::int64_t{b.x} * a.y;
    }
    return sum;
}

TileTransform::TileTransform(const TileId& tile, std::uint32_t extent)
    : m_bounds(tile_bounds(tile)),
      m_units_per_metre(static_cast<double>(extent) / (m_bounds.max_x - m_bounds.min_x)),
      m_extent(extent) {
    assert(tile.is_valid() && extent > 0);
}

TilePoint TileTransform::to_tile(const Point& mercator) const {
    return TilePoint{round_to_grid((mercator.x - m_bounds.min_x) * m_units_per_metre),
                     round_to_grid((m_bounds.max_y - mercator.y) * m_units_per_metre)};
}

Point TileTransform::to_mercator(const TilePoint& tile_point) const {
    return Point{m_bounds.min_x + tile_point.x / m_units_per_metre,
                 m_bounds.max_y - tile_point.y / m_units_per_metre};
}

BBox TileTransform::clip_box(std::uint32_t buffer) const {
    const double margin = static_cast<double>(buffer) / m_units_per_metre;
    BBox box = m_bounds;
    box.min_x -= margin;
    box.min_y -= margin;
    box.max_x += margin;
    box.max_y += margin;
    return box;
}

std::vector<TilePolygon> to_tile_polygons(const MultiPolygon& mercator,
                                          const TileTransform& transform) {
    std::vector<TilePolygon> out;
    for (const auto& polygon : mercator.polygons) {
        if (polygon.rings.empty()) continue;
        auto exterior = oriented_ring(polygon.rings.front(), transform, true);
        if (!exterior) continue;
        TilePolygon tile_polygon;
        tile_polygon.rings.push_back(std::move(*exterior));
        for (std::size_t i = 1; i < polygon.rings.size(); ++i) {
            auto hole = oriented_ring(polygon.rings[i], transform, false);
            if (hole) tile_polygon.rings.push_back(std::move(*hole));
        }
        out.push_back(std::move(tile_polygon));
    }
    return out;
}

std::vector<TilePolygon> clip_to_tile(const MultiPolygon& mercator, const TileTransform& transform,
                                      std::uint32_t buffer) {
    return to_tile_polygons(clip_multipolygon(mercator, transform.clip_box(buffer)), transform);
}

std::vector<TilePoint> clip_points_to_tile(const std::vector<Point>& mercator,
                                           const TileTransform& transform, std::uint32_t buffer) {
    std::vector<TilePoint> out;
    for (const auto& p : clip_points(mercator, transform.clip_box(buffer))) {
        out.push_back(transform.to_tile(p));
    }
    return out;
}

}  // namespace sna::geo
