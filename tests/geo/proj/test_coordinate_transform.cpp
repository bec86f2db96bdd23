#include "geo/proj/coordinate_transform.hpp"

#include "geo/core/errors.hpp"

#include "tests/support/error_text.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using sna::geo::CoordinateTransform;
using sna::geo::DataError;
using sna::geo::Point;

namespace {

using sna::test::error_text;

// Birmingham city centre area: BNG easting 406000, northing 285000 is lon -1.91312, lat 52.46291
// (documented value; PROJ's Helmert fit without OSTN15 agrees to 3e-6 degrees).
constexpr Point bng{406000, 285000};
constexpr Point wgs84{-1.91312, 52.46291};

}  // namespace

TEST_CASE("CoordinateTransform: British National Grid to lon/lat") {
    const CoordinateTransform to_wgs84("EPSG:27700", "EPSG:4326");
    CHECK(to_wgs84.from() == "EPSG:27700");
    CHECK(to_wgs84.to() == "EPSG:4326");

    const Point p = to_wgs84.forward(bng);
    CHECK(p.x == Approx(wgs84.x).margin(1e-5));  // x = longitude (normalised axis order)
    CHECK(p.y == Approx(wgs84.y).margin(1e-5));

    SECTION("round trip through inverse() and through a second transform") {
        const Point back = to_wgs84.inverse(p);
        CHECK(back.x == Approx(bng.x).margin(1e-3));
        CHECK(back.y == Approx(bng.y).margin(1e-3));

        const CoordinateTransform to_bng("EPSG:4326", "EPSG:27700");
        const Point again = to_bng.forward(p);
        CHECK(again.x == Approx(bng.x).margin(1e-3));
        CHECK(again.y == Approx(bng.y).margin(1e-3));
    }
    SECTION("batch agrees with single points") {
        std::vector<Point> points{bng, {400000, 280000}, {420000, 300000}};
        const std::vector<Point> original = points;
        CHECK(to_wgs84.forward(points) == 0);
        for (std::size_t i = 0; i < points.size(); ++i) {
            const Point single = to_wgs84.forward(original[i]);
            CHECK(points[i].x == Approx(single.x).margin(1e-12));
            CHECK(points[i].y == Approx(single.y).margin(1e-12));
        }
        CHECK(to_wgs84.inverse(points) == 0);
        CHECK(points[1].x == Approx(400000).margin(1e-3));
        CHECK(points[1].y == Approx(280000).margin(1e-3));

        std::vector<Point> none;
        CHECK(to_wgs84.forward(none) == 0);
    }
}

TEST_CASE("CoordinateTransform reports points it cannot transform") {
    const CoordinateTransform to_bng("EPSG:4326", "EPSG:27700");
    CHECK_THAT(error_text([&] {
                   to_bng.forward(Point{-1.9, 95});
               }),
               Catch::StartsWith("cannot transform (-1.9, 95) from EPSG:4326 to EPSG:27700 ("));

    std::vector<Point> points{{-1.9, 52.5}, {-1.9, 95}, {-1.8, 52.4}};
    CHECK(to_bng.forward(points) == 1);
    CHECK(std::isnan(points[1].x));
    CHECK(std::isnan(points[1].y));
    CHECK(points[0].x == Approx(406800).margin(1000));
    CHECK(std::isfinite(points[2].x));
}

TEST_CASE("CoordinateTransform rejects unknown CRSs with PROJ's reason") {
    const std::string text = error_text([] { CoordinateTransform t("EPSG:99999", "EPSG:4326"); });
    CHECK_THAT(text, Catch::StartsWith("unknown CRS 'EPSG:99999' ("));
    CHECK_THAT(text, Catch::Contains("not found"));
    CHECK_THAT(error_text([] { CoordinateTransform t("EPSG:27700", "not a crs"); }),
               Catch::StartsWith("unknown CRS 'not a crs' ("));
}

TEST_CASE("CoordinateTransform moves") {
    CoordinateTransform a("EPSG:27700", "EPSG:4326");
    CoordinateTransform b = std::move(a);
    CHECK(b.forward(bng).y == Approx(wgs84.y).margin(1e-5));
    CoordinateTransform c("EPSG:4326", "EPSG:3857");
    c = std::move(b);
    CHECK(c.forward(bng).x == Approx(wgs84.x).margin(1e-5));
}
