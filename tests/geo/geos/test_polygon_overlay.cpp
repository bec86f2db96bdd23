// Polygon work for catchments on hand-drawn shapes whose areas are worked out by hand: unit
// squares, a square with a hole, a two-part multipolygon, a bow tie.

#include "geo/geos/polygon_overlay.hpp"

#include "geo/analysis/catchment_shape.hpp"
#include "geo/core/errors.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace sna::geo;

namespace {

Ring box(double x0, double y0, double x1, double y1) {
    return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

MultiPolygon shape(std::vector<Ring> rings) {
    return MultiPolygon{{Polygon{std::move(rings)}}};
}

/// A 2×2 grid of unit squares: 0 = [0,1]², 1 = [1,2]×[0,1], 2 = [0,1]×[1,2], 3 = [1,2]².
struct Grid {
    std::vector<MultiPolygon> areas{shape({box(0, 0, 1, 1)}), shape({box(1, 0, 2, 1)}),
                                    shape({box(0, 1, 1, 2)}), shape({box(1, 1, 2, 2)})};
    PackedRTree index = [this] {
        std::vector<BBox> boxes;
        for (const auto& a : areas) boxes.push_back(bbox_of(a));
        return PackedRTree(boxes);
    }();
};

const AreaOverlap* find(const std::vector<AreaOverlap>& all, std::uint32_t area) {
    const auto it = std::find_if(all.begin(), all.end(),
                                 [area](const AreaOverlap& o) { return o.area == area; });
    return it == all.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("invalidity_reason names a self-intersection and where it is") {
    CHECK_FALSE(invalidity_reason(shape({box(0, 0, 1, 1)})));
    const auto bow_tie = invalidity_reason(shape({{{0, 0}, {2, 2}, {2, 0}, {0, 2}}}));
    REQUIRE(bow_tie);
    CHECK(bow_tie->find("Self-intersection") != std::string::npos);
    CHECK(bow_tie->find("(1.000000, 1.000000)") != std::string::npos);
    // A hole outside its shell.
    const auto hole = invalidity_reason(shape({box(0, 0, 1, 1), box(3, 3, 4, 4)}));
    REQUIRE(hole);
    CHECK(hole->find("outside") != std::string::npos);
}

TEST_CASE("normalise_polygons gives one text for the same shape drawn differently") {
    const MultiPolygon a = shape({box(0, 0, 1, 1)});
    Ring rotated_reversed = {{1, 1}, {1, 0}, {0, 0}, {0, 1}};  // clockwise, another start
    const MultiPolygon b = shape({rotated_reversed});
    const MultiPolygon na = normalise_polygons(a, 1e-6);
    const MultiPolygon nb = normalise_polygons(b, 1e-6);
    CHECK(canonical_text(na, 6) == canonical_text(nb, 6));
    CHECK(shape_digest(na, 6) == shape_digest(nb, 6));
    CHECK(shape_digest(na, 6).size() == 32);
    // RFC 7946: the outer ring counter-clockwise.
    CHECK(signed_area(na.polygons[0].rings[0]) > 0);
    // Moves below the grid do not change the address; a larger move does.
    const MultiPolygon nudged = normalise_polygons(shape({box(0, 0, 1.0000001, 1)}), 1e-6);
    CHECK(shape_digest(nudged, 6) == shape_digest(na, 6));
    const MultiPolygon moved = normalise_polygons(shape({box(0, 0, 1.00001, 1)}), 1e-6);
    CHECK(shape_digest(moved, 6) != shape_digest(na, 6));
}

TEST_CASE("normalise_polygons keeps holes clockwise and refuses a shape smaller than the grid") {
    const MultiPolygon holed = normalise_polygons(shape({box(0, 0, 4, 4), box(1, 1, 2, 2)}), 1e-6);
    REQUIRE(holed.polygons.size() == 1);
    REQUIRE(holed.polygons[0].rings.size() == 2);
    CHECK(signed_area(holed.polygons[0].rings[1]) < 0);
    CHECK(area(holed) == Approx(15));
    CHECK_THROWS_AS(normalise_polygons(shape({box(0, 0, 1e-8, 1e-8)}), 1e-6), InvalidInput);
}

TEST_CASE("union_of dissolves neighbouring squares and keeps separate ones apart") {
    const MultiPolygon joined = union_of({shape({box(0, 0, 1, 1)}), shape({box(1, 0, 2, 1)})});
    REQUIRE(joined.polygons.size() == 1);
    CHECK(area(joined) == Approx(2));
    CHECK(vertex_count(normalise_polygons(joined, 1e-6)) == 4);  // the shared edge is gone
    const MultiPolygon apart = union_of({shape({box(0, 0, 1, 1)}), shape({box(3, 0, 4, 1)})});
    CHECK(apart.polygons.size() == 2);
    CHECK(area(apart) == Approx(2));
}

TEST_CASE("area_overlaps: a catchment over parts of four squares") {
    const Grid g;
    // [0.5, 1.5] × [0.25, 1.25], worked per square below.
    const auto o = area_overlaps(shape({box(0.5, 0.25, 1.5, 1.25)}), g.areas, g.index);
    REQUIRE(o.size() == 4);
    // Square 0: [0.5,1]×[0.25,1] = 0.5 × 0.75 = 0.375; centroid (0.5, 0.5) on the edge: outside.
    CHECK(find(o, 0)->overlap == Approx(0.375));
    CHECK(find(o, 0)->area_size == Approx(1));
    CHECK_FALSE(find(o, 0)->centroid_inside);
    CHECK(find(o, 1)->overlap == Approx(0.375));
    // Squares 2 and 3: 0.5 × 0.25 = 0.125 each.
    CHECK(find(o, 2)->overlap == Approx(0.125));
    CHECK(find(o, 3)->overlap == Approx(0.125));
}

TEST_CASE("area_overlaps: holes and multipolygons count only what they cover") {
    const Grid g;
    // The whole grid minus a hole [0.2,0.8]² inside square 0: square 0 keeps 1 − 0.36 = 0.64
    // and its centroid (0.5, 0.5) falls in the hole.
    const auto holed =
        area_overlaps(shape({box(0, 0, 2, 2), box(0.2, 0.2, 0.8, 0.8)}), g.areas, g.index);
    REQUIRE(holed.size() == 4);
    CHECK(find(holed, 0)->overlap == Approx(0.64));
    CHECK_FALSE(find(holed, 0)->centroid_inside);
    CHECK(find(holed, 3)->overlap == Approx(1));
    CHECK(find(holed, 3)->centroid_inside);
    // Two parts: all of square 0 and the left half of square 3; squares 1 and 2 untouched.
    MultiPolygon two{{Polygon{{box(0, 0, 1, 1)}}, Polygon{{box(1, 1, 1.5, 2)}}}};
    const auto parts = area_overlaps(two, g.areas, g.index);
    CHECK(find(parts, 0)->overlap == Approx(1));
    CHECK(find(parts, 0)->centroid_inside);
    CHECK(find(parts, 3)->overlap == Approx(0.5));
    CHECK_FALSE(find(parts, 3)->centroid_inside);  // (1.5, 1.5) is on the part's edge
    for (const std::uint32_t untouched : {1u, 2u}) {
        const AreaOverlap* t = find(parts, untouched);
        CHECK((t == nullptr || t->overlap == Approx(0)));
    }
}

TEST_CASE("area_overlaps: a catchment touching no area has no overlaps") {
    const Grid g;
    CHECK(area_overlaps(shape({box(5, 5, 6, 6)}), g.areas, g.index).empty());
    // Sharing only an edge is no overlap either.
    CHECK(area_overlaps(shape({box(2, 0, 3, 1)}), g.areas, g.index).empty());
}

TEST_CASE("area_overlaps: a concave area's representative point is on its surface") {
    // A C shape: the 3 × 3 square less the notch [1,3] × [1,2], area 7.
    const MultiPolygon c_shape =
        shape({{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 2}, {3, 2}, {3, 3}, {0, 3}}});
    std::vector<MultiPolygon> areas{c_shape};
    const PackedRTree index({bbox_of(c_shape)});
    // Its centroid ((9 × 1.5 − 2 × 2) / 7, 1.5) = (1.357, 1.5) lies in the notch, outside it, so
    // GEOS's point on the surface stands in: (0.5, 1.5), on the left bar.
    const auto notch = area_overlaps(shape({box(1.1, 1.1, 2.9, 1.9)}), areas, index);
    CHECK(notch.empty());
    const auto bar = area_overlaps(shape({box(0, 0, 1, 3)}), areas, index);
    REQUIRE(bar.size() == 1);
    CHECK(bar[0].overlap == Approx(3));
    CHECK(bar[0].centroid_inside);
}
