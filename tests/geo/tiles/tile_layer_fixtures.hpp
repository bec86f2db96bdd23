#pragma once
/// Three lon/lat squares in Birmingham laid out on the grid of one z12 tile, so expectations can
/// be written in tile units; helpers to encode one tile of a layer and decode it again.

#include "geo/tiles/mercator.hpp"
#include "geo/tiles/mvt_decoder.hpp"
#include "geo/tiles/mvt_encoder.hpp"
#include "geo/tiles/tile_geometry.hpp"

#include <string>
#include <vector>

namespace sna::geo::test {

/// The z12 tile the squares are drawn on (central Birmingham).
inline const TileId squares_tile{12, 2026, 1344};

/// The lon/lat position of a point of squares_tile's 4096 grid (may lie outside the tile).
inline Point lonlat_on_grid(std::int32_t x, std::int32_t y) {
    return mercator_to_lonlat(TileTransform{squares_tile}.to_mercator(TilePoint{x, y}));
}

/// A lon/lat square with corners on squares_tile's grid; counter-clockwise in lon/lat.
inline MultiPolygon grid_square(std::int32_t x0, std::int32_t y0, std::int32_t x1,
                                std::int32_t y1) {
    return MultiPolygon{{Polygon{{Ring{lonlat_on_grid(x0, y1), lonlat_on_grid(x1, y1),
                                       lonlat_on_grid(x1, y0), lonlat_on_grid(x0, y0)}}}}};
}

/// West [500, 1500], middle [1500, 2500] and east [2500, 4600] by [1000, 2000] on the grid:
/// west and middle share a border, and east runs 504 units past the tile's east edge, beyond the
/// 64-unit buffer. Ids 11, 12, 13; properties of three types.
template <typename Feature>
std::vector<Feature> three_squares() {
    const std::vector<std::pair<std::int32_t, std::int32_t>> spans{
        {500, 1500}, {1500, 2500}, {2500, 4600}};
    const std::vector<std::string> codes{"W", "M", "E"};
    std::vector<Feature> features;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        Feature feature;
        feature.id = 11 + i;
        feature.lonlat = grid_square(spans[i].first, 1000, spans[i].second, 2000);
        feature.properties = {
            {"code", codes[i]}, {"score", 1.5 * static_cast<double>(i)}, {"is_east", i == 2}};
        features.push_back(std::move(feature));
    }
    return features;
}

/// Encodes one tile of a layer (AreaTileLayer or PointTileLayer) and decodes it with our decoder;
/// empty if the layer added nothing.
template <typename Layer>
std::vector<DecodedFeature> encode_and_decode(const Layer& layer, const TileId& tile) {
    LayerBuilder builder = layer.new_builder();
    if (!layer.encode(tile, builder)) return {};
    TileBuilder tile_builder;
    tile_builder.add_layer(std::move(builder));
    auto layers = decode_tile(tile_builder.serialize());
    return layers.empty() ? std::vector<DecodedFeature>{} : layers.front().features;
}

/// The decoded feature with this id, or nullptr.
inline const DecodedFeature* find_feature(const std::vector<DecodedFeature>& features,
                                          std::uint64_t id) {
    for (const auto& feature : features) {
        if (feature.id == id) return &feature;
    }
    return nullptr;
}

}  // namespace sna::geo::test
