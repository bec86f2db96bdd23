#include "geo/tiles/mercator.hpp"

#include <algorithm>
#include <cmath>

namespace sna::geo {

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double degrees_to_radians = pi / 180.0;

}  // namespace

Point lonlat_to_mercator(const Point& lonlat) {
    const double lat =
        std::clamp(lonlat.y, -mercator_max_latitude, mercator_max_latitude) * degrees_to_radians;
    return Point{lonlat.x * degrees_to_radians * mercator_earth_radius,
                 mercator_earth_radius * std::log(std::tan(pi / 4.0 + lat / 2.0))};
}

Point mercator_to_lonlat(const Point& metres) {
    const double lon = metres.x / mercator_earth_radius / degrees_to_radians;
    const double lat = (2.0 * std::atan(std::exp(metres.y / mercator_earth_radius)) - pi / 2.0) /
                       degrees_to_radians;
    return Point{lon, lat};
}

double mercator_pixel_size(unsigned zoom, double tile_pixels) {
    return 2.0 * mercator_half_world / (tile_pixels * std::ldexp(1.0, static_cast<int>(zoom)));
}

}  // namespace sna::geo
