#include "geo/tiles/mvt_decoder.hpp"

#include "geo/core/errors.hpp"

#include <protozero/exception.hpp>
#include <protozero/pbf_reader.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sna::geo {

namespace {

[[noreturn]] void fail(const std::string& where, const std::string& problem) {
    throw DataError({"", where, ""}, problem);
}

using protozero::pbf_wire_type;

/// A switch label for a field number with the wire type the spec gives it; fields with another
/// wire type fall to `default` and are skipped, as protobuf readers must.
constexpr std::uint32_t field(std::uint32_t tag, pbf_wire_type type) {
    return protozero::tag_and_type(tag, type);
}

constexpr auto varint = pbf_wire_type::varint;
constexpr auto bytes = pbf_wire_type::length_delimited;

PropertyValue decode_value(protozero::pbf_reader message) {
    std::optional<PropertyValue> value;
    while (message.next()) {
        switch (message.tag_and_type()) {
            case field(1, bytes):
                value = std::string(message.get_view());
                break;
            case field(2, pbf_wire_type::fixed32):
                value = message.get_float();
                break;
            case field(3, pbf_wire_type::fixed64):
                value = message.get_double();
                break;
            case field(4, varint):
                value = message.get_int64();
                break;
            case field(5, varint):
                value = message.get_uint64();
                break;
            case field(6, varint):
                value = SintValue{message.get_sint64()};
                break;
            case field(7, varint):
                // Not get_bool(): protozero 1.7 reads its first byte without a bounds check, so a
                // message cut after the tag read past the buffer (found by the MVT fuzzer).
                value = message.get_uint64() != 0;
                break;
            default:
                message.skip();
        }
    }
    if (!value) throw DataError({"", "", ""}, "value message holds no value");
    return *value;
}

/// Reads MVT geometry commands (MVT spec 4.3) into parts; see DecodedFeature.
class GeometryReader {
public:
    GeometryReader(std::vector<std::uint32_t> commands, GeomType type)
        : m_commands(std::move(commands)), m_type(type) {}

    std::vector<std::vector<TilePoint>> read() {
        while (m_next < m_commands.size()) {
            const std::uint32_t command = m_commands[m_next++];
            const std::uint32_t id = command & 0x7U;
            const std::uint32_t count = command >> 3U;
            if (id == detail::command_move_to) {
                move_to(count);
            } else if (id == detail::command_line_to) {
                if (m_parts.empty()) throw std::runtime_error("LineTo before MoveTo");
                for (std::uint32_t i = 0; i < count; ++i) m_parts.back().push_back(read_point());
            } else if (id == detail::command_close_path) {
                if (count != 1 || m_parts.empty() || m_parts.back().size() < 3) {
                    throw std::runtime_error("ClosePath must follow a ring of 3 or more points");
                }
            } else {
                throw std::runtime_error("unknown geometry command " + std::to_string(id));
            }
        }
        return std::move(m_parts);
    }

private:
    void move_to(std::uint32_t count) {
        if (m_type == GeomType::point) {
            if (m_parts.empty()) m_parts.emplace_back();
            for (std::uint32_t i = 0; i < count; ++i) m_parts.back().push_back(read_point());
            return;
        }
        if (count != 1) throw std::runtime_error("MoveTo count must be 1 for lines and polygons");
        m_parts.push_back({read_point()});
    }
    TilePoint read_point() {
        if (m_next + 2 > m_commands.size()) throw std::runtime_error("geometry ends mid-command");
        m_cursor.x = add_delta(m_cursor.x, m_commands[m_next++]);
        m_cursor.y = add_delta(m_cursor.y, m_commands[m_next++]);
        return m_cursor;
    }
    /// Applies a zigzag delta; a hostile tile must not overflow the coordinate.
    static std::int32_t add_delta(std::int32_t position, std::uint32_t parameter) {
        const std::int64_t moved = std::int64_t{position} + detail::unzigzag(parameter);
        if (moved < INT32_MIN || moved > INT32_MAX) {
            throw std::runtime_error("geometry coordinate out of range");
        }
        return static_cast<std::int32_t>(moved);
    }

