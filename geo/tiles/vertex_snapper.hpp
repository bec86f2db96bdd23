#pragma once
/// Merging vertices that are meant to be the same but differ by rounding noise.

#include "geo/core/geometry.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

namespace sna::geo {

/// Replaces each point by the first point seen within `distance` of it, using a hash grid.
/// Boundary files whose neighbours were converted one by one (e.g. ONS LSOA 2011 boundaries
/// round-tripped through per-borough GeoJSON) repeat a shared vertex with differences around
/// 1e-7 degrees; snapping by a centimetre makes them equal again so borders can be shared.
class VertexSnapper {
public:
    /// @pre distance > 0 and finite
    explicit VertexSnapper(double distance);

    /// The representative of `p`: an earlier point within the distance, or `p` itself.
    /// @pre p is finite
    Point snap(const Point& p);

    /// Prepares for about `points` calls to snap() without rehashing.
    void reserve(std::size_t points);

    /// Number of distinct representatives so far.
    std::size_t size() const { return m_points.size(); }

private:
    struct Cell {
        std::int64_t x;
        std::int64_t y;
        friend bool operator==(const Cell& a, const Cell& b) { return a.x == b.x && a.y == b.y; }
    };
    struct CellHash {
        std::size_t operator()(const Cell& c) const;
    };
    static constexpr std::uint32_t no_point = std::numeric_limits<std::uint32_t>::max();

    Cell cell_of(const Point& p) const;

    std::uint32_t find_near(const Cell& cell, const Point& p) const;

    double m_distance;
    double m_cell_size;
    std::vector<Point> m_points;        // representatives
    std::vector<std::uint32_t> m_next;  // next representative in the same cell
    std::unordered_map<Cell, std::uint32_t, CellHash> m_first;  // first representative per cell
};

}  // namespace sna::geo
