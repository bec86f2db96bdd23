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

/// Polygons in tile coordinates stored flat: every ring's points in one vector. Reusing one
/// object for many features allocates only while its vectors grow (TileClipper, encoding).
struct FlatTilePolygons {
    struct RingRange {
        std::uint32_t begin = 0;  ///< index of the ring's first point in `points`
        std::uint32_t end = 0;    ///< one past its last point; the ring is open
        bool is_exterior = false;
    };
    std::vector<TilePoint> points;
    std::vector<RingRange> rings;  ///< each exterior ring is followed by its holes

    void clear() {
        points.clear();
        rings.clear();
    }
    bool empty() const { return rings.empty(); }
};

/// Many multipolygons in Web Mercator stored end to end: every point in one array, rings as
/// ranges of it, features as runs of rings. A low-zoom tile reads tens of thousands of small
/// features in a row; as vectors of vectors each would cost three dependent cache misses
/// (polygons, rings, points), here they are read in one sweep.
struct FlatMercatorPolygons {
    std::vector<Point> points;
    std::vector<FlatTilePolygons::RingRange> rings;  ///< each exterior ring followed by its holes
    std::vector<std::uint32_t> feature_rings{0};     ///< feature f: rings [f], up to [f + 1]

    /// Appends one feature (polygons without rings are left out; a feature may be empty).
    /// @throws InvalidInput past 2^32 points
    void add(const MultiPolygon& feature);
    std::size_t size() const { return feature_rings.size() - 1; }
    bool is_empty(std::size_t feature) const {
        return feature_rings[feature] == feature_rings[feature + 1];
    }
    BBox bbox(std::size_t feature) const;
};

/// The nested form of a flat polygon set (for tests and callers that want TilePolygon).
std::vector<TilePolygon> to_nested(const FlatTilePolygons& flat);

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

/// clip_to_tile() for one tile and many features in a row: the same polygons, in flat form,
/// without allocating once its buffers have grown. Not thread-safe: one per thread and tile.
class TileClipper {
public:
    /// @pre `transform` outlives the clipper
    TileClipper(const TileTransform& transform, std::uint32_t buffer);

    /// Clears `out` and fills it with what clip_to_tile(mercator, transform, buffer) returns.
    /// `bounds`, when given, must be bbox_of(mercator): a feature inside the buffered tile then
    /// skips clipping.
    void clip(const MultiPolygon& mercator, FlatTilePolygons& out, const BBox* bounds = nullptr);
    /// The same for one feature of a flat set; `bounds`, when given, is its bbox.
    void clip(const FlatMercatorPolygons& mercator, std::size_t feature, FlatTilePolygons& out,
              const BBox* bounds = nullptr);

    const BBox& box() const { return m_box; }

private:
    bool is_inside(const BBox* bounds) const;
    /// Clips (unless `is_inside`), rounds and appends one ring; false if nothing is left.
    bool add_clipped(const Ring& ring, bool is_exterior, bool is_inside, FlatTilePolygons& out);
    /// Appends the rounded, oriented ring; false (appending nothing) if it has no area left.
    bool add_ring(const Ring& ring, bool is_exterior, FlatTilePolygons& out) const;
    /// The ring clipped to the box into m_clipped; false if nothing usable is left.
    bool clip_ring(const Ring& ring);

    const TileTransform& m_transform;
    BBox m_box;
    Ring m_clipped;
    Ring m_scratch;
    Ring m_copy;  ///< a flat feature's ring, copied out to be clipped
};

/// Clips mercator points to the tile plus `buffer` tile units and rounds them to the grid.
std::vector<TilePoint> clip_points_to_tile(const std::vector<Point>& mercator,
                                           const TileTransform& transform, std::uint32_t buffer);

}  // namespace sna::geo
