#pragma once
/// One tier's view of a point layer's column store (geo/store/point_columns.hpp): the tile
/// properties of each point made on demand, with the attributes the tier may not see left out
/// and small counts suppressed. Tiers share the store; each holds only this view.

#include "geo/store/point_columns.hpp"
#include "geo/tiles/point_tile_layer.hpp"
#include "server/index/data_index.hpp"
#include "server/index/visibility.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sna::server {

class PointLayerView final : public geo::PointProperties {
public:
    /// `data` must outlive the view only during construction (suppression is decided here).
    PointLayerView(const DataIndex& data, std::shared_ptr<const geo::PointColumns> points,
                   const Visibility& visibility, const geo::StoredPointLayer& layer);

    /// name, category, then source_id, period and approximate when set, `<set>_code` per joined
    /// area set (in set order), then the attributes (numbers and strings, at most 40 of them).
    void properties(std::size_t point, std::vector<geo::Property>& out) const override;
    /// Keys and types of every point's properties, in first-seen order.
    const std::vector<geo::LayerField>& fields() const { return m_fields; }
    const geo::PointColumns& points() const { return *m_points; }

private:
    std::vector<geo::LayerField> collect_fields() const;

    std::shared_ptr<const geo::PointColumns> m_points;
    std::vector<std::string> m_area_keys;  ///< "<set>_code" per area set of the store
    /// Per distinct attributes text: its properties, as this tier sees them.
    std::vector<std::vector<geo::Property>> m_attributes;
    std::vector<geo::LayerField> m_fields;
};

}  // namespace sna::server
