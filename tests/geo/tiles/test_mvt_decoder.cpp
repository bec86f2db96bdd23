#include "geo/tiles/mvt_decoder.hpp"

#include "geo/core/errors.hpp"
#include "tests/geo/tiles/tile_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string_view>

using namespace sna::geo;

namespace {

/// A length-delimited protobuf field with a one-byte key and a short body.
std::string field(char key, const std::string& body) {
    return std::string(1, key) + static_cast<char>(body.size()) + body;
}

/// A tile with one layer "x" holding one polygon feature with these geometry commands.
std::string tile_with_geometry(const std::string& commands) {
    const std::string feature = std::string("\x18\x03", 2) + field('\x22', commands);
    return field('\x1a', field('\x0a', "x") + field('\x12', feature));
}

}  // namespace

TEST_CASE("decode_tile reads the spec's example polygon") {
    // MVT spec 4.3.5.3: [9 6 12 18 10 12 24 44 15].
    const auto layers = decode_tile(tile_with_geometry("\x09\x06\x0c\x12\x0a\x0c\x18\x2c\x0f"));
    REQUIRE(layers.size() == 1);
    CHECK(layers[0].name == "x");
    CHECK(layers[0].version == 1);  // absent: the spec's default
    const DecodedFeature& feature = layers[0].features.at(0);
    CHECK_FALSE(feature.id);
    CHECK(feature.parts == std::vector<TileRing>{{{3, 6}, {8, 12}, {20, 34}}});
    CHECK(polygons_of(feature).size() == 1);
}

TEST_CASE("decode_tile reports malformed input with its place") {
    CHECK_THROWS_AS(decode_tile("\x1a\x05\x0a"), DataError);
    CHECK_THROWS_WITH(decode_tile(tile_with_geometry("\x09\x06\x0c\x0a\x0c\x18\x0f")),
                      "layer 'x' feature 0: ClosePath must follow a ring of 3 or more points");
    CHECK_THROWS_WITH(decode_tile(tile_with_geometry("\x09\x06")),
                      "layer 'x' feature 0: geometry ends mid-command");
    CHECK_THROWS_WITH(decode_tile(tile_with_geometry("\x0b\x06\x0c")),
                      "layer 'x' feature 0: unknown geometry command 3");
}

// Found by the MVT fuzzer: a value message cut right after a bool field's key made protozero read
// one byte past the buffer (caught under AddressSanitizer, make asan-test).
TEST_CASE("decode_tile: a bool value cut after its key is malformed, not read past the end") {
    // Layer "x" with one value message holding only the key of field 7 (bool, varint).
    const std::string value = "\x38";
    const std::string tile_bytes = field('\x1a', field('\x0a', "x") + field('\x22', value));
    // In a heap block of exactly its size (a short std::string keeps its bytes inline, with a
    // terminator after them), so reading one byte past the end is an ASan heap-buffer-overflow.
    const std::unique_ptr<char[]> exact(new char[tile_bytes.size()]);
    std::copy(tile_bytes.begin(), tile_bytes.end(), exact.get());
    CHECK_THROWS_AS(decode_tile(std::string_view(exact.get(), tile_bytes.size())), DataError);
    // A complete bool still reads.
    const std::string good = field('\x1a', field('\x0a', "x") + field('\x22', "\x38\x01"));
    CHECK_NOTHROW(decode_tile(good));
}

TEST_CASE("polygons_of rejects a hole before any exterior") {
    DecodedFeature feature;
    feature.type = GeomType::polygon;
    feature.parts = {test::square_hole(0, 0, 10, 10)};
    CHECK_THROWS_WITH(polygons_of(feature), "ring 0: interior ring before any exterior ring");
}
