#include "geo/tiles/mvt_encoder.hpp"

#include "geo/core/errors.hpp"
#include "geo/tiles/mvt_decoder.hpp"
#include "tests/geo/tiles/tile_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("an encoded tile decodes to the same layers, features and properties") {
    const auto layers = decode_tile(test::sample_tile().serialize());
    REQUIRE(layers.size() == 2);
    const DecodedLayer& areas = layers[0];
    CHECK(areas.name == "areas");
    CHECK(areas.version == 2);
    CHECK(areas.extent == 4096);
    REQUIRE(areas.features.size() == 2);
    const DecodedFeature& first = areas.features[0];
    CHECK(first.id == 101U);
    CHECK(first.type == GeomType::polygon);
    CHECK(*first.find("code") == PropertyValue{std::string("E01009001")});
    CHECK(*first.find("score") == PropertyValue{41.5});
    CHECK(*first.find("rank") == PropertyValue{std::int64_t{-3}});
    CHECK(*first.find("population") == PropertyValue{std::uint64_t{1650}});
    CHECK(*first.find("delta") == PropertyValue{SintValue{-7}});
    CHECK(*first.find("is_priority") == PropertyValue{true});
    CHECK(first.find("missing") == nullptr);
    CHECK(layers[1].name == "schools");
    CHECK(layers[1].features[1].parts == std::vector<TileRing>{{TilePoint{300, 400}}});
}

TEST_CASE("an encoded polygon decodes to the same rings and winding") {
    const auto layers = decode_tile(test::sample_tile().serialize());
    const auto polygons = polygons_of(layers[0].features[0]);
    REQUIRE(polygons.size() == 1);
    REQUIRE(polygons[0].rings.size() == 2);
    CHECK(polygons[0].rings[0] == test::square_ring(0, 0, 2048, 2048));
    CHECK(polygons[0].rings[1] == test::square_hole(512, 512, 1024, 1024));
    const auto multi = polygons_of(layers[0].features[1]);
    REQUIRE(multi.size() == 2);
    CHECK(twice_signed_area(multi[1].rings[0]) == 2 * 952 * 952);
}

TEST_CASE("LayerBuilder stores each key and value once") {
    LayerBuilder layer{"areas"};
    for (std::uint64_t id = 0; id < 10; ++id) {
        layer.add_point_feature(id, {TilePoint{1, 1}},
                                {{"kind", std::string("school")}, {"score", 1.0}, {"n", id % 2}});
    }
    CHECK(layer.key_count() == 3);
    CHECK(layer.value_count() == 4);  // "school", 1.0, 0, 1
    // The same number as another type is another value (MVT values are typed).
    layer.add_point_feature(10, {TilePoint{1, 1}}, {{"n", std::int64_t{1}}});
    CHECK(layer.value_count() == 5);
}

TEST_CASE("LayerBuilder::reserve changes no byte of the layer, whatever its hint") {
    const auto build = [](std::size_t features, std::size_t values) {
        LayerBuilder layer{"areas"};
        layer.reserve(features, values);
        for (std::uint64_t id = 0; id < 3000; ++id) {
            layer.add_point_feature(id, {TilePoint{static_cast<std::int32_t>(id % 4096), 7}},
                                    {{"code", "E" + std::to_string(id)}, {"n", id % 3}});
            if (id == 1000) layer.reserve(10, 10);  // a hint smaller than what it holds
        }
        return layer.serialize();
    };
    const std::string plain = build(0, 0);
    CHECK(build(3000, 3003) == plain);
    CHECK(build(1, 1) == plain);
    CHECK(build(100000, 1000000) == plain);
    TileBuilder tile;
    LayerBuilder reserved{"areas"};
    reserved.reserve(3000, 3003);
    reserved.add_point_feature(1, {TilePoint{1, 1}}, {{"code", std::string("E1")}});
    tile.add_layer(std::move(reserved));
    const auto layers = decode_tile(tile.serialize());
    REQUIRE(layers.size() == 1);
    CHECK(layers[0].features.size() == 1);
}

TEST_CASE("the geometry uses the spec's command integers and zigzag deltas") {
    // MVT spec 4.3.5.1: a point at (25, 17) is [9, 50, 34].
    LayerBuilder layer{"points"};
    layer.add_point_feature(1, {TilePoint{25, 17}}, {});
    TileBuilder tile;
    tile.add_layer(std::move(layer));
    const std::string bytes = tile.serialize();
    CHECK(bytes.find(std::string{"\x22\x03\x09\x32\x22", 5}) != std::string::npos);
}

