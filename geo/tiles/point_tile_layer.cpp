#include "geo/tiles/point_tile_layer.hpp"

#include "geo/tiles/mercator.hpp"
#include "geo/tiles/tile_geometry.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace sna::geo {

namespace {

/// Properties given with the features, held as they came.
class ListedProperties final : public PointProperties {
public:
    explicit ListedProperties(std::vector<std::vector<Property>> properties)
        : m_properties(std::move(properties)) {}
    void properties(std::size_t point, std::vector<Property>& out) const override {
        out = m_properties[point];
    }

private:
    std::vector<std::vector<Property>> m_properties;
};

}  // namespace

PointIndex::PointIndex(std::vector<std::uint64_t> ids, const std::vector<Point>& lonlat,
                       const std::string& layer)
    : m_ids(std::move(ids)) {
    assert(m_ids.size() == lonlat.size());
    m_mercator.reserve(lonlat.size());
    std::vector<BBox> boxes;
    boxes.reserve(lonlat.size());
    for (std::size_t f = 0; f < lonlat.size(); ++f) {
        detail::check_lonlat(lonlat[f], layer, f, m_ids[f]);
        m_bounds_lonlat.expand(lonlat[f]);
        const Point p = lonlat_to_mercator(lonlat[f]);
        m_mercator.push_back(p);
        boxes.push_back(BBox{p.x, p.y, p.x, p.y});
    }
    m_index = PackedRTree(boxes);
}

std::vector<std::uint32_t> PointIndex::search(const BBox& mercator) const {
    std::vector<std::uint32_t> found;
    m_index.search(mercator, found);
    std::sort(found.begin(), found.end());  // input order: the same tile, the same bytes
    return found;
}

PointTileLayer::PointTileLayer(std::vector<PointFeature> features, const TileLayerOptions& options)
    : m_options(options) {
    validate(m_options);
    std::vector<std::uint64_t> ids;
    std::vector<Point> lonlat;
    std::vector<std::vector<Property>> properties;
    ids.reserve(features.size());
    lonlat.reserve(features.size());
    properties.reserve(features.size());
    LayerFieldCollector fields;
    for (PointFeature& feature : features) {
        ids.push_back(feature.id);
        lonlat.push_back(feature.lonlat);
        fields.add(feature.properties);
        properties.push_back(std::move(feature.properties));
    }
    m_points = std::make_shared<const PointIndex>(std::move(ids), lonlat, m_options.name);
    m_properties = std::make_shared<const ListedProperties>(std::move(properties));
    m_fields = fields.fields();
}

PointTileLayer::PointTileLayer(std::shared_ptr<const PointIndex> points,
                               std::shared_ptr<const PointProperties> properties,
                               std::vector<LayerField> fields, const TileLayerOptions& options)
    : m_options(options),
      m_points(std::move(points)),
      m_properties(std::move(properties)),
      m_fields(std::move(fields)) {
    validate(m_options);
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
    bool is_added = false;
    std::vector<Property> properties;
    for (const std::uint32_t f : m_points->search(box)) {
        m_properties->properties(f, properties);
        is_added |= layer.add_point_feature(m_points->id(f),
                                            {transform.to_tile(m_points->mercator(f))}, properties);
    }
    return is_added;
}

}  // namespace sna::geo
