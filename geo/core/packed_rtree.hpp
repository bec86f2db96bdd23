#pragma once
/// A static R-tree packed with Sort-Tile-Recursive (Leutenegger et al. 1997): built once, queried
/// many times, from any thread (queries are const).

#include "geo/core/geometry.hpp"

#include <cstdint>
#include <vector>

namespace sna::geo {

class PackedRTree {
public:
    static constexpr std::size_t node_size = 16;

    PackedRTree() = default;
    /// Indexes boxes[i] as item i.
    explicit PackedRTree(const std::vector<BBox>& boxes);

    /// Appends the items whose box intersects `query` to `out` (not cleared, unordered).
    void search(const BBox& query, std::vector<std::uint32_t>& out) const;
    void search(const Point& p, std::vector<std::uint32_t>& out) const {
        search(BBox{p.x, p.y, p.x, p.y}, out);
    }
    std::size_t size() const { return m_item_count; }

private:
    struct Node {
        BBox box;
        std::uint32_t first = 0;  ///< first child (node index, or item index at leaf level)
        std::uint32_t count = 0;
    };
    std::vector<Node> m_nodes;  ///< levels stored leaf-first; the root is last
    std::vector<std::size_t> m_level_start;
    std::vector<std::uint32_t> m_items;  ///< item ids in leaf order
    std::vector<BBox> m_item_boxes;
    std::size_t m_item_count = 0;
};

}  // namespace sna::geo
