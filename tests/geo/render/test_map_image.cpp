#include "geo/render/map_image.hpp"
#include "tests/support/raster.hpp"

#include <catch2/catch.hpp>

using namespace sna;
using namespace sna::geo;

namespace {

MultiPolygon square(double x0, double y0, double size) {
    return {{Polygon{{Ring{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}}}}}};
}

}  // namespace

TEST_CASE("fit_view keeps the centre and takes the image's aspect ratio") {
    const BBox v = fit_view({0, 0, 1000, 1000}, 200, 100, 0.0);
    CHECK(v.max_x - v.min_x == Approx(2000));
    CHECK(v.max_y - v.min_y == Approx(1000));
    CHECK((v.min_x + v.max_x) / 2 == Approx(500));
    const BBox m = fit_view({0, 0, 1000, 1000}, 100, 100, 0.1);
    CHECK(m.max_x - m.min_x == Approx(1200));
}

TEST_CASE("scale bars have nice lengths") {
    CHECK(nice_scale_length(7300) == 5000);
    CHECK(nice_scale_length(1999) == 1000);
    CHECK(nice_scale_length(250) == 200);
    CHECK(nice_scale_length(0) == 0);
}

TEST_CASE("a PNG map fills each area with its colour at the right place") {
    const MultiPolygon left = square(0, 0, 1000), right = square(1000, 0, 1000);
    MapScene scene;
    scene.width = 200;
    scene.height = 100;
    scene.view = {0, 0, 2000, 1000};
    scene.areas = {{&left, rgb_from_hex("#bd0026")}, {&right, std::nullopt}};
    const test::Raster png = test::decode_png(render_png(scene));
    REQUIRE(png.width == 200);
    REQUIRE(png.height == 100);
    CHECK(png.hex(50, 50) == "#bd0026");
    // No data is grey with a darker hatch: most pixels are the no-data grey.
    int grey = 0, hatch = 0;
    for (int x = 110; x < 190; ++x) {
        grey += png.hex(x, 50) == "#c8c8c8";
        hatch += png.r[50 * 200 + static_cast<std::size_t>(x)] < 0xc0;
    }
    CHECK(grey > 25);
    CHECK(hatch > 5);

    scene.scale = 2;  // print resolution: twice the pixels, same picture
    const test::Raster big = test::decode_png(render_png(scene));
    CHECK(big.width == 400);
    CHECK(big.hex(100, 100) == "#bd0026");
    CHECK(render_png(scene) == render_png(scene));  // deterministic
}

TEST_CASE("the legend, title and source line are drawn") {
    const MultiPolygon area = square(0, 0, 1000);
    MapScene scene;
    scene.width = 300;
    scene.height = 300;
    scene.view = {0, 0, 1000, 1000};
    scene.areas = {{&area, rgb_from_hex("#ffffb2")}};
    const test::Raster bare = test::decode_png(render_png(scene));
    scene.legend = {{"low", rgb_from_hex("#ffffb2")}, {"high", rgb_from_hex("#08519c")}};
    scene.title = "A title";
    scene.source_line = "Source: somebody";
    const test::Raster full = test::decode_png(render_png(scene));
    int legend_blue = 0;
    for (int y = 150; y < 300; ++y)
        for (int x = 0; x < 100; ++x) legend_blue += full.hex(x, y) == "#08519c";
    CHECK(legend_blue > 50);                      // the 14×12 swatch of the second class
    CHECK(bare.hex(20, 20) != full.hex(20, 20));  // some title ink or panel
}

TEST_CASE("SVG output has the requested size in pixels") {
    const MultiPolygon area = square(0, 0, 1000);
    MapScene scene;
    scene.width = 320;
    scene.height = 240;
    scene.view = fit_view({0, 0, 1000, 1000}, 320, 240, 0.05);
    scene.areas = {{&area, rgb_from_hex("#bd0026")}};
    const std::string svg = render_svg(scene);
    CHECK(svg.rfind("<?xml", 0) == 0);
    CHECK_THAT(svg, Catch::Contains("width=\"320px\" height=\"240px\""));
    CHECK_THAT(svg, Catch::Contains("rgb(74.117647%,0%,14.901961%)"));  // #bd0026
    CHECK(svg.find("</svg>") != std::string::npos);
}
