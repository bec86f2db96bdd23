#include "geo/tiles/mercator.hpp"

#include "tests/geo/tiles/run_command.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace sna::geo;

TEST_CASE("lonlat_to_mercator matches EPSG:3857 at known points") {
    // Reference values from: echo "-1.9 52.48" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:3857
    const Point birmingham = lonlat_to_mercator(Point{-1.9, 52.48});
    CHECK(birmingham.x == Approx(-211507.03250722).margin(1e-3));
    CHECK(birmingham.y == Approx(6887385.31022381).margin(1e-3));
    const Point origin = lonlat_to_mercator(Point{0, 0});
    CHECK(origin.x == Approx(0).margin(1e-9));
    CHECK(origin.y == Approx(0).margin(1e-9));
    CHECK(lonlat_to_mercator(Point{180, 0}).x == Approx(mercator_half_world));
}

TEST_CASE("lonlat_to_mercator clamps latitude to the Web Mercator square") {
    CHECK(lonlat_to_mercator(Point{0, 90}).y == Approx(mercator_half_world));
    CHECK(lonlat_to_mercator(Point{0, -89}).y == Approx(-mercator_half_world));
}

TEST_CASE("mercator_to_lonlat inverts lonlat_to_mercator") {
    for (const Point p : {Point{-1.9, 52.48}, Point{151.2, -33.9}, Point{-179.5, 84.9}}) {
        const Point back = mercator_to_lonlat(lonlat_to_mercator(p));
        CHECK(back.x == Approx(p.x).margin(1e-9));
        CHECK(back.y == Approx(p.y).margin(1e-9));
    }
}

TEST_CASE("mercator_pixel_size halves with every zoom") {
    CHECK(mercator_pixel_size(0) == Approx(156543.03392804097));
    CHECK(mercator_pixel_size(1) == Approx(mercator_pixel_size(0) / 2));
    CHECK(mercator_pixel_size(3, 4096) == Approx(2 * mercator_half_world / (4096 * 8)));
}

TEST_CASE("lonlat_to_mercator agrees with GDAL's gdaltransform", "[gdal]") {
    // GDAL 3 follows EPSG:4326's lat,lon axis order unless told otherwise; gdaltransform reads
    // "x y" as lon lat for this pair, which the first reference value confirms.
    const auto result = test::run_command(
        "printf '%s\\n' '-2.25 52.6' '-1.45 52.35' | gdaltransform -s_srs EPSG:4326 "
        "-t_srs EPSG:3857 2>/dev/null");
    REQUIRE(result.status == 0);
    std::istringstream lines{result.output};
    for (const Point lonlat : {Point{-2.25, 52.6}, Point{-1.45, 52.35}}) {
        double x = 0;
        double y = 0;
        double z = 0;
        REQUIRE(lines >> x >> y >> z);
        const Point ours = lonlat_to_mercator(lonlat);
        CHECK(ours.x == Approx(x).margin(1e-3));
        CHECK(ours.y == Approx(y).margin(1e-3));
    }
}
