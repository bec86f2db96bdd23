#include "geo/analysis/area_locator.hpp"

#include <algorithm>

namespace sna::geo {

namespace {

std::vector<BBox> boxes_of(const std::vector<MultiPolygon>& areas) {
    std::vector<BBox> boxes;
    boxes.reserve(areas.size());
    for (const auto& area : areas) boxes.push_back(bbox_of(area));
    return boxes;
}

}  // namespace

AreaLocator::AreaLocator(std::vector<MultiPolygon> areas)
    : m_areas(std::move(areas)), m_index(boxes_of(m_areas)) {}

std::optional<std::size_t> AreaLocator::locate(const Point& p) const {
    thread_local std::vector<std::uint32_t> candidates;
    candidates.clear();
    m_index.search(p, candidates);
    std::sort(candidates.begin(), candidates.end());
    std::optional<std::size_t> on_boundary;
    for (const std::uint32_t candidate : candidates) {
        const Location where = sna::geo::locate(p, m_areas[candidate]);
        if (where == Location::inside) return candidate;
        if (where == Location::boundary && !on_boundary) on_boundary = candidate;
    }
    return on_boundary;
}

}  // namespace sna::geo
