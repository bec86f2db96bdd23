#include "geo/tiles/mvt_encoder.hpp"

#include "geo/core/errors.hpp"

#include <protozero/pbf_writer.hpp>

#include <type_traits>

namespace sna::geo {

namespace {

// Field numbers of vector_tile.proto (MVT spec 2.1, appendix).
constexpr protozero::pbf_tag_type tile_layers = 3;
constexpr protozero::pbf_tag_type layer_name = 1;
constexpr protozero::pbf_tag_type layer_features = 2;
constexpr protozero::pbf_tag_type layer_keys = 3;
constexpr protozero::pbf_tag_type layer_values = 4;
constexpr protozero::pbf_tag_type layer_extent = 5;
constexpr protozero::pbf_tag_type layer_version = 15;
constexpr protozero::pbf_tag_type feature_id = 1;
constexpr protozero::pbf_tag_type feature_tags = 2;
constexpr protozero::pbf_tag_type feature_type = 3;
constexpr protozero::pbf_tag_type feature_geometry = 4;

/// Encodes a `Value` message; its bytes double as the deduplication key.
std::string encode_value(const PropertyValue& value) {
    std::string data;
    protozero::pbf_writer writer{data};
    std::visit(
        [&writer](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>) writer.add_string(1, v);
            if constexpr (std::is_same_v<T, float>) writer.add_float(2, v);
            if constexpr (std::is_same_v<T, double>) writer.add_double(3, v);
            if constexpr (std::is_same_v<T, std::int64_t>) writer.add_int64(4, v);
            if constexpr (std::is_same_v<T, std::uint64_t>) writer.add_uint64(5, v);
            if constexpr (std::is_same_v<T, SintValue>) writer.add_sint64(6, v.value);
            if constexpr (std::is_same_v<T, bool>) writer.add_bool(7, v);
        },
        value);
    return data;
}

/// Appends geometry commands while tracking the cursor, which persists across rings and parts
/// (MVT spec 4.3.2: parameters are deltas from the previous position).
class GeometryWriter {
public:
    void move_to(const TilePoint& p) {
        m_out.push_back(detail::command_integer(detail::command_move_to, 1));
        add_delta(p);
    }
    void line_to(const std::vector<TilePoint>& points) {
        m_out.push_back(detail::command_integer(detail::command_line_to,
                                                static_cast<std::uint32_t>(points.size())));
        for (const auto& p : points) add_delta(p);
    }
    void points(const std::vector<TilePoint>& points) {
        m_out.push_back(detail::command_integer(detail::command_move_to,
                                                static_cast<std::uint32_t>(points.size())));
        for (const auto& p : points) add_delta(p);
    }
    void close_path() { m_out.push_back(detail::command_integer(detail::command_close_path, 1)); }
    const std::vector<std::uint32_t>& commands() const { return m_out; }

private:
    void add_delta(const TilePoint& p) {
        m_out.push_back(detail::zigzag(p.x - m_cursor.x));
        m_out.push_back(detail::zigzag(p.y - m_cursor.y));
        m_cursor = p;
    }
    TilePoint m_cursor;
    std::vector<std::uint32_t> m_out;
};

/// The ring without repeated points (zero-length LineTo is forbidden, MVT spec 4.3.3.3).
TileRing clean_ring(const TileRing& ring) {
    TileRing out;
    out.reserve(ring.size());
    for (const auto& p : ring) {
        if (out.empty() || out.back() != p) out.push_back(p);
    }
    while (out.size() > 1 && out.back() == out.front()) out.pop_back();
    return out;
}

/// MoveTo, LineTo, ClosePath for each ring (MVT spec 4.3.4.4).
void write_polygon(const TilePolygon& polygon, GeometryWriter& writer) {
    for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
        TileRing ring = clean_ring(polygon.rings[i]);
        if (ring.size() < 3) {
            if (i == 0) return;  // holes without their exterior would become exteriors
            continue;
        }
        writer.move_to(ring.front());
        writer.line_to(TileRing(ring.begin() + 1, ring.end()));
        writer.close_path();
    }
}

}  // namespace

