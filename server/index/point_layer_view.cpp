#include "server/index/point_layer_view.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace sna::server {

namespace {

/// The properties of one attributes text: numbers (or `<key>_suppressed` for a small count) and
/// strings; none when the text is not an object or has more than 40 keys.
std::vector<geo::Property> attribute_properties(const DataIndex& data, const std::string& layer,
                                                const std::string& json) {
    std::vector<geo::Property> props;
    const auto attributes = nlohmann::json::parse(json, nullptr, false);
    if (!attributes.is_object() || attributes.size() > 40) return props;
    for (const auto& [key, value] : attributes.items()) {
        if (value.is_number() && data.suppressed_attribute(layer, key, value.get<double>())) {
            // A small count (e.g. 1-4 permanent exclusions at one school) is withheld.
            props.push_back({key + "_suppressed", true});
            continue;
        }
        if (value.is_number()) props.push_back({key, value.get<double>()});
        if (value.is_string()) props.push_back({key, value.get<std::string>()});
    }
    return props;
}

}  // namespace

PointLayerView::PointLayerView(const DataIndex& data,
                               std::shared_ptr<const geo::PointColumns> points,
                               const Visibility& visibility, const geo::StoredPointLayer& layer)
    : m_points(std::move(points)) {
    for (const auto& set : m_points->area_sets()) m_area_keys.push_back(set + "_code");
    const auto& texts = m_points->attributes();
    m_attributes.reserve(texts.size());
    for (std::uint32_t t = 0; t < texts.size(); ++t) {
        m_attributes.push_back(attribute_properties(
            data, layer.id, visibility.visible_attributes(layer, texts.at(t))));
    }
    m_fields = collect_fields();
}

void PointLayerView::properties(std::size_t point, std::vector<geo::Property>& out) const {
    const geo::PointColumns& p = *m_points;
    out.clear();
    out.push_back({"name", std::string(p.name(point))});
    out.push_back({"category", p.category(point)});
    if (const auto id = p.source_id(point); !id.empty())
        out.push_back({"source_id", std::string(id)});
    if (const auto& period = p.period(point); !period.empty()) out.push_back({"period", period});
    if (p.approximate(point)) out.push_back({"approximate", true});
    for (std::size_t s = 0; s < m_area_keys.size(); ++s) {
        if (const std::string* code = p.area_code(point, s)) out.push_back({m_area_keys[s], *code});
    }
    const auto& attributes = m_attributes[p.attributes_id(point)];
    out.insert(out.end(), attributes.begin(), attributes.end());
}

std::vector<geo::LayerField> PointLayerView::collect_fields() const {
    // A point's keys and types follow from which optional parts it has and its attributes text,
    // so the first point of each such shape, taken in order, gives the fields of all of them.
    const geo::PointColumns& p = *m_points;
    geo::LayerFieldCollector fields;
    std::set<std::string> seen;
    std::vector<geo::Property> props;
    std::string shape;
    for (std::size_t i = 0; i < p.size(); ++i) {
        shape = std::to_string(p.attributes_id(i));
        shape += {p.source_id(i).empty() ? '0' : '1', p.period(i).empty() ? '0' : '1',
                  p.approximate(i) ? '1' : '0'};
        for (std::size_t s = 0; s < m_area_keys.size(); ++s) shape += p.area_code(i, s) ? '1' : '0';
        if (!seen.insert(shape).second) continue;
        properties(i, props);
        fields.add(props);
    }
    return fields.fields();
}

}  // namespace sna::server
