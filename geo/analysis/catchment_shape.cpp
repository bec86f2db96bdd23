#include "geo/analysis/catchment_shape.hpp"

#include "geo/core/sha256.hpp"

#include <cassert>
#include <cmath>
#include <cstdio>

namespace sna::geo {

namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double to_radians = pi / 180.0;

}  // namespace

Ring geodesic_circle(Point centre, double metres, int segments) {
    assert(metres > 0 && segments >= 3);
    const double lat1 = centre.y * to_radians;
    const double lon1 = centre.x * to_radians;
    const double d = metres / earth_radius_m;  // angular distance
    Ring ring;
    ring.reserve(static_cast<std::size_t>(segments));
    for (int k = 0; k < segments; ++k) {
        // Bearings clockwise from north, walked backwards so the ring is counter-clockwise.
        const double bearing = -2.0 * pi * k / segments;
        const double lat2 = std::asin(std::sin(lat1) * std::cos(d) +
                                      std::cos(lat1) * std::sin(d) * std::cos(bearing));
        const double lon2 = lon1 + std::atan2(std::sin(bearing) * std::sin(d) * std::cos(lat1),
                                              std::cos(d) - std::sin(lat1) * std::sin(lat2));
        ring.push_back({lon2 / to_radians, lat2 / to_radians});
    }
    return ring;
}

std::size_t vertex_count(const MultiPolygon& shape) {
    std::size_t n = 0;
    for (const auto& polygon : shape.polygons) {
        for (const auto& ring : polygon.rings) {
            const bool closed = ring.size() > 1 && ring.front() == ring.back();
            n += ring.size() - (closed ? 1 : 0);
        }
    }
    return n;
}

std::string canonical_text(const MultiPolygon& shape, int decimals) {
    std::string out;
    char number[48];
    for (std::size_t p = 0; p < shape.polygons.size(); ++p) {
        if (p > 0) out += '|';
        const auto& rings = shape.polygons[p].rings;
        for (std::size_t r = 0; r < rings.size(); ++r) {
            if (r > 0) out += ';';
            for (std::size_t k = 0; k < rings[r].size(); ++k) {
                // +0.0 turns a rounded -0 into 0, so the text does not depend on its sign.
                std::snprintf(number, sizeof number, "%s%.*f %.*f", k > 0 ? "," : "", decimals,
                              rings[r][k].x + 0.0, decimals, rings[r][k].y + 0.0);
                out += number;
            }
        }
    }
    return out;
}

std::string shape_digest(const MultiPolygon& shape, int decimals) {
    return sha256_hex(canonical_text(shape, decimals)).substr(0, 32);
}

}  // namespace sna::geo
