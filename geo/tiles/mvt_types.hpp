#pragma once
/// Value types shared by the MVT encoder and decoder (Mapbox Vector Tile spec 2.1, section 4).

#include <cstdint>
#include <string>
#include <variant>

namespace sna::geo {

/// Feature geometry type (MVT spec 4.3.4 `GeomType`).
enum class GeomType : std::uint32_t { unknown = 0, point = 1, linestring = 2, polygon = 3 };

/// An integer to be stored zigzag-encoded (`sint_value`), compact for small negative numbers.
struct SintValue {
    std::int64_t value = 0;
    friend bool operator==(const SintValue& a, const SintValue& b) { return a.value == b.value; }
};

/// One of the typed values of MVT spec 4.1 `Value`. A string literal selects std::string.
using PropertyValue =
    std::variant<std::string, float, double, std::int64_t, std::uint64_t, SintValue, bool>;

/// A feature attribute: key and typed value.
struct Property {
    std::string key;
    PropertyValue value;
};

namespace detail {

/// Geometry command ids (MVT spec 4.3.1).
constexpr std::uint32_t command_move_to = 1;
constexpr std::uint32_t command_line_to = 2;
constexpr std::uint32_t command_close_path = 7;

/// CommandInteger: id in the low 3 bits, repeat count above (MVT spec 4.3.1).
constexpr std::uint32_t command_integer(std::uint32_t id, std::uint32_t count) {
    return (id & 0x7U) | (count << 3U);
}

/// ParameterInteger: a zigzag-encoded delta (MVT spec 4.3.2).
constexpr std::uint32_t zigzag(std::int32_t value) {
    return (static_cast<std::uint32_t>(value) << 1U) ^ static_cast<std::uint32_t>(value >> 31);
}

constexpr std::int32_t unzigzag(std::uint32_t value) {
    return static_cast<std::int32_t>(value >> 1U) ^ -static_cast<std::int32_t>(value & 1U);
}

}  // namespace detail

}  // namespace sna::geo
