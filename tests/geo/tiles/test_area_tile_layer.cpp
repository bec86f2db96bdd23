#include "geo/tiles/area_tile_layer.hpp"

#include "geo/core/errors.hpp"
#include "tests/geo/tiles/tile_layer_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <thread>

using namespace sna::geo;

namespace {

TileLayerOptions squares_options(int min_zoom = 10, int max_zoom = 16) {
    TileLayerOptions options;
    options.name = "squares";
    options.min_zoom = min_zoom;
    options.max_zoom = max_zoom;
    return options;
}

const AreaTileLayer& squares_layer() {
    static const AreaTileLayer layer{test::three_squares<AreaFeature>(), squares_options()};
    return layer;
}

/// Area of a decoded polygon feature in tile units (exteriors minus holes).
double tile_area(const DecodedFeature& feature) {
    double twice = 0;
    for (const auto& polygon : polygons_of(feature)) {
        for (const auto& ring : polygon.rings)
            twice += static_cast<double>(twice_signed_area(ring));
    }
    return twice / 2;
}

BBox tile_bbox(const DecodedFeature& feature) {
    BBox box;
    for (const auto& part : feature.parts) {
        for (const TilePoint& p : part) box.expand(Point{double(p.x), double(p.y)});
    }
    return box;
}

}  // namespace

TEST_CASE("AreaTileLayer encodes the features of a tile with ids, properties and geometry") {
    const auto features = test::encode_and_decode(squares_layer(), test::squares_tile);
    REQUIRE(features.size() == 3);
    CHECK(features[0].id == 11u);  // input order
    CHECK(features[2].id == 13u);
    for (const auto& feature : features) CHECK(feature.type == GeomType::polygon);
    const DecodedFeature& middle = *test::find_feature(features, 12);
    CHECK(std::get<std::string>(*middle.find("code")) == "M");
    CHECK(std::get<double>(*middle.find("score")) == 1.5);
    CHECK(std::get<bool>(*middle.find("is_east")) == false);
    CHECK(tile_area(middle) == 1000.0 * 1000.0);
    const BBox west = tile_bbox(*test::find_feature(features, 11));
    CHECK((west.min_x == 500 && west.max_x == 1500 && west.min_y == 1000 && west.max_y == 2000));
}

TEST_CASE("AreaTileLayer clips features to the buffered tile") {
    const auto features = test::encode_and_decode(squares_layer(), test::squares_tile);
    const DecodedFeature& east = *test::find_feature(features, 13);
    const BBox box = tile_bbox(east);
    CHECK(box.min_x == 2500);
    CHECK(box.max_x == 4096 + 64);  // cut at the buffer, not at 4600
    CHECK(tile_area(east) == (4160.0 - 2500.0) * 1000.0);

    // The tile to the east sees only the east square, from the buffer's west edge to 4600 - 4096.
    const TileId next{12, 2027, 1344};
    const auto next_features = test::encode_and_decode(squares_layer(), next);
    REQUIRE(next_features.size() == 1);
    CHECK(next_features[0].id == 13u);
    const BBox next_box = tile_bbox(next_features[0]);
    CHECK(next_box.min_x == -64);
    CHECK(next_box.max_x == 504);
}

TEST_CASE("AreaTileLayer keeps shared borders at every zoom") {
    const Point on_border = test::lonlat_on_grid(1500, 1500);
    for (std::uint32_t z = 10; z <= 16; ++z) {
        const auto range =
            tiles_covering(BBox{on_border.x, on_border.y, on_border.x, on_border.y}, z);
        const TileId tile{z, range->min_x, range->min_y};
        INFO("tile " << tile.z << "/" << tile.x << "/" << tile.y);
        const auto features = test::encode_and_decode(squares_layer(), tile);
        const auto* west = test::find_feature(features, 11);
        const auto* centre = test::find_feature(features, 12);
        REQUIRE(west != nullptr);
        REQUIRE(centre != nullptr);
        // The west square's east edge is the middle square's west edge, vertex for vertex.
        const double border_x = tile_bbox(*west).max_x;
        CHECK(tile_bbox(*centre).min_x == border_x);
    }
}

TEST_CASE("AreaTileLayer adds nothing outside its zoom range or away from its features") {
    const AreaTileLayer& layer = squares_layer();
    LayerBuilder builder = layer.new_builder();
    CHECK_FALSE(layer.encode(TileId{9, 2026 / 8, 1344 / 8}, builder));     // below min_zoom
    CHECK_FALSE(layer.encode(TileId{17, 2026 * 32, 1344 * 32}, builder));  // above max_zoom
    CHECK_FALSE(layer.encode(TileId{12, 2026, 1346}, builder));            // two tiles south
    CHECK(builder.feature_count() == 0);
    CHECK(test::encode_and_decode(layer, TileId{16, 2026 * 16, 1344 * 16}).empty());
}

