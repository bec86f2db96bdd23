#pragma once
/// Area outlines in Web Mercator metres, kept for static map images and reports.

#include "geo/core/geometry.hpp"
#include "geo/store/store_reader.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sna::server {

class AreaShapes {
public:
    /// Projects every area's lon/lat geometry to EPSG:3857.
    explicit AreaShapes(const std::vector<geo::StoredArea>& areas);

    /// nullptr when the set has no such area.
    const geo::MultiPolygon* shape(const std::string& set_id, const std::string& code) const;
    /// (code, shape) for every area of a set, in load order; empty for an unknown set.
    const std::vector<std::pair<std::string, geo::MultiPolygon>>& set(
        const std::string& set_id) const;
    /// Bounds of a whole set; empty for an unknown set.
    geo::BBox bounds(const std::string& set_id) const;

private:
    std::map<std::string, std::vector<std::pair<std::string, geo::MultiPolygon>>> m_sets;
    std::map<std::pair<std::string, std::string>, const geo::MultiPolygon*> m_index;
};

}  // namespace sna::server