TEST_CASE("degenerate geometry adds no feature and the tile reports empty") {
    LayerBuilder layer{"areas"};
    CHECK_FALSE(
        layer.add_polygon_feature(1, {TilePolygon{{TileRing{{0, 0}, {5, 5}, {5, 5}}}}}, {}));
    CHECK_FALSE(layer.add_polygon_feature(2, {}, {}));
    CHECK_FALSE(layer.add_point_feature(3, {}, {}));
    CHECK(layer.feature_count() == 0);
    TileBuilder tile;
    tile.add_layer(std::move(layer));
    CHECK(tile.is_empty());
    CHECK(tile.serialize().empty());
    CHECK(decode_tile(tile.serialize()).empty());
}

TEST_CASE("TileBuilder refuses two layers with one name") {
    TileBuilder tile;
    tile.add_layer(LayerBuilder{"areas"});
    CHECK_THROWS_WITH(tile.add_layer(LayerBuilder{"areas"}),
                      "vector tile already has a layer named 'areas'");
    CHECK_THROWS_AS(LayerBuilder{""}, InvalidInput);
}

TEST_CASE("add_flat_polygon_feature encodes the same bytes as add_polygon_feature") {
    const std::vector<TilePolygon> nested = {
        TilePolygon{{TileRing{{0, 0}, {100, 0}, {100, 100}, {0, 100}},
                     TileRing{{10, 10}, {10, 20}, {20, 20}, {20, 10}}}},
        TilePolygon{{TileRing{{200, 200}, {300, 200}, {300, 300}}}}};
    FlatTilePolygons flat;
    for (const auto& polygon : nested) {
        for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
            const auto begin = static_cast<std::uint32_t>(flat.points.size());
            flat.points.insert(flat.points.end(), polygon.rings[i].begin(), polygon.rings[i].end());
            flat.rings.push_back({begin, static_cast<std::uint32_t>(flat.points.size()), i == 0});
        }
    }
    const std::vector<Property> properties = {{"code", std::string("E01000001")}, {"n", 3.5}};
    LayerBuilder a("areas");
    LayerBuilder b("areas");
    for (std::uint64_t id = 1; id <= 3; ++id) {
        REQUIRE(a.add_polygon_feature(id, nested, properties));
        REQUIRE(b.add_flat_polygon_feature(id, flat, properties));
    }
    CHECK(a.serialize() == b.serialize());
    // Repeated keys and values are stored once.
    CHECK(b.key_count() == 2);
    CHECK(b.value_count() == 2);
}

TEST_CASE("add_flat_polygon_feature cleans rings it is given unclean, like the nested form") {
    FlatTilePolygons flat;
    flat.points = {{0, 0}, {0, 0}, {50, 0}, {50, 50}, {0, 0}, {7, 7}, {7, 7}};
    flat.rings = {{0, 5, true}, {5, 7, false}};  // a repeated and a closing point; a 1-point hole
    const std::vector<TilePolygon> nested = to_nested(flat);
    LayerBuilder a("areas");
    LayerBuilder b("areas");
    REQUIRE(a.add_polygon_feature(1, nested, {}));
    REQUIRE(b.add_flat_polygon_feature(1, flat, {}));
    CHECK(a.serialize() == b.serialize());
    FlatTilePolygons degenerate;
    degenerate.points = {{0, 0}, {5, 5}, {10, 10}, {1, 1}, {2, 1}};
    degenerate.rings = {{0, 2, true}, {2, 5, false}};  // its exterior has 2 points: all dropped
    CHECK_FALSE(b.add_flat_polygon_feature(2, degenerate, {}));
}

TEST_CASE("many distinct values keep their indices as the value index grows") {
    LayerBuilder layer("points");
    for (std::uint64_t i = 0; i < 500; ++i) {
        layer.add_point_feature(
            i + 1, {TilePoint{1, 1}},
            {{"n", std::int64_t(i % 250)}, {"s", "v" + std::to_string(i % 100)}});
    }
    CHECK(layer.value_count() == 350);
    const auto layers = decode_tile([&] {
        TileBuilder tile;
        tile.add_layer(layer);
        return tile.serialize();
    }());
    REQUIRE(layers.size() == 1);
    REQUIRE(layers[0].features.size() == 500);
    CHECK(*layers[0].features[499].find("n") == PropertyValue{std::int64_t{249}});
    CHECK(*layers[0].features[499].find("s") == PropertyValue{std::string("v99")});
    CHECK(*layers[0].features[260].find("n") == PropertyValue{std::int64_t{10}});
}
