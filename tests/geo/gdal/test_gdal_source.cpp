#include "geo/gdal/gdal_source.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/geometry.hpp"
#include "geo/core/wkb.hpp"
#include "geo/proj/coordinate_transform.hpp"

#include "tests/support/error_text.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace sna::geo;

namespace {

std::string fixture(const std::string& name) {
    // Not from __FILE__: ccache's base_dir makes it relative to the build folder, and CTest runs
    // the tests from another folder.
    return (fs::path(SNAMAP_SOURCE_DIR) / "tests" / "data" / "fixtures" / "import" / name).string();
}

using sna::test::error_text;

std::vector<Feature> read_all(GdalSource& source) {
    std::vector<Feature> features;
    Feature feature;
    while (source.next(feature)) features.push_back(feature);
    return features;
}

// The square cells of areas_wgs84.geojson span 0.01° × 0.01° around 52.485° N: on the WGS84
// ellipsoid 1112.8 m north-south × 679.3 m east-west. BNG's scale factor there (~0.9996, squared
// for areas) takes ~0.07 % off.
constexpr double cell_area_m2 = 1112.8 * 679.3;

}  // namespace

TEST_CASE("GdalSource reads fields as text and geometry as ISO WKB") {
    auto source = GdalSource::open(fixture("areas_wgs84.geojson"), "boundaries/areas.geojson", "");
    CHECK(source.display_name() == "boundaries/areas.geojson");
    CHECK(source.layer_name() == "areas");
    CHECK(source.fields() == std::vector<std::string>{"code", "name", "population"});
    CHECK(source.field_index("population", "population") == 2);
    CHECK_FALSE(source.is_spreadsheet());
    CHECK_THAT(source.crs_wkt_or_empty(), Catch::Contains("WGS 84"));

    const auto features = read_all(source);
    REQUIRE(features.size() == 3);
    CHECK(features[0].fid == "1");
    CHECK(features[0].fields == std::vector<std::string>{"E01000001", "Square north", "1500"});
    CHECK(features[1].fields[2].empty());  // null population
    CHECK(features[0].type == GeometryType::polygon);

    const MultiPolygon square = multipolygon_from_wkb(features[0].wkb);
    REQUIRE(square.polygons.size() == 1);
    const Ring& ring = square.polygons[0].rings.at(0);
    REQUIRE(ring.size() == 4);
    CHECK(ring[0] == Point{-1.90, 52.48});  // x = lon: the file's order, untouched
    CHECK(ring[2] == Point{-1.89, 52.49});

    CHECK(error_text([&] { source.field_index("Code", "code_field"); }) ==
          "boundaries/areas.geojson: column 'Code': not found (needed for code_field); did you "
          "mean 'code'?");
}

TEST_CASE("GdalSource repairs a bow-tie polygon with MakeValid") {
    auto source = GdalSource::open(fixture("areas_wgs84.geojson"), "areas.geojson", "areas");
    auto features = read_all(source);
    REQUIRE(features.size() == 3);
    CHECK(source.is_valid(features[0]));
    CHECK(source.is_valid(features[1]));

    Feature& bow_tie = features[2];
    CHECK(bow_tie.fid == "3");
    CHECK_FALSE(source.is_valid(bow_tie));
    REQUIRE(source.make_valid(bow_tie));
    CHECK(source.is_valid(bow_tie));
    CHECK(bow_tie.type == GeometryType::multi_polygon);
    CHECK(is_polygonal(bow_tie.type));
    const MultiPolygon parts = multipolygon_from_wkb(bow_tie.wkb);
    CHECK(parts.polygons.size() == 2);  // the two triangles either side of the crossing

    const double square = source.area_in(features[0], "EPSG:27700");
    CHECK(square == Approx(cell_area_m2).epsilon(0.002));
    CHECK(source.area_in(bow_tie, "EPSG:27700") == Approx(square / 2).epsilon(0.001));

    // lon/lat input stays lon/lat when asked for EPSG:4326 (axis-order trap, docs/style.md §7).
    const MultiPolygon lonlat = multipolygon_from_wkb(source.wkb_in(features[0], "EPSG:4326"));
    CHECK(lonlat.polygons.at(0).rings.at(0).at(0).x == Approx(-1.90).margin(1e-9));
    CHECK(lonlat.polygons.at(0).rings.at(0).at(0).y == Approx(52.48).margin(1e-9));
}

