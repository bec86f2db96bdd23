#include "geo/tiles/vertex_snapper.hpp"

#include <cassert>
#include <cmath>

namespace sna::geo {

std::size_t VertexSnapper::CellHash::operator()(const Cell& c) const {
    // splitmix64 finaliser: neighbouring cells must not share buckets.
    std::uint64_t h = static_cast<std::uint64_t>(c.x) * 0x9E3779B97F4A7C15ULL;
    h ^= static_cast<std::uint64_t>(c.y) + 0x632BE59BD9B4E019ULL + (h << 6U) + (h >> 2U);
    h = (h ^ (h >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27U)) * 0x94D049BB133111EBULL;
    return static_cast<std::size_t>(h ^ (h >> 31U));
}

VertexSnapper::VertexSnapper(double distance) : m_distance(distance), m_cell_size(2 * distance) {
    assert(distance > 0 && std::isfinite(distance));
}

VertexSnapper::Cell VertexSnapper::cell_of(const Point& p) const {
    return Cell{static_cast<std::int64_t>(std::floor(p.x / m_cell_size)),
                static_cast<std::int64_t>(std::floor(p.y / m_cell_size))};
}

void VertexSnapper::reserve(std::size_t points) {
    m_points.reserve(points);
    m_next.reserve(points);
    m_first.reserve(points);
}

std::uint32_t VertexSnapper::find_near(const Cell& cell, const Point& p) const {
    const auto it = m_first.find(cell);
    if (it == m_first.end()) return no_point;
    for (std::uint32_t i = it->second; i != no_point; i = m_next[i]) {
        const double ex = m_points[i].x - p.x;
        const double ey = m_points[i].y - p.y;
        if (ex * ex + ey * ey <= m_distance * m_distance) return i;
    }
    return no_point;
}

Point VertexSnapper::snap(const Point& p) {
    assert(std::isfinite(p.x) && std::isfinite(p.y));
    const Cell home = cell_of(p);
    // Cells are twice the distance wide, so a point within the distance lies in the home cell
    // or in the neighbours on the sides p is nearer to: four cells at most.
    const std::int64_t step_x =
        p.x - static_cast<double>(home.x) * m_cell_size < m_distance ? -1 : 1;
    const std::int64_t step_y =
        p.y - static_cast<double>(home.y) * m_cell_size < m_distance ? -1 : 1;
    for (const Cell cell : {home, Cell{home.x + step_x, home.y}, Cell{home.x, home.y + step_y},
                            Cell{home.x + step_x, home.y + step_y}}) {
        const std::uint32_t found = find_near(cell, p);
        if (found != no_point) return m_points[found];
    }
    const auto index = static_cast<std::uint32_t>(m_points.size());
    const auto [it, inserted] = m_first.try_emplace(home, index);
    m_next.push_back(inserted ? no_point : it->second);
    if (!inserted) it->second = index;
    m_points.push_back(p);
    return p;
}

}  // namespace sna::geo
