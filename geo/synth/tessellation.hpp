#pragma once
/// A region cut into Voronoi cells (GEOS), with unions of cells and point-in-cell tests.

#include "geo/core/geometry.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

namespace sna::geo::detail {

/// The Voronoi cells of a set of seeds clipped to a region. Every coordinate is rounded to a
/// fixed grid the same way, so neighbouring cells share vertices exactly: the cells tile the
/// region with no gaps or overlaps, and unions of cells dissolve cleanly (GEOS's coverage
/// union; a snap-rounding union if a near-degenerate corner ever breaks the match).
/// Not thread-safe (one GEOS context, lazily prepared cells).
class Tessellation {
public:
    /// `report` receives the fraction of cells clipped so far.
    /// @pre every seed lies strictly inside `region`; `grid` > 0 (metres).
    /// @throws Error when GEOS fails.
    Tessellation(const Polygon& region, const std::vector<Point>& seeds, double grid,
                 const std::function<void(double)>& report = {});
    ~Tessellation();
    Tessellation(Tessellation&&) noexcept;
    Tessellation& operator=(Tessellation&&) noexcept;
    Tessellation(const Tessellation&) = delete;
    Tessellation& operator=(const Tessellation&) = delete;

    /// Number of non-empty cells, in GEOS's (deterministic, spatial) order.
    std::size_t size() const;
    double region_area() const;

    MultiPolygon cell(std::size_t index) const;
    double cell_area(std::size_t index) const;
    Point cell_centroid(std::size_t index) const;
    BBox cell_bbox(std::size_t index) const;
    /// A point inside the cell (GEOS point-on-surface), for when sampling fails.
    Point cell_interior_point(std::size_t index) const;

    /// Dissolves the listed cells into one (multi)polygon on the same grid.
    MultiPolygon union_of(const std::vector<std::size_t>& cells) const;

    /// True when `p` lies in the interior of the cell (GEOS prepared geometry), at least
    /// `clearance` metres from its boundary.
    bool contains(std::size_t index, const Point& p, double clearance = 0);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace sna::geo::detail