TEST_CASE("GdalSource::make_valid keeps polygonal parts and refuses collapsed polygons") {
    auto source = GdalSource::open(fixture("bng_features.geojson"), "bng.geojson", "");
    const auto polygon_feature = [](Ring ring) {
        Feature feature;
        feature.fid = "7";
        feature.wkb = to_wkb(MultiPolygon{{Polygon{{std::move(ring)}}}});
        feature.type = GeometryType::multi_polygon;
        return feature;
    };
    constexpr double x = 400000;
    constexpr double y = 280000;

    SECTION("a spike: the dangling line is dropped, the 10 m square kept") {
        Feature spike = polygon_feature({{x, y},
                                         {x + 10, y},
                                         {x + 10, y + 10},
                                         {x + 5, y + 10},
                                         {x + 5, y + 20},
                                         {x + 5, y + 10},
                                         {x, y + 10}});
        CHECK_FALSE(source.is_valid(spike));
        REQUIRE(source.make_valid(spike));
        CHECK(is_polygonal(spike.type));
        CHECK(source.is_valid(spike));
        CHECK(source.area_in(spike, "EPSG:27700") == Approx(100));
    }
    SECTION("a polygon collapsed to a line cannot be repaired") {
        Feature line = polygon_feature({{x, y}, {x + 10, y + 10}, {x + 20, y + 20}});
        const std::string before = line.wkb;
        CHECK_FALSE(source.is_valid(line));
        CHECK_FALSE(source.make_valid(line));
        CHECK(line.wkb == before);  // left for the caller to reject
        CHECK(line.type == GeometryType::multi_polygon);
    }
}

TEST_CASE("GdalSource reprojects a British National Grid file to lon/lat") {
    auto source = GdalSource::open(fixture("bng_features.geojson"), "bng.geojson", "");
    CHECK_THAT(source.crs_wkt_or_empty(), Catch::Contains("British National Grid"));
    const auto features = read_all(source);
    REQUIRE(features.size() == 2);

    REQUIRE(features[0].type == GeometryType::point);
    const Point in_file = point_from_wkb(features[0].wkb);
    CHECK(in_file == Point{406000, 285000});
    const Point lonlat = point_from_wkb(source.wkb_in(features[0], "EPSG:4326"));
    CHECK(lonlat.x == Approx(-1.91312).margin(1e-5));
    CHECK(lonlat.y == Approx(52.46291).margin(1e-5));
    // One reprojection path: files go through the same PROJ transformation as points.
    CHECK(lonlat == CoordinateTransform("EPSG:27700", "EPSG:4326").forward(in_file));

    REQUIRE(features[1].type == GeometryType::polygon);
    CHECK(source.area_in(features[1], "EPSG:27700") == Approx(1e6).epsilon(1e-9));
    CHECK(source.area_in(features[0], "EPSG:27700") == 0.0);

    CHECK_THAT(error_text([&] { source.area_in(features[1], "EPSG:99999"); }),
               Catch::StartsWith("bng.geojson: unknown CRS 'EPSG:99999'"));
}

TEST_CASE("GdalSource needs a CRS: the file's or a declared one") {
    SECTION("none in the file, none declared") {
        auto source = GdalSource::open(fixture("points_no_crs.csv"), "points/no_crs.csv", "");
        CHECK(source.crs_wkt_or_empty().empty());
        Feature feature;
        REQUIRE(source.next(feature));
        CHECK(feature.fields.at(1) == "P1");
        CHECK(error_text([&] { source.wkb_in(feature, "EPSG:4326"); }) ==
              "points/no_crs.csv: the file has no CRS; declare it with \"crs\" in the manifest "
              "entry for this file (e.g. \"crs\": \"EPSG:27700\" for British National Grid)");
    }
    SECTION("declared") {
        auto source =
            GdalSource::open(fixture("points_no_crs.csv"), "points/no_crs.csv", "", "EPSG:27700");
        CHECK_THAT(source.crs_wkt_or_empty(), Catch::Contains("British National Grid"));
        Feature feature;
        REQUIRE(source.next(feature));
        const Point lonlat = point_from_wkb(source.wkb_in(feature, "EPSG:4326"));
        CHECK(lonlat.x == Approx(-1.91312).margin(1e-5));
        CHECK(lonlat.y == Approx(52.46291).margin(1e-5));
    }
    SECTION("an unknown declared CRS") {
        CHECK_THAT(error_text([] {
                       GdalSource::open(fixture("points_no_crs.csv"), "points/no_crs.csv", "",
                                        "EPSG:99999");
                   }),
                   Catch::StartsWith("points/no_crs.csv: unknown CRS 'EPSG:99999'"));
    }
}

TEST_CASE("GdalSource errors name the file and suggest the layer") {
    CHECK(error_text([] {
              GdalSource::open(fixture("areas_wgs84.geojson"), "boundaries/areas.geojson", "areaz");
          }) ==
          "boundaries/areas.geojson: layer 'areaz' not found; did you mean 'areas'? The file has "
          "layer 'areas'");
    CHECK_THAT(error_text([] {
                   GdalSource::open(fixture("missing.gpkg"), "boundaries/missing.gpkg", "");
               }),
               Catch::StartsWith("boundaries/missing.gpkg: file not found (looked for '"));
    CHECK_THAT(
        error_text([] { GdalSource::open(fixture("README.md"), "boundaries/README.md", ""); }),
        Catch::StartsWith("boundaries/README.md: cannot open as vector data"));
}

TEST_CASE("GdalSource can skip geometry and moves") {
    auto source = GdalSource::open(fixture("areas_wgs84.geojson"), "areas.geojson", "");
    source.ignore_geometry();
    GdalSource moved = std::move(source);
    Feature feature;
    REQUIRE(moved.next(feature));
    CHECK(feature.type == GeometryType::none);
    CHECK(feature.wkb.empty());
    CHECK(feature.fields.at(0) == "E01000001");
}
