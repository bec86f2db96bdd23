#include "geo/tiles/mvt_encoder.hpp"

#include "geo/core/errors.hpp"

#include <protozero/pbf_writer.hpp>

#include <algorithm>
#include <functional>
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

/// Encodes a `Value` message into `data` (replacing its content); the bytes double as the
/// deduplication key.
void encode_value(const PropertyValue& value, std::string& data) {
    data.clear();
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
}

/// Appends geometry commands while tracking the cursor, which persists across rings and parts
/// (MVT spec 4.3.2: parameters are deltas from the previous position).
class GeometryWriter {
public:
    GeometryWriter() = default;
    /// Writes into `out` (cleared first), keeping its capacity.
    explicit GeometryWriter(std::vector<std::uint32_t>&& out) : m_out(std::move(out)) {
        m_out.clear();
    }
    std::vector<std::uint32_t> release() { return std::move(m_out); }
    /// MoveTo, LineTo, ClosePath for an open ring without repeated points, 3 or more of them.
    void ring(const TilePoint* first, const TilePoint* last) {
        move_to(*first);
        m_out.push_back(detail::command_integer(detail::command_line_to,
                                                static_cast<std::uint32_t>(last - first - 1)));
        for (const TilePoint* p = first + 1; p != last; ++p) add_delta(*p);
        close_path();
    }
    void move_to(const TilePoint& p) {
        m_out.push_back(detail::command_integer(detail::command_move_to, 1));
        add_delta(p);
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
        writer.ring(ring.data(), ring.data() + ring.size());
    }
}

/// True if the open ring first..last has 3 or more points, none repeated consecutively and the
/// last not equal to the first: clean_ring() would return it unchanged.
bool is_clean_ring(const TilePoint* first, const TilePoint* last) {
    if (last - first < 3 || last[-1] == *first) return false;
    for (const TilePoint* p = first + 1; p != last; ++p) {
        if (*p == p[-1]) return false;
    }
    return true;
}

/// write_polygon() for every polygon of a flat set.
void write_polygons(const FlatTilePolygons& polygons, GeometryWriter& writer) {
    bool is_skipped = false;  // the current polygon's exterior was unusable
    for (std::size_t i = 0; i < polygons.rings.size(); ++i) {
        const auto& range = polygons.rings[i];
        const bool starts_polygon = range.is_exterior || i == 0;
        if (starts_polygon) is_skipped = false;
        if (is_skipped) continue;
        const TilePoint* first = polygons.points.data() + range.begin;
        const TilePoint* last = polygons.points.data() + range.end;
        if (is_clean_ring(first, last)) {
            writer.ring(first, last);
            continue;
        }
        const TileRing ring = clean_ring(TileRing(first, last));
        if (ring.size() < 3) {
            is_skipped = starts_polygon;  // holes without their exterior would become exteriors
            continue;
        }
        writer.ring(ring.data(), ring.data() + ring.size());
    }
}

}  // namespace

LayerBuilder::LayerBuilder(std::string name, std::uint32_t extent)
    : m_name(std::move(name)), m_extent(extent) {
    if (m_name.empty()) throw InvalidInput("vector tile layer needs a name");
}

bool LayerBuilder::add_polygon_feature(std::uint64_t id, const std::vector<TilePolygon>& polygons,
                                       const std::vector<Property>& properties) {
    GeometryWriter writer(std::move(m_geometry));
    for (const auto& polygon : polygons) write_polygon(polygon, writer);
    m_geometry = writer.release();
    if (m_geometry.empty()) return false;
    add_feature(id, GeomType::polygon, m_geometry, properties);
    return true;
}

bool LayerBuilder::add_flat_polygon_feature(std::uint64_t id, const FlatTilePolygons& polygons,
                                            const std::vector<Property>& properties) {
    GeometryWriter writer(std::move(m_geometry));
    write_polygons(polygons, writer);
    m_geometry = writer.release();
    if (m_geometry.empty()) return false;
    add_feature(id, GeomType::polygon, m_geometry, properties);
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
    std::vector<std::uint32_t>& tags = m_tags;
    tags.clear();
    for (std::size_t i = 0; i < properties.size(); ++i) {
        tags.push_back(key_index(properties[i].key, i));
        tags.push_back(value_index(properties[i].value));
    }
    protozero::pbf_writer layer{m_features};
    protozero::pbf_writer feature{layer, layer_features};
    feature.add_uint64(feature_id, id);
    if (!tags.empty()) feature.add_packed_uint32(feature_tags, tags.begin(), tags.end());
    feature.add_enum(feature_type, static_cast<std::int32_t>(type));
    // The packed varints written straight into a reused buffer, then added as one length-
    // delimited field: the same bytes as add_packed_uint32, without a capacity check per byte.
    if (geometry.empty()) throw InvalidInput("vector tile feature without geometry");
    m_packed.resize(geometry.size() * 5);
    char* out = &m_packed[0];
    for (std::uint32_t value : geometry) {
        while (value >= 0x80U) {
            *out++ = static_cast<char>((value & 0x7fU) | 0x80U);
            value >>= 7U;
        }
        *out++ = static_cast<char>(value);
    }
    feature.add_bytes(feature_geometry, m_packed.data(),
                      static_cast<std::size_t>(out - m_packed.data()));
    ++m_feature_count;
}

