#include "geo/tileset/pmtiles_tile_id.hpp"

#include "geo/core/errors.hpp"

#include <cassert>
#include <utility>

namespace sna::geo {

namespace {

/// Tiles at all zooms shallower than z: 1 + 4 + … + 4^(z-1) = (4^z - 1) / 3.
std::uint64_t tiles_before_zoom(std::uint32_t z) {
    return ((std::uint64_t{1} << (2 * z)) - 1) / 3;
}

/// Reflects and swaps the quadrant's coordinates so the sub-curve has the orientation of the
/// whole (the standard Hilbert rotation, on the low bits below `side`).
void rotate(std::uint64_t side, std::uint64_t& x, std::uint64_t& y, std::uint64_t rx,
            std::uint64_t ry) {
    if (ry != 0) return;
    if (rx == 1) {
        x = side - 1 - x;
        y = side - 1 - y;
    }
    std::swap(x, y);
}

}  // namespace

std::uint64_t pmtiles_tile_id(const TileId& tile) {
    assert(tile.is_valid() && tile.z <= max_pmtiles_zoom);
    std::uint64_t x = tile.x, y = tile.y, d = 0;
    for (std::uint64_t s = (std::uint64_t{1} << tile.z) / 2; s > 0; s /= 2) {
        const std::uint64_t rx = (x & s) > 0 ? 1 : 0;
        const std::uint64_t ry = (y & s) > 0 ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        rotate(s, x, y, rx, ry);
    }
    return tiles_before_zoom(tile.z) + d;
}

TileId tile_of_pmtiles_id(std::uint64_t id) {
    std::uint32_t z = 0;
    while (z <= max_pmtiles_zoom && id >= tiles_before_zoom(z + 1)) ++z;
    if (z > max_pmtiles_zoom)
        throw InvalidInput("PMTiles tile id " + std::to_string(id) + " is beyond zoom 26");
    const std::uint64_t n = std::uint64_t{1} << z;
    std::uint64_t t = id - tiles_before_zoom(z), x = 0, y = 0;
    for (std::uint64_t s = 1; s < n; s *= 2) {
        const std::uint64_t rx = 1 & (t / 2);
        const std::uint64_t ry = 1 & (t ^ rx);
        rotate(s, x, y, rx, ry);
        x += s * rx;
        y += s * ry;
        t /= 4;
    }
    return {z, static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)};
}

}  // namespace sna::geo
