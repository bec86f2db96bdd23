#include "geo/tiles/point_tile_layer.hpp"

#include "geo/tiles/mercator.hpp"
#include "geo/tiles/tile_geometry.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace sna::geo {

PointTileLayer::PointTileLayer(std::vector<PointFeature> features, const TileLayerOptions& options)
    : m_options(options) {
    validate(m_options);
    m_ids.reserve(features.size());
    m_mercator.reserve(features.size());
    m_properties.reserve(features.size());
    std::vector<BBox> boxes;
    boxes.reserve(features.size());
    LayerFieldCollector fields;
    for (std::size_t f = 0; f < features.size(); ++f) {
        PointFeature& feature = features[f];
        detail::check_lonlat(feature.lonlat, m_options.name, f, feature.id);
        m_bounds_lonlat.expand(feature.lonlat);
        const Point p = lonlat_to_mercator(feature.lonlat);
        m_mercator.push_back(p);
        boxes.push_back(BBox{p.x, p.y, p.x, p.y});
        m_ids.push_back(feature.id);
        fields.add(feature.properties);
        m_properties.push_back(std::move(feature.properties));
    }
    m_fields = fields.fields();
    m_index = PackedRTree(boxes);
}

LayerBuilder PointTileLayer::new_builder() const {
    return LayerBuilder{m_options.name, static_cast<std::uint32_t>(m_options.extent)};
}

bool PointTileLayer::encode(const TileId& tile, LayerBuilder& layer) const {
    assert(tile.is_valid());
    assert(layer.extent() == static_cast<std::uint32_t>(m_options.extent));
    const auto zoom = static_cast<int>(tile.z);
    if (zoom < m_options.min_zoom || zoom > m_options.max_zoom) return false;
    const TileTransform transform{tile, static_cast<std::uint32_t>(m_options.extent)};
    const BBox box = transform.clip_box(static_cast<std::uint32_t>(m_options.buffer));
    std::vector<std::uint32_t> features;
    m_index.search(box, features);
    std::sort(features.begin(), features.end());  // input order: the same tile, the same bytes

    bool is_added = false;
    for (const std::uint32_t f : features) {
        is_added |=
            layer.add_point_feature(m_ids[f], {transform.to_tile(m_mercator[f])}, m_properties[f]);
    }
    return is_added;
}

}  // namespace sna::geo
