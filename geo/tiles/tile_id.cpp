#include "geo/tiles/tile_id.hpp"

#include "geo/tiles/mercator.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>

namespace sna::geo {

namespace {

/// Canonical unsigned decimal: "0" or digits without a leading zero; nullopt on overflow.
std::optional<std::uint32_t> parse_canonical_number(std::string_view text) {
    if (text.empty() || (text.size() > 1 && text.front() == '0')) return std::nullopt;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

/// Tile column or row holding a world fraction in [0, 1], clamped into the grid.
std::uint32_t tile_index(double fraction, std::uint32_t zoom) {
    const double n = static_cast<double>(tiles_per_axis(zoom));
    const double index = std::clamp(std::floor(fraction * n), 0.0, n - 1.0);
    return static_cast<std::uint32_t>(index);
}

}  // namespace

std::uint32_t tiles_per_axis(std::uint32_t zoom) {
    assert(zoom <= 30);
    return std::uint32_t{1} << zoom;
}

bool TileId::is_valid() const {
    return z <= 30 && x < tiles_per_axis(z) && y < tiles_per_axis(z);
}

std::optional<TileId> TileId::parse(std::string_view z, std::string_view x, std::string_view y,
                                    std::uint32_t max_zoom) {
    assert(max_zoom <= 30);
    const auto zoom = parse_canonical_number(z);
    if (!zoom || *zoom > max_zoom) return std::nullopt;
    const auto column = parse_canonical_number(x);
    const auto row = parse_canonical_number(y);
    if (!column || !row) return std::nullopt;
    const TileId tile{*zoom, *column, *row};
    if (!tile.is_valid()) return std::nullopt;
    return tile;
}

BBox tile_bounds(const TileId& tile) {
    const double size = 2.0 * mercator_half_world / static_cast<double>(tiles_per_axis(tile.z));
    BBox box;
    box.min_x = -mercator_half_world + static_cast<double>(tile.x) * size;
    box.max_x = box.min_x + size;
    box.max_y = mercator_half_world - static_cast<double>(tile.y) * size;
    box.min_y = box.max_y - size;
    return box;
}

std::optional<TileRange> tiles_covering(const BBox& lonlat, std::uint32_t zoom) {
    if (lonlat.is_empty()) return std::nullopt;
    const Point south_west = lonlat_to_mercator(Point{lonlat.min_x, lonlat.min_y});
    const Point north_east = lonlat_to_mercator(Point{lonlat.max_x, lonlat.max_y});
    const double world = 2.0 * mercator_half_world;
    TileRange range;
    range.z = zoom;
    range.min_x = tile_index((south_west.x + mercator_half_world) / world, zoom);
    range.max_x = tile_index((north_east.x + mercator_half_world) / world, zoom);
    range.min_y = tile_index((mercator_half_world - north_east.y) / world, zoom);
    range.max_y = tile_index((mercator_half_world - south_west.y) / world, zoom);
    return range;
}

}  // namespace sna::geo
