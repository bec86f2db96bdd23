#include "geo/tiles/tile_geometry.hpp"

#include "geo/core/errors.hpp"
#include "geo/tiles/clip.hpp"
#include "geo/tiles/ring_cleanup.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <optional>

namespace sna::geo {

namespace {

/// Keeps rounded coordinates, and the MVT deltas between them, inside int32 even for unclipped
/// input.
constexpr double max_tile_coordinate = 1 << 29;

std::int32_t round_to_grid(double value) {
    const double clamped = std::clamp(value, -max_tile_coordinate, max_tile_coordinate);
    // std::lround (halves away from zero) without the library call: the conversion truncates,
    // and for |clamped| <= 2^29 the fraction clamped - truncated is exact.
    auto rounded = static_cast<std::int32_t>(clamped);
    const double fraction = clamped - static_cast<double>(rounded);
    if (fraction >= 0.5) ++rounded;
    if (fraction <= -0.5) --rounded;
    return rounded;
}

/// Twice the signed area of the ring first..last (open), exact in integers.
std::int64_t twice_area_of(const TilePoint* first, const TilePoint* last) {
    if (first == last) return 0;
    std::int64_t sum = 0;
    const TilePoint* previous = last - 1;
    for (const TilePoint* p = first; p != last; previous = p++) {
        sum += std::int64_t{previous->x} * p->y - std::int64_t{p->x} * previous->y;
    }
    return sum;
}

/// True if remove_repeated_points() would change the ring.
bool has_repeated_points(const Ring& ring) {
    if (ring.size() > 1 && ring.back() == ring.front()) return true;
    for (std::size_t i = 1; i < ring.size(); ++i) {
        if (ring[i] == ring[i - 1]) return true;
    }
    return false;
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
    return twice_area_of(ring.data(), ring.data() + ring.size());
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

std::vector<TilePolygon> to_nested(const FlatTilePolygons& flat) {
    std::vector<TilePolygon> out;
    for (const auto& ring : flat.rings) {
        if (ring.is_exterior || out.empty()) out.emplace_back();
        out.back().rings.emplace_back(flat.points.begin() + ring.begin,
                                      flat.points.begin() + ring.end);
    }
    return out;
}

std::vector<TilePolygon> clip_to_tile(const MultiPolygon& mercator, const TileTransform& transform,
                                      std::uint32_t buffer) {
    TileClipper clipper(transform, buffer);
    FlatTilePolygons flat;
    clipper.clip(mercator, flat);
    return to_nested(flat);
}

TileClipper::TileClipper(const TileTransform& transform, std::uint32_t buffer)
    : m_transform(transform), m_box(transform.clip_box(buffer)) {}

bool TileClipper::is_inside(const BBox* bounds) const {
    return bounds != nullptr && bounds->min_x >= m_box.min_x && bounds->max_x <= m_box.max_x &&
           bounds->min_y >= m_box.min_y && bounds->max_y <= m_box.max_y;
}

bool TileClipper::add_clipped(const Ring& ring, bool is_exterior, bool is_inside,
                              FlatTilePolygons& out) {
    // Inside the box, clipping would return the ring as it is (without repeated points).
    const Ring* kept = &m_clipped;
    bool is_kept = false;
    if (is_inside && !has_repeated_points(ring)) {
        kept = &ring;  // the common case: no copy at all
        is_kept = !is_degenerate_open_ring(ring);
    } else if (is_inside) {
        remove_repeated_points(ring, m_clipped);
        is_kept = !is_degenerate_open_ring(m_clipped);
    } else {
        is_kept = clip_ring(ring);
    }
    return is_kept && add_ring(*kept, is_exterior, out);
}

// Both clip()s: as clip_multipolygon then to_tile_polygons. A polygon goes when its exterior
// does, a hole when it collapses, in mercator (clipping) or on the grid (rounding).

void TileClipper::clip(const MultiPolygon& mercator, FlatTilePolygons& out, const BBox* bounds) {
    out.clear();
    const bool inside = is_inside(bounds);
    for (const auto& polygon : mercator.polygons) {
        for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
            if (!add_clipped(polygon.rings[i], i == 0, inside, out) && i == 0) break;
        }
    }
}

void TileClipper::clip(const FlatMercatorPolygons& mercator, std::size_t feature,
                       FlatTilePolygons& out, const BBox* bounds) {
    out.clear();
    const bool inside = is_inside(bounds);
    bool is_dropped = false;  // the current polygon's exterior went: skip its holes
    for (std::uint32_t r = mercator.feature_rings[feature]; r < mercator.feature_rings[feature + 1];
         ++r) {
        const auto& range = mercator.rings[r];
        if (!range.is_exterior && is_dropped) continue;
        m_copy.assign(mercator.points.begin() + range.begin, mercator.points.begin() + range.end);
        is_dropped = !add_clipped(m_copy, range.is_exterior, inside, out) && range.is_exterior;
    }
}

void FlatMercatorPolygons::add(const MultiPolygon& feature) {
    for (const Polygon& polygon : feature.polygons) {
        for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
            const Ring& ring = polygon.rings[i];
            if (points.size() + ring.size() > std::numeric_limits<std::uint32_t>::max())
                throw InvalidInput("a tile layer's band holds more than 2^32 points");
            const auto begin = static_cast<std::uint32_t>(points.size());
            points.insert(points.end(), ring.begin(), ring.end());
            rings.push_back({begin, static_cast<std::uint32_t>(points.size()), i == 0});
        }
    }
    feature_rings.push_back(static_cast<std::uint32_t>(rings.size()));
}

BBox FlatMercatorPolygons::bbox(std::size_t feature) const {
    BBox box;
    for (std::uint32_t r = feature_rings[feature]; r < feature_rings[feature + 1]; ++r) {
        for (std::uint32_t p = rings[r].begin; p < rings[r].end; ++p) box.expand(points[p]);
    }
    return box;
}

bool TileClipper::clip_ring(const Ring& ring) {
    geo::clip_ring(ring, m_box, m_clipped, m_scratch);
    return !is_degenerate_open_ring(m_clipped);
}

bool TileClipper::add_ring(const Ring& ring, bool is_exterior, FlatTilePolygons& out) const {
    // to_tile_ring and oriented_ring, appending to the shared point vector in place.
    auto& points = out.points;
    const std::size_t begin = points.size();
    for (const auto& p : ring) {
        const TilePoint t = m_transform.to_tile(p);
        if (points.size() == begin || points.back() != t) points.push_back(t);
    }
    while (points.size() > begin + 1 && points.back() == points[begin]) points.pop_back();
    const auto first = points.begin() + static_cast<std::ptrdiff_t>(begin);
    const std::int64_t area2 =
        points.size() - begin < 3
            ? 0
            : twice_area_of(points.data() + begin, points.data() + points.size());
    if (area2 == 0) {
        points.resize(begin);
        return false;
    }
    if ((area2 > 0) != is_exterior) std::reverse(first, points.end());
    out.rings.push_back({static_cast<std::uint32_t>(begin),
                         static_cast<std::uint32_t>(points.size()), is_exterior});
    return true;
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
