#include "geo/core/packed_rtree.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sna::geo {

namespace {

double centre_x(const BBox& b) {
    return (b.min_x + b.max_x) / 2;
}
double centre_y(const BBox& b) {
    return (b.min_y + b.max_y) / 2;
}

/// Sort-Tile-Recursive ordering of `order` by the boxes' centres.
template <typename BoxOf>
void str_sort(std::vector<std::uint32_t>& order, BoxOf box_of, std::size_t per_node) {
    const std::size_t n = order.size();
    const auto leaves =
        static_cast<std::size_t>(std::ceil(static_cast<double>(n) / static_cast<double>(per_node)));
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(leaves))));
    const std::size_t per_slice = slices * per_node;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return centre_x(box_of(a)) < centre_x(box_of(b));
    });
    for (std::size_t start = 0; start < n; start += per_slice) {
        const auto first = order.begin() + static_cast<std::ptrdiff_t>(start);
        const auto last =
            order.begin() + static_cast<std::ptrdiff_t>(std::min(n, start + per_slice));
        std::sort(first, last, [&](std::uint32_t a, std::uint32_t b) {
            return centre_y(box_of(a)) < centre_y(box_of(b));
        });
    }
}

}  // namespace

PackedRTree::PackedRTree(const std::vector<BBox>& boxes)
    : m_item_boxes(boxes), m_item_count(boxes.size()) {
    if (boxes.empty()) return;
    m_items.resize(boxes.size());
    std::iota(m_items.begin(), m_items.end(), 0u);
    str_sort(
        m_items, [&](std::uint32_t i) -> const BBox& { return boxes[i]; }, node_size);

    // Leaf level: nodes over consecutive items.
    m_level_start.push_back(0);
    for (std::size_t i = 0; i < m_items.size(); i += node_size) {
        Node node;
        node.first = static_cast<std::uint32_t>(i);
        node.count = static_cast<std::uint32_t>(std::min(node_size, m_items.size() - i));
        for (std::uint32_t k = 0; k < node.count; ++k) node.box.expand(boxes[m_items[i + k]]);
        m_nodes.push_back(node);
    }
    // Upper levels: nodes over consecutive nodes of the level below.
    std::size_t level_begin = 0;
    std::size_t level_end = m_nodes.size();
    while (level_end - level_begin > 1) {
        m_level_start.push_back(level_end);
        for (std::size_t i = level_begin; i < level_end; i += node_size) {
            Node node;
            node.first = static_cast<std::uint32_t>(i);
            node.count = static_cast<std::uint32_t>(std::min(node_size, level_end - i));
            for (std::uint32_t k = 0; k < node.count; ++k) node.box.expand(m_nodes[i + k].box);
            m_nodes.push_back(node);
        }
        level_begin = level_end;
        level_end = m_nodes.size();
    }
}

void PackedRTree::search(const BBox& query, std::vector<std::uint32_t>& out) const {
    if (m_nodes.empty()) return;
    // Depth-first with an explicit stack of (node index, level).
    std::vector<std::pair<std::size_t, std::size_t>> stack;
    stack.emplace_back(m_nodes.size() - 1, m_level_start.size() - 1);
    while (!stack.empty()) {
        const auto [index, level] = stack.back();
        stack.pop_back();
        const Node& node = m_nodes[index];
        if (!node.box.intersects(query)) continue;
        if (level == 0) {
            for (std::uint32_t k = 0; k < node.count; ++k) {
                const std::uint32_t item = m_items[node.first + k];
                if (m_item_boxes[item].intersects(query)) out.push_back(item);
            }
        } else {
            for (std::uint32_t k = 0; k < node.count; ++k)
                stack.emplace_back(node.first + k, level - 1);
        }
    }
}

}  // namespace sna::geo