LayerBuilder::LayerBuilder(std::string name, std::uint32_t extent)
    : m_name(std::move(name)), m_extent(extent) {
    if (m_name.empty()) throw InvalidInput("vector tile layer needs a name");
}

bool LayerBuilder::add_polygon_feature(std::uint64_t id, const std::vector<TilePolygon>& polygons,
                                       const std::vector<Property>& properties) {
    GeometryWriter writer;
    for (const auto& polygon : polygons) write_polygon(polygon, writer);
    if (writer.commands().empty()) return false;
    add_feature(id, GeomType::polygon, writer.commands(), properties);
    return true;
}

bool LayerBuilder::add_point_feature(std::uint64_t id, const std::vector<TilePoint>& points,
                                     const std::vector<Property>& properties) {
    if (points.empty()) return false;
    GeometryWriter writer;
    writer.points(points);
    add_feature(id, GeomType::point, writer.commands(), properties);
    return true;
}

void LayerBuilder::add_feature(std::uint64_t id, GeomType type,
                               const std::vector<std::uint32_t>& geometry,
                               const std::vector<Property>& properties) {
    std::vector<std::uint32_t> tags;
    tags.reserve(properties.size() * 2);
    for (const auto& property : properties) {
        tags.push_back(key_index(property.key));
        tags.push_back(value_index(property.value));
    }
    protozero::pbf_writer layer{m_features};
    protozero::pbf_writer feature{layer, layer_features};
    feature.add_uint64(feature_id, id);
    if (!tags.empty()) feature.add_packed_uint32(feature_tags, tags.begin(), tags.end());
    feature.add_enum(feature_type, static_cast<std::int32_t>(type));
    feature.add_packed_uint32(feature_geometry, geometry.begin(), geometry.end());
    ++m_feature_count;
}

std::uint32_t LayerBuilder::key_index(const std::string& key) {
    const auto [it, inserted] =
        m_key_index.try_emplace(key, static_cast<std::uint32_t>(m_keys.size()));
    if (inserted) m_keys.push_back(key);
    return it->second;
}

std::uint32_t LayerBuilder::value_index(const PropertyValue& value) {
    std::string encoded = encode_value(value);
    const auto [it, inserted] =
        m_value_index.try_emplace(encoded, static_cast<std::uint32_t>(m_values.size()));
    if (inserted) m_values.push_back(std::move(encoded));
    return it->second;
}

std::string LayerBuilder::serialize() const {
    std::string data;
    {
        protozero::pbf_writer layer{data};
        layer.add_uint32(layer_version, 2);
        layer.add_string(layer_name, m_name);
        layer.add_uint32(layer_extent, m_extent);
    }
    // A message is a concatenation of fields, so the pre-encoded features can be appended.
    data += m_features;
    protozero::pbf_writer layer{data};
    for (const auto& key : m_keys) layer.add_string(layer_keys, key);
    for (const auto& value : m_values) layer.add_message(layer_values, value);
    return data;
}

void TileBuilder::add_layer(LayerBuilder layer) {
    for (const auto& existing : m_layers) {
        if (existing.name() == layer.name()) {
            throw InvalidInput("vector tile already has a layer named '" + layer.name() + "'");
        }
    }
    m_layers.push_back(std::move(layer));
}

bool TileBuilder::is_empty() const {
    for (const auto& layer : m_layers) {
        if (layer.feature_count() > 0) return false;
    }
    return true;
}

std::string TileBuilder::serialize() const {
    std::string data;
    protozero::pbf_writer tile{data};
    for (const auto& layer : m_layers) {
        if (layer.feature_count() > 0) tile.add_message(tile_layers, layer.serialize());
    }
    return data;
}

}  // namespace sna::geo
