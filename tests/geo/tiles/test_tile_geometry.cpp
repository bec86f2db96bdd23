#include "geo/tiles/tile_geometry.hpp"

#include "geo/tiles/clip.hpp"
#include "geo/tiles/mercator.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace sna::geo;

namespace {

/// A mercator ring from tile coordinates, so tests can speak in tile units.
Ring ring_at(const TileTransform& t, std::initializer_list<TilePoint> points) {
    Ring out;
    for (const auto& p : points) out.push_back(t.to_mercator(p));
    return out;
}

}  // namespace

TEST_CASE("TileTransform maps tile corners to the grid, y down") {
    const TileTransform t{TileId{12, 2026, 1344}};
    const BBox bounds = tile_bounds(TileId{12, 2026, 1344});
    CHECK(t.to_tile(Point{bounds.min_x, bounds.max_y}) == TilePoint{0, 0});
    CHECK(t.to_tile(Point{bounds.max_x, bounds.min_y}) == TilePoint{4096, 4096});
    CHECK(t.to_tile(t.to_mercator(TilePoint{100, 4000})) == TilePoint{100, 4000});
    const TileTransform small{TileId{0, 0, 0}, 256};
    CHECK(small.to_tile(Point{0, 0}) == TilePoint{128, 128});
    const BBox buffered = small.clip_box(64);
    // 64 of 256 units on each side: the world and half again.
    CHECK(buffered.max_x - buffered.min_x == Approx(1.5 * 2 * mercator_half_world));
}

TEST_CASE("twice_signed_area follows the MVT spec's example exterior ring") {
    // MVT spec 4.3.5.7: MoveTo(3,6) LineTo(8,12) LineTo(20,34) ClosePath is an exterior ring.
    CHECK(twice_signed_area(TileRing{{3, 6}, {8, 12}, {20, 34}}) == 38);
    CHECK(twice_signed_area(TileRing{{20, 34}, {8, 12}, {3, 6}}) == -38);
}

TEST_CASE("to_tile_polygons fixes winding: exterior positive, holes negative") {
    const TileTransform t{TileId{10, 505, 335}};
    // Counter-clockwise in mercator (y up) becomes clockwise on screen, but give it the wrong way
    // round anyway so the fix is exercised both for the exterior and the hole.
    Polygon polygon{{ring_at(t, {{0, 0}, {0, 100}, {100, 100}, {100, 0}}),
                     ring_at(t, {{10, 10}, {20, 10}, {20, 20}, {10, 20}})}};
    const auto exterior_first = to_tile_polygons(MultiPolygon{{polygon}}, t);
    REQUIRE(exterior_first.size() == 1);
    REQUIRE(exterior_first[0].rings.size() == 2);
    CHECK(twice_signed_area(exterior_first[0].rings[0]) == 2 * 100 * 100);
    CHECK(twice_signed_area(exterior_first[0].rings[1]) == -2 * 10 * 10);

    std::reverse(polygon.rings[0].begin(), polygon.rings[0].end());
    std::reverse(polygon.rings[1].begin(), polygon.rings[1].end());
    const auto flipped = to_tile_polygons(MultiPolygon{{polygon}}, t);
    CHECK(twice_signed_area(flipped[0].rings[0]) > 0);
    CHECK(twice_signed_area(flipped[0].rings[1]) < 0);
}

TEST_CASE("to_tile_polygons removes repeated points and collapsed rings") {
    const TileTransform t{TileId{10, 505, 335}};
    Ring outer = ring_at(t, {{0, 0}, {100, 0}, {100, 100}, {0, 100}});
    // A point 0.1 tile units from the first rounds onto it.
    const BBox bounds = tile_bounds(TileId{10, 505, 335});
    const double unit = (bounds.max_x - bounds.min_x) / 4096;
    outer.insert(outer.begin() + 1, Point{outer[0].x + 0.1 * unit, outer[0].y});
    const Ring tiny_hole = ring_at(t, {{50, 50}, {50, 50}, {50, 50}});
    const auto polygons = to_tile_polygons(MultiPolygon{{Polygon{{outer, tiny_hole}}}}, t);
    REQUIRE(polygons.size() == 1);
    REQUIRE(polygons[0].rings.size() == 1);
    CHECK(polygons[0].rings[0].size() == 4);

    const Ring sliver = ring_at(t, {{0, 0}, {50, 0}, {100, 0}});
    CHECK(to_tile_polygons(MultiPolygon{{Polygon{{sliver, tiny_hole}}}}, t).empty());
}

TEST_CASE("clip_to_tile clips to the buffered tile before rounding") {
    const TileTransform t{TileId{10, 505, 335}};
    const Ring big = ring_at(t, {{-1000, -1000}, {5000, -1000}, {5000, 5000}, {-1000, 5000}});
    const auto polygons = clip_to_tile(MultiPolygon{{Polygon{{big}}}}, t, 64);
    REQUIRE(polygons.size() == 1);
    CHECK(twice_signed_area(polygons[0].rings[0]) == 2LL * (4096 + 128) * (4096 + 128));
    const auto points = clip_points_to_tile(
        {t.to_mercator(TilePoint{10, 20}), t.to_mercator(TilePoint{5000, 20})}, t, 64);
    REQUIRE(points.size() == 1);
    CHECK(points[0] == TilePoint{10, 20});
}

