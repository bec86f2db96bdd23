#pragma once
/// Projected coordinates to longitude/latitude (OGR/PROJ).

#include "geo/core/geometry.hpp"

#include <memory>

namespace sna::geo::detail {

/// Transforms from a projected EPSG CRS to EPSG:4326 in lon, lat order.
class LonLatTransform {
public:
    /// @throws Error when the CRS is unknown to PROJ.
    explicit LonLatTransform(int source_epsg);
    ~LonLatTransform();
    LonLatTransform(const LonLatTransform&) = delete;
    LonLatTransform& operator=(const LonLatTransform&) = delete;

    /// @throws Error when PROJ cannot transform the point.
    Point to_lon_lat(const Point& projected) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace sna::geo::detail
