#pragma once
/// A small tile for the encoder tests: two polygon areas, one with a hole, and two points.

#include "geo/tiles/mvt_encoder.hpp"

#include <string>

namespace sna::geo::test {

/// The exterior of a square, clockwise on screen (positive area, MVT spec 4.3.4).
inline TileRing square_ring(std::int32_t x0, std::int32_t y0, std::int32_t x1, std::int32_t y1) {
    return TileRing{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

/// The same square counter-clockwise on screen: a hole.
inline TileRing square_hole(std::int32_t x0, std::int32_t y0, std::int32_t x1, std::int32_t y1) {
    return TileRing{{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}};
}

/// Layer "areas" (2 polygons, properties of every type) and layer "schools" (2 points).
inline TileBuilder sample_tile() {
    LayerBuilder areas{"areas"};
    areas.add_polygon_feature(
        101, {TilePolygon{{square_ring(0, 0, 2048, 2048), square_hole(512, 512, 1024, 1024)}}},
        {{"code", std::string("E01009001")},
         {"score", 41.5},
         {"rank", std::int64_t{-3}},
         {"population", std::uint64_t{1650}},
         {"delta", SintValue{-7}},
         {"is_priority", true}});
    areas.add_polygon_feature(102,
                              {TilePolygon{{square_ring(2048, 0, 4096, 2048)}},
                               TilePolygon{{square_ring(2048, 2048, 3000, 3000)}}},
                              {{"code", std::string("E01009002")}, {"score", 41.5}});
    LayerBuilder schools{"schools"};
    schools.add_point_feature(7, {TilePoint{100, 200}}, {{"name", std::string("Hillside")}});
    schools.add_point_feature(8, {TilePoint{300, 400}}, {{"name", std::string("Parkway")}});
    TileBuilder tile;
    tile.add_layer(std::move(areas));
    tile.add_layer(std::move(schools));
    return tile;
}

}  // namespace sna::geo::test
