#include "geo/tiles/vertex_snapper.hpp"

#include <cassert>
#include <cmath>

namespace sna::geo {

VertexSnapper::VertexSnapper(double distance) : m_distance(distance) {
    assert(distance > 0 && std::isfinite(distance));
}

VertexSnapper::Cell VertexSnapper::cell_of(const Point& p) const {
    return Cell{static_cast<std::int64_t>(std::floor(p.x / m_distance)),
                static_cast<std::int64_t>(std::floor(p.y / m_distance))};
}

Point VertexSnapper::snap(const Point& p) {
    assert(std::isfinite(p.x) && std::isfinite(p.y));
    const Cell home = cell_of(p);
    // A point within the distance lies in the home cell or one of its eight neighbours.
    for (std::int64_t dx = -1; dx <= 1; ++dx) {
        for (std::int64_t dy = -1; dy <= 1; ++dy) {
            const auto it = m_first.find(Cell{home.x + dx, home.y + dy});
            if (it == m_first.end()) continue;
            for (std::uint32_t i = it->second; i != no_point; i = m_next[i]) {
                const double ex = m_points[i].x - p.x;
                const double ey = m_points[i].y - p.y;
                if (ex * ex + ey * ey <= m_distance * m_distance) return m_points[i];
            }
        }
    }
    const auto index = static_cast<std::uint32_t>(m_points.size());
    const auto [it, inserted] = m_first.try_emplace(home, index);
    m_next.push_back(inserted ? no_point : it->second);
    if (!inserted) it->second = index;
    m_points.push_back(p);
    return p;
}

}  // namespace sna::geo