namespace {

/// What clip_to_tile returned before TileClipper: clip in mercator, then round and orient.
std::vector<TilePolygon> clip_then_round(const MultiPolygon& mercator, const TileTransform& t,
                                         std::uint32_t buffer) {
    return to_tile_polygons(clip_multipolygon(mercator, t.clip_box(buffer)), t);
}

bool same_polygons(const std::vector<TilePolygon>& a, const std::vector<TilePolygon>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].rings != b[i].rings) return false;
    }
    return true;
}

/// Polygons inside, across the edges and corners of, and outside the buffered tile, with holes,
/// repeated and closing points, and a hole collapsing on the grid.
std::vector<MultiPolygon> clipper_corpus(const TileTransform& t) {
    std::vector<MultiPolygon> corpus;
    corpus.push_back({{Polygon{{ring_at(t, {{100, 100}, {900, 120}, {800, 900}, {150, 700}})}}}});
    corpus.push_back(
        {{Polygon{{ring_at(t, {{-500, -500}, {4600, -500}, {4600, 4600}, {-500, 4600}}),
                   ring_at(t, {{1000, 1000}, {1000, 3000}, {3000, 3000}, {3000, 1000}})}}}});
    corpus.push_back(
        {{Polygon{{ring_at(t, {{3900, 3900}, {4400, 3950}, {4300, 4500}, {3950, 4300}}),
                   ring_at(t, {{4000, 4000}, {4000, 4001}, {4001, 4001}})}}}});
    corpus.push_back({{Polygon{{ring_at(t, {{5000, 5000}, {6000, 5000}, {6000, 6000}})}}}});
    corpus.push_back(
        {{Polygon{
              {ring_at(t, {{-3000, 2000}, {-10, 2100}, {-10, 2100}, {40, 2600}, {-3000, 2000}})}},
          Polygon{{ring_at(t, {{2000, -3000}, {2100, 10}, {2600, 40}})}}}});
    corpus.push_back({{Polygon{{ring_at(t, {{-200, 1000}, {-100, 1000}, {-100, 2000}})}}}});
    return corpus;
}

}  // namespace

TEST_CASE("TileClipper gives what clipping then rounding gives, in flat form") {
    const TileTransform t{TileId{12, 2026, 1344}};
    TileClipper clipper(t, 64);
    FlatTilePolygons flat;  // reused across features, as AreaTileLayer does
    for (const MultiPolygon& multi : clipper_corpus(t)) {
        const auto expected = clip_then_round(multi, t, 64);
        clipper.clip(multi, flat);
        CHECK(same_polygons(to_nested(flat), expected));
        const BBox bounds = bbox_of(multi);
        clipper.clip(multi, flat, &bounds);  // the inside shortcut must not change anything
        CHECK(same_polygons(to_nested(flat), expected));
        CHECK(same_polygons(clip_to_tile(multi, t, 64), expected));
        for (const auto& ring : flat.rings) {
            const TileRing points(flat.points.begin() + ring.begin, flat.points.begin() + ring.end);
            CHECK((twice_signed_area(points) > 0) == ring.is_exterior);
        }
    }
}

TEST_CASE("TileClipper gives the same for a feature of a flat set as for its multipolygon") {
    const TileTransform t{TileId{12, 2026, 1344}};
    std::vector<MultiPolygon> corpus = clipper_corpus(t);
    corpus.push_back({});  // a feature whose geometry was dropped
    // An exterior outside the tile with a hole, then a polygon inside: the hole goes with its
    // exterior, and the next polygon is kept.
    corpus.push_back({{Polygon{{ring_at(t, {{5000, 5000}, {6000, 5000}, {6000, 6000}}),
                                ring_at(t, {{5500, 5200}, {5900, 5200}, {5900, 5800}})}},
                       Polygon{{ring_at(t, {{100, 100}, {900, 120}, {800, 900}})}}}});
    FlatMercatorPolygons set;
    for (const MultiPolygon& multi : corpus) set.add(multi);
    REQUIRE(set.size() == corpus.size());
    CHECK(set.is_empty(corpus.size() - 2));
    TileClipper clipper(t, 64);
    FlatTilePolygons flat;
    for (std::size_t f = 0; f < corpus.size(); ++f) {
        const auto expected = clip_then_round(corpus[f], t, 64);
        clipper.clip(set, f, flat);
        CHECK(same_polygons(to_nested(flat), expected));
        if (set.is_empty(f)) continue;
        const BBox bounds = set.bbox(f);
        const BBox nested = bbox_of(corpus[f]);
        CHECK((bounds.min_x == nested.min_x && bounds.max_x == nested.max_x &&
               bounds.min_y == nested.min_y && bounds.max_y == nested.max_y));
        clipper.clip(set, f, flat, &bounds);
        CHECK(same_polygons(to_nested(flat), expected));
    }
    CHECK(to_nested(flat).size() == 1);  // the last feature: only its second polygon is left
}

TEST_CASE("TileClipper drops a polygon whose exterior leaves the tile, holes and all") {
    const TileTransform t{TileId{12, 2026, 1344}};
    TileClipper clipper(t, 64);
    FlatTilePolygons flat;
    clipper.clip({{Polygon{{ring_at(t, {{5000, 5000}, {6000, 5000}, {6000, 6000}}),
                            ring_at(t, {{5100, 5100}, {5200, 5100}, {5200, 5200}})}}}},
                 flat);
    CHECK(flat.empty());
    CHECK(flat.points.empty());
}
