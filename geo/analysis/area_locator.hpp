#pragma once
/// Point-in-polygon join: which area of a set contains a point (R-tree candidates + exact test).

#include "geo/core/geometry.hpp"
#include "geo/core/packed_rtree.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

class AreaLocator {
public:
    /// Takes the areas' geometries (any CRS, the same as the query points).
    explicit AreaLocator(std::vector<MultiPolygon> areas);

    /// Index of the area containing `p`. A point on a shared border goes to the area with the
    /// lowest index among those touching it, so every such point is joined exactly once.
    /// Points in a hole of one area and not inside another are outside (nullopt).
    std::optional<std::size_t> locate(const Point& p) const;

    std::size_t size() const { return m_areas.size(); }

private:
    std::vector<MultiPolygon> m_areas;
    PackedRTree m_index;
};

}  // namespace sna::geo