TEST_CASE("AreaTileLayer plans one band per zoom up to 14, then full resolution") {
    const AreaTileLayerStats& stats = squares_layer().stats();
    REQUIRE(stats.bands.size() == 6);  // z10 .. z14, then z15-16
    CHECK(stats.bands[0].first_zoom == 10);
    CHECK(stats.bands[0].tolerance == Approx(mercator_pixel_size(10, 512)));
    CHECK(stats.bands[4].last_zoom == 14);
    CHECK(stats.bands[5].first_zoom == 15);
    CHECK(stats.bands[5].last_zoom == 16);
    CHECK(stats.bands[5].tolerance == 0.0);
    CHECK(stats.features == 3);

    TileLayerOptions options = squares_options(3, 20);
    options.simplify_pixels = 0;
    const AreaTileLayer unsimplified{test::three_squares<AreaFeature>(), options};
    CHECK(unsimplified.stats().bands.size() == 1);  // every zoom has the same settings
}

TEST_CASE("AreaTileLayer simplifies more at lower zooms") {
    // A square whose north edge zigzags by 4 grid units at z12 (about 2.5 m on the ground).
    Ring ring{test::lonlat_on_grid(1000, 3000), test::lonlat_on_grid(3000, 3000)};
    for (std::int32_t x = 3000; x >= 1000; x -= 20) {
        ring.push_back(test::lonlat_on_grid(x, (x / 20) % 2 == 0 ? 1000 : 1004));
    }
    std::vector<AreaFeature> features{{1, MultiPolygon{{Polygon{{ring}}}}, {}}};
    const AreaTileLayer layer{features, squares_options()};
    const auto vertices = [&](const TileId& tile) {
        const auto decoded = test::encode_and_decode(layer, tile);
        REQUIRE(decoded.size() == 1);
        return decoded[0].parts.at(0).size();
    };
    CHECK(vertices(test::squares_tile) == 4);  // 4 units = half a pixel at z12: gone
    CHECK(vertices(TileId{16, 2026 * 16 + 8, 1344 * 16 + 3}) > 10);  // full resolution kept
}

TEST_CASE("AreaTileLayer drops sub-pixel areas only when asked") {
    // 40 grid units of z12 are 5 units at z9, 0.6 px wide: below a square pixel, above the grid.
    std::vector<AreaFeature> features{{1, test::grid_square(1000, 1000, 1040, 1040), {}}};
    TileLayerOptions options = squares_options(9, 14);
    const TileId z9{9, 2026 / 8, 1344 / 8};
    CHECK(test::encode_and_decode(AreaTileLayer{features, options}, z9).size() == 1);
    options.drop_subpixel = true;
    const AreaTileLayer dropping{features, options};
    CHECK(test::encode_and_decode(dropping, z9).empty());
    CHECK(test::encode_and_decode(dropping, test::squares_tile).size() == 1);  // 25 px^2 at z12
}

TEST_CASE("AreaTileLayer encodes the same bytes from many threads") {
    const AreaTileLayer& layer = squares_layer();
    const auto encode = [&] {
        LayerBuilder builder = layer.new_builder();
        layer.encode(test::squares_tile, builder);
        return builder.serialize();
    };
    const std::string expected = encode();
    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (auto& result : results) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) result = encode();
        });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& result : results) CHECK(result == expected);
}

TEST_CASE("AreaTileLayer reports bounds and fields for TileJSON") {
    const AreaTileLayer& layer = squares_layer();
    const BBox bounds = layer.bounds_lonlat();
    CHECK(bounds.min_x == Approx(test::lonlat_on_grid(500, 2000).x));
    CHECK(bounds.max_x == Approx(test::lonlat_on_grid(4600, 2000).x));
    CHECK(bounds.min_y == Approx(test::lonlat_on_grid(500, 2000).y));
    CHECK(layer.min_zoom() == 10);
    CHECK(layer.max_zoom() == 16);
    CHECK(layer.size() == 3);
    REQUIRE(layer.fields().size() == 3);
    CHECK(layer.fields()[0].name == "code");
    CHECK(layer.fields()[0].type == FieldType::string);
    CHECK(layer.fields()[1].type == FieldType::number);
    CHECK(layer.fields()[2].type == FieldType::boolean);
}

TEST_CASE("AreaTileLayer rejects geometry that is not lon/lat") {
    std::vector<AreaFeature> features = test::three_squares<AreaFeature>();
    features[1].lonlat.polygons[0].rings[0][2] = Point{412345.0, 289000.0};  // BNG metres
    CHECK_THROWS_WITH(AreaTileLayer(features, squares_options()),
                      "tile layer 'squares':feature 1 (id 12): coordinate (412345, 289000) is "
                      "not longitude/latitude in degrees (EPSG:4326)");
    features[1].lonlat.polygons[0].rings[0][2] = Point{NAN, 52.0};
    CHECK_THROWS_AS(AreaTileLayer(features, squares_options()), DataError);
}

TEST_CASE("AreaTileLayer accepts an empty layer and empty geometry") {
    const AreaTileLayer empty{{}, squares_options()};
    CHECK(empty.bounds_lonlat().is_empty());
    CHECK(test::encode_and_decode(empty, test::squares_tile).empty());
    std::vector<AreaFeature> features = test::three_squares<AreaFeature>();
    features[0].lonlat = {};
    const AreaTileLayer layer{features, squares_options()};
    CHECK(test::encode_and_decode(layer, test::squares_tile).size() == 2);
}
