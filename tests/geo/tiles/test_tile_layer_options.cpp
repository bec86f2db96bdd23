#include "geo/tiles/tile_layer_options.hpp"

#include "geo/core/errors.hpp"
#include "geo/tiles/mercator.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace sna::geo;

namespace {

TileLayerOptions valid_options() {
    TileLayerOptions options;
    options.name = "lsoa11";
    options.min_zoom = 6;
    options.max_zoom = 14;
    return options;
}

}  // namespace

TEST_CASE("validate accepts sensible options and names the bad one") {
    CHECK_NOTHROW(validate(valid_options()));
    TileLayerOptions options = valid_options();
    options.name.clear();
    CHECK_THROWS_WITH(validate(options), "tile layer '': the layer name is empty (MVT spec 4.1)");
    options = valid_options();
    options.min_zoom = 15;
    CHECK_THROWS_WITH(validate(options),
                      "tile layer 'lsoa11': zoom range 15..14 is not within "
                      "0..24 with min_zoom <= max_zoom");
    options = valid_options();
    options.max_zoom = 25;
    CHECK_THROWS_AS(validate(options), InvalidInput);
    options = valid_options();
    options.buffer = -1;
    CHECK_THROWS_WITH(validate(options),
                      "tile layer 'lsoa11': buffer must be between 0 and the extent");
    options = valid_options();
    options.simplify_pixels = NAN;
    CHECK_THROWS_AS(validate(options), InvalidInput);
    options = valid_options();
    options.extent = 0;
    CHECK_THROWS_AS(validate(options), InvalidInput);
    options = valid_options();
    options.build_threads = 0;
    CHECK_THROWS_AS(validate(options), InvalidInput);
}

TEST_CASE("simplify_tolerance counts pixels of a tile drawn 512 wide") {
    TileLayerOptions options = valid_options();
    CHECK(simplify_tolerance(options, 12) == Approx(2 * mercator_half_world / 4096 / 512));
    options.simplify_pixels = 0.5;
    CHECK(simplify_tolerance(options, 12) == Approx(mercator_pixel_size(12) / 4));
}

TEST_CASE("LayerFieldCollector keeps first-seen order and marks mixed types") {
    LayerFieldCollector collector;
    collector.add({{"code", std::string("E01")}, {"score", 1.0}});
    collector.add({{"score", std::int64_t{3}}, {"flag", true}, {"code", 7.0}});
    const auto fields = collector.fields();
    REQUIRE(fields.size() == 3);
    CHECK(fields[0].name == "code");
    CHECK(fields[0].type == FieldType::mixed);
    CHECK(fields[1].type == FieldType::number);  // double and integer are both numbers
    CHECK(to_string(fields[2].type) == "Boolean");
    CHECK(to_string(FieldType::mixed) == "Mixed");
}