void LayerBuilder::reserve(std::size_t features, std::size_t values) {
    constexpr std::size_t bytes_per_feature = 64;  // id, tags and a small polygon
    constexpr std::size_t bytes_per_value = 16;
    m_features.reserve(features * bytes_per_feature);
    m_value_spans.reserve(values);
    m_value_bytes.reserve(values * bytes_per_value);
    while (2 * (values + 1) > m_value_slots.size()) grow_value_slots();
}

std::uint32_t LayerBuilder::key_index(const std::string& key, std::size_t position) {
    // Features of a layer mostly repeat the previous feature's keys in the same order: compare
    // with that key before hashing.
    if (position < m_last_keys.size() && m_keys[m_last_keys[position]] == key) {
        return m_last_keys[position];
    }
    const auto [it, inserted] =
        m_key_index.try_emplace(key, static_cast<std::uint32_t>(m_keys.size()));
    if (inserted) m_keys.push_back(key);
    if (position >= m_last_keys.size()) m_last_keys.resize(position + 1);
    m_last_keys[position] = it->second;
    return it->second;
}

std::string_view LayerBuilder::value_bytes(std::uint32_t index) const {
    const auto [offset, size] = m_value_spans[index];
    return std::string_view(m_value_bytes).substr(offset, size);
}

std::uint32_t LayerBuilder::value_index(const PropertyValue& value) {
    encode_value(value, m_value_scratch);
    // Kept at most half full, so linear probing stays short.
    if (2 * (m_value_spans.size() + 1) > m_value_slots.size()) grow_value_slots();
    const std::size_t mask = m_value_slots.size() - 1;
    const auto hash = static_cast<std::uint32_t>(std::hash<std::string_view>{}(m_value_scratch));
    std::size_t slot = hash & mask;
    for (; m_value_slots[slot].index_plus_one != 0; slot = (slot + 1) & mask) {
        const ValueSlot& taken = m_value_slots[slot];
        if (taken.hash == hash && value_bytes(taken.index_plus_one - 1) == m_value_scratch)
            return taken.index_plus_one - 1;
    }
    const auto index = static_cast<std::uint32_t>(m_value_spans.size());
    m_value_spans.emplace_back(static_cast<std::uint32_t>(m_value_bytes.size()),
                               static_cast<std::uint32_t>(m_value_scratch.size()));
    m_value_bytes += m_value_scratch;
    m_value_slots[slot] = {index + 1, hash};
    return index;
}

void LayerBuilder::grow_value_slots() {
    std::vector<ValueSlot> slots(std::max<std::size_t>(64, 2 * m_value_slots.size()));
    const std::size_t mask = slots.size() - 1;
    for (const ValueSlot& taken : m_value_slots) {
        if (taken.index_plus_one == 0) continue;
        std::size_t slot = taken.hash & mask;
        while (slots[slot].index_plus_one != 0) slot = (slot + 1) & mask;
        slots[slot] = taken;
    }
    m_value_slots = std::move(slots);
}

std::string LayerBuilder::serialize() const {
    std::string data;
    // An upper bound, so the features (a megabyte or more at low zooms) are copied once: each
    // key and value field adds at most a tag byte and a 5-byte length.
    std::size_t key_bytes = 0;
    for (const auto& key : m_keys) key_bytes += key.size() + 6;
    data.reserve(m_name.size() + 32 + m_features.size() + key_bytes + m_value_bytes.size() +
                 6 * m_value_spans.size());
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
    for (std::uint32_t i = 0; i < m_value_spans.size(); ++i) {
        const std::string_view value = value_bytes(i);
        layer.add_message(layer_values, value.data(), value.size());
    }
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
