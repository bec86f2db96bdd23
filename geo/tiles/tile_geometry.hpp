#pragma once
/// Mercator metres to integer tile coordinates (MVT spec 4.3: y down, origin at the top left).

#include "geo/core/geometry.hpp"
#include "geo/tiles/tile_id.hpp"

#include <cstdint>
#include <vector>

namespace sna::geo {

/// Default tile extent (MVT spec 4.1 layer `extent`).
constexpr std::uint32_t default_tile_extent = 4096;

/// A vertex in tile coordinates; outside [0, extent) when it lies in the buffer.
struct TilePoint {
    std::int32_t x = 0;
    std::int32_t y = 0;
    friend bool operator==(const TilePoint& a, const TilePoint& b) {
        return a.x == b.x && a.y == b.y;
    }
    friend bool operator!=(const TilePoint& a, const TilePoint& b) { return !(a == b); }
};

/// An open ring in tile coordinates (the closing edge is implied, as MVT ClosePath does).
using TileRing = std::vector<TilePoint>;

/// Exterior ring first, then its interior rings (holes).
struct TilePolygon {
    std::vector<TileRing> rings;
};

/// Twice the ring's area by the MVT spec 4.3.4 surveyor's formula, exact in integers.
/// Positive for an exterior ring (clockwise on screen, y down), negative for an interior ring.
std::int64_t twice_signed_area(const TileRing& ring);

/// Maps EPSG:3857 metres into one tile's integer grid.
class TileTransform {
public:
    /// @pre tile.is_valid() and extent > 0
    explicit TileTransform(const TileId& tile, std::uint32_t extent = default_tile_extent);

    /// Rounds a mercator point to the nearest tile grid point.
    TilePoint to_tile(const Point& mercator) const;

    /// The mercator point of a tile grid point (for tests and decoding).
    Point to_mercator(const TilePoint& tile_point) const;

    /// The tile bounds grown by `buffer` tile units on each side, in mercator metres.
    BBox clip_box(std::uint32_t buffer) const;

    std::uint32_t extent() const { return m_extent; }

private:
    BBox m_bounds;
    double m_units_per_metre;
    std::uint32_t m_extent;
};

/// Turns mercator polygons into tile polygons: rounds to the grid, removes repeated points,
/// drops rings that collapse to zero area (a polygon whose exterior collapses is dropped with its
/// holes) and fixes winding per MVT spec 4.3.4 (exterior positive area, interiors negative).
/// @pre the geometry was clipped to a buffered tile box (coordinates fit in int32)
std::vector<TilePolygon> to_tile_polygons(const MultiPolygon& mercator,
                                          const TileTransform& transform);

/// Clips mercator polygons to the tile plus `buffer` tile units, then calls to_tile_polygons.
std::vector<TilePolygon> clip_to_tile(const MultiPolygon& mercator, const TileTransform& transform,
                                      std::uint32_t buffer);

/// Clips mercator points to the tile plus `buffer` tile units and rounds them to the grid.
std::vector<TilePoint> clip_points_to_tile(const std::vector<Point>& mercator,
                                           const TileTransform& transform, std::uint32_t buffer);

}  // namespace sna::geo
