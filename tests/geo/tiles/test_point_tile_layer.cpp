#include "geo/tiles/point_tile_layer.hpp"

#include "geo/core/errors.hpp"
#include "tests/geo/tiles/tile_layer_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

/// Four schools on squares_tile's grid: two inside, one in the east buffer, one beyond it.
std::vector<PointFeature> schools() {
    const std::vector<std::pair<std::int32_t, std::int32_t>> at{
        {100, 200}, {4000, 4095}, {4130, 50}, {4200, 50}};
    std::vector<PointFeature> features;
    for (std::size_t i = 0; i < at.size(); ++i) {
        PointFeature feature;
        feature.id = 7 + i;
        feature.lonlat = test::lonlat_on_grid(at[i].first, at[i].second);
        feature.properties = {{"name", "school " + std::to_string(i)},
                              {"pupils", std::int64_t{100} * static_cast<std::int64_t>(i)}};
        features.push_back(std::move(feature));
    }
    return features;
}

TileLayerOptions school_options() {
    TileLayerOptions options;
    options.name = "schools";
    options.min_zoom = 6;
    options.max_zoom = 16;
    return options;
}

const PointTileLayer& school_layer() {
    static const PointTileLayer layer{schools(), school_options()};
    return layer;
}

}  // namespace

TEST_CASE("PointTileLayer encodes the points of the buffered tile with ids and properties") {
    const auto features = test::encode_and_decode(school_layer(), test::squares_tile);
    REQUIRE(features.size() == 3);  // the fourth lies beyond the 64-unit buffer
    CHECK(features[0].id == 7u);
    CHECK(features[0].type == GeomType::point);
    CHECK(features[0].parts == std::vector<std::vector<TilePoint>>{{{100, 200}}});
    CHECK(features[1].parts == std::vector<std::vector<TilePoint>>{{{4000, 4095}}});
    CHECK(features[2].id == 9u);
    CHECK(features[2].parts == std::vector<std::vector<TilePoint>>{{{4130, 50}}});
    CHECK(std::get<std::string>(*features[2].find("name")) == "school 2");
    CHECK(std::get<std::int64_t>(*features[2].find("pupils")) == 200);

    const auto east = test::encode_and_decode(school_layer(), TileId{12, 2027, 1344});
    REQUIRE(east.size() == 2);
    CHECK(east[0].parts == std::vector<std::vector<TilePoint>>{{{34, 50}}});
    CHECK(east[1].parts == std::vector<std::vector<TilePoint>>{{{104, 50}}});
}

TEST_CASE("PointTileLayer keeps every point at low zooms") {
    const auto features = test::encode_and_decode(school_layer(), TileId{6, 2026 / 64, 1344 / 64});
    CHECK(features.size() == 4);
}

TEST_CASE("PointTileLayer adds nothing outside its zoom range") {
    LayerBuilder builder = school_layer().new_builder();
    CHECK_FALSE(school_layer().encode(TileId{5, 2026 / 128, 1344 / 128}, builder));
    CHECK_FALSE(school_layer().encode(TileId{17, 2026 * 32, 1344 * 32}, builder));
    CHECK(builder.feature_count() == 0);
}

TEST_CASE("PointTileLayer reports bounds and fields for TileJSON") {
    const PointTileLayer& layer = school_layer();
    CHECK(layer.size() == 4);
    CHECK(layer.bounds_lonlat().min_x == test::lonlat_on_grid(100, 200).x);
    CHECK(layer.bounds_lonlat().max_y == test::lonlat_on_grid(4130, 50).y);
    REQUIRE(layer.fields().size() == 2);
    CHECK(layer.fields()[1].name == "pupils");
    CHECK(layer.fields()[1].type == FieldType::number);
}

TEST_CASE("PointTileLayer rejects positions that are not lon/lat") {
    auto features = schools();
    features[3].lonlat = Point{-1.9, 95.0};
    CHECK_THROWS_WITH(PointTileLayer(features, school_options()),
                      "tile layer 'schools':feature 3 (id 10): coordinate (-1.9, 95) is not "
                      "longitude/latitude in degrees (EPSG:4326)");
}

namespace {

/// Properties made on demand: the point's index and a label of the view.
class NumberedProperties final : public PointProperties {
public:
    explicit NumberedProperties(std::string label) : m_label(std::move(label)) {}
    void properties(std::size_t point, std::vector<Property>& out) const override {
        out = {{"view", m_label}, {"index", static_cast<std::int64_t>(point)}};
    }

private:
    std::string m_label;
};

}  // namespace

TEST_CASE("PointTileLayer serves one shared PointIndex with each view's own properties") {
    std::vector<std::uint64_t> ids;
    std::vector<Point> lonlat;
    for (const auto& s : schools()) {
        ids.push_back(s.id);
        lonlat.push_back(s.lonlat);
    }
    const auto index = std::make_shared<const PointIndex>(ids, lonlat, "schools");
    const std::vector<LayerField> fields{{"view", FieldType::string}, {"index", FieldType::number}};
    const PointTileLayer a{index, std::make_shared<NumberedProperties>("a"), fields,
                           school_options()};
    const PointTileLayer b{index, std::make_shared<NumberedProperties>("b"), fields,
                           school_options()};
    const auto from_a = test::encode_and_decode(a, test::squares_tile);
    const auto from_b = test::encode_and_decode(b, test::squares_tile);
    const auto listed = test::encode_and_decode(school_layer(), test::squares_tile);
    REQUIRE(from_a.size() == listed.size());
    REQUIRE(from_b.size() == listed.size());
    for (std::size_t i = 0; i < listed.size(); ++i) {
        CHECK(from_a[i].id == listed[i].id);
        CHECK(from_a[i].parts == listed[i].parts);
        CHECK(std::get<std::string>(*from_a[i].find("view")) == "a");
        CHECK(std::get<std::string>(*from_b[i].find("view")) == "b");
        CHECK(std::get<std::int64_t>(*from_a[i].find("index")) ==
              static_cast<std::int64_t>(*listed[i].id - 7));  // ids 7… follow input order
    }
    CHECK(a.size() == 4);
    CHECK(a.bounds_lonlat().min_x == school_layer().bounds_lonlat().min_x);
    CHECK(a.fields().size() == 2);
}

TEST_CASE("PointIndex names the point that is not lon/lat") {
    CHECK_THROWS_WITH(PointIndex({1, 2}, {Point{-1.9, 52.4}, Point{200.0, 52.4}}, "crimes"),
                      "tile layer 'crimes':feature 1 (id 2): coordinate (200, 52.4) is not "
                      "longitude/latitude in degrees (EPSG:4326)");
}
