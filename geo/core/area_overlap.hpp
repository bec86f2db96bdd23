#pragma once
/// How one area of a set meets a catchment: the input of apportionment (geo/analysis/apportion).

#include <cstdint>

namespace sna::geo {

struct AreaOverlap {
    std::uint32_t area = 0;        ///< index into the set's areas
    double overlap = 0;            ///< |catchment ∩ area| (projected units², m² for EPSG:27700)
    double area_size = 0;          ///< |area|
    bool centroid_inside = false;  ///< the area's representative point lies inside the catchment
};

}  // namespace sna::geo
