#pragma once
/// Tile addresses in the XYZ scheme (y grows southwards, as in the /{z}/{x}/{y} URLs).

#include "geo/core/geometry.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace sna::geo {

/// Deepest zoom a TileId may have unless the caller asks for less.
constexpr std::uint32_t default_max_zoom = 24;

/// One tile of the XYZ pyramid: 2^z by 2^z tiles, x eastwards, y southwards.
struct TileId {
    std::uint32_t z = 0;
    std::uint32_t x = 0;
    std::uint32_t y = 0;

    /// Parses the three URL path segments. Accepts only canonical decimal numbers: digits, no
    /// sign, no leading zero (so one tile has one URL, which keeps caches tidy). Rejects
    /// z > max_zoom and x or y >= 2^z.
    /// @pre max_zoom <= 30
    static std::optional<TileId> parse(std::string_view z, std::string_view x, std::string_view y,
                                       std::uint32_t max_zoom = default_max_zoom);

    /// True if x and y lie inside the 2^z grid.
    bool is_valid() const;

    friend bool operator==(const TileId& a, const TileId& b) {
        return a.z == b.z && a.x == b.x && a.y == b.y;
    }
    friend bool operator!=(const TileId& a, const TileId& b) { return !(a == b); }
};

/// Number of tiles along one axis at a zoom level (2^z).
/// @pre zoom <= 30
std::uint32_t tiles_per_axis(std::uint32_t zoom);

/// Bounds of a tile in EPSG:3857 metres.
BBox tile_bounds(const TileId& tile);

/// A rectangle of tiles at one zoom, inclusive on all sides.
struct TileRange {
    std::uint32_t z = 0;
    std::uint32_t min_x = 0;
    std::uint32_t min_y = 0;
    std::uint32_t max_x = 0;
    std::uint32_t max_y = 0;

    std::uint64_t count() const {
        return std::uint64_t{max_x - min_x + 1} * std::uint64_t{max_y - min_y + 1};
    }
    bool contains(const TileId& tile) const {
        return tile.z == z && tile.x >= min_x && tile.x <= max_x && tile.y >= min_y &&
               tile.y <= max_y;
    }
};

/// Tiles at `zoom` that touch a lon/lat box (a box edge on a tile edge includes both tiles).
/// Latitudes beyond the Web Mercator limit are clamped. Empty box: nullopt.
/// @pre zoom <= 30
std::optional<TileRange> tiles_covering(const BBox& lonlat, std::uint32_t zoom);

}  // namespace sna::geo