    std::vector<std::uint32_t> m_commands;
    GeomType m_type;
    std::size_t m_next = 0;
    TilePoint m_cursor;
    std::vector<std::vector<TilePoint>> m_parts;
};

struct RawFeature {
    DecodedFeature feature;
    std::vector<std::uint32_t> tags;
    std::vector<std::uint32_t> geometry;
};

RawFeature read_feature(protozero::pbf_reader message) {
    RawFeature raw;
    while (message.next()) {
        switch (message.tag_and_type()) {
            case field(1, varint):
                raw.feature.id = message.get_uint64();
                break;
            case field(2, bytes): {
                const auto range = message.get_packed_uint32();
                raw.tags.assign(range.begin(), range.end());
                break;
            }
            case field(3, varint):
                raw.feature.type = static_cast<GeomType>(message.get_enum());
                break;
            case field(4, bytes): {
                const auto range = message.get_packed_uint32();
                raw.geometry.assign(range.begin(), range.end());
                break;
            }
            default:
                message.skip();
        }
    }
    return raw;
}

/// Resolves tags against the layer's tables and decodes the geometry.
DecodedFeature finish_feature(RawFeature raw, const std::vector<std::string>& keys,
                              const std::vector<PropertyValue>& values) {
    if (raw.tags.size() % 2 != 0) throw std::runtime_error("odd number of tags");
    for (std::size_t i = 0; i < raw.tags.size(); i += 2) {
        if (raw.tags[i] >= keys.size() || raw.tags[i + 1] >= values.size()) {
            throw std::runtime_error("tag index out of range");
        }
        raw.feature.properties.push_back({keys[raw.tags[i]], values[raw.tags[i + 1]]});
    }
    raw.feature.parts = GeometryReader(std::move(raw.geometry), raw.feature.type).read();
    return std::move(raw.feature);
}

DecodedLayer decode_layer(protozero::pbf_reader message) {
    DecodedLayer layer;
    std::vector<RawFeature> raw_features;
    std::vector<std::string> keys;
    std::vector<PropertyValue> values;
    while (message.next()) {
        switch (message.tag_and_type()) {
            case field(1, bytes):
                layer.name = std::string(message.get_view());
                break;
            case field(2, bytes):
                raw_features.push_back(read_feature(message.get_message()));
                break;
            case field(3, bytes):
                keys.emplace_back(message.get_view());
                break;
            case field(4, bytes):
                values.push_back(decode_value(message.get_message()));
                break;
            case field(5, varint):
                layer.extent = message.get_uint32();
                break;
            case field(15, varint):
                layer.version = message.get_uint32();
                break;
            default:
                message.skip();
        }
    }
    for (std::size_t i = 0; i < raw_features.size(); ++i) {
        try {
            layer.features.push_back(finish_feature(std::move(raw_features[i]), keys, values));
        } catch (const std::runtime_error& e) {
            fail("layer '" + layer.name + "' feature " + std::to_string(i), e.what());
        }
    }
    return layer;
}

}  // namespace

const PropertyValue* DecodedFeature::find(std::string_view key) const {
    for (const auto& property : properties) {
        if (property.key == key) return &property.value;
    }
    return nullptr;
}

std::vector<DecodedLayer> decode_tile(std::string_view data) {
    std::vector<DecodedLayer> layers;
    try {
        protozero::pbf_reader tile{data.data(), data.size()};
        while (tile.next()) {
            if (tile.tag_and_type() == field(3, bytes)) {
                layers.push_back(decode_layer(tile.get_message()));
            } else {
                tile.skip();
            }
        }
    } catch (const protozero::exception& e) {
        fail("layer " + std::to_string(layers.size()),
             std::string("malformed protobuf: ") + e.what());
    }
    return layers;
}

std::vector<TilePolygon> polygons_of(const DecodedFeature& feature) {
    std::vector<TilePolygon> polygons;
    for (std::size_t i = 0; i < feature.parts.size(); ++i) {
        const std::int64_t area2 = twice_signed_area(feature.parts[i]);
        if (area2 == 0) fail("ring " + std::to_string(i), "ring has zero area");
        if (area2 > 0) {
            polygons.emplace_back();
        } else if (polygons.empty()) {
            fail("ring " + std::to_string(i), "interior ring before any exterior ring");
        }
        polygons.back().rings.push_back(feature.parts[i]);
    }
    return polygons;
}

}  // namespace sna::geo
