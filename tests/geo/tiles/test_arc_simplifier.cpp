#include "geo/tiles/arc_simplifier.hpp"

#include "tests/geo/tiles/topology_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace sna::geo;

namespace {

/// True if the point lies on the frame of [0, width] x [0, height] (the layer's outer boundary).
bool is_on_frame(const Point& p, double width, double height) {
    return p.x == 0 || p.y == 0 || p.x == width || p.y == height;
}

/// Checks the layer has no gaps or overlaps: every edge inside the frame is used by exactly two
/// rings, and the areas add up to the frame's.
void check_fills_frame(const std::vector<MultiPolygon>& layer, double width, double height) {
    for (const auto& [edge, count] : test::edge_uses(layer)) {
        const bool is_frame_edge = is_on_frame(edge.first, width, height) &&
                                   is_on_frame(edge.second, width, height) &&
                                   (edge.first.x == edge.second.x || edge.first.y == edge.second.y);
        INFO("edge (" << edge.first.x << "," << edge.first.y << ")-(" << edge.second.x << ","
                      << edge.second.y << ")");
        CHECK(count == (is_frame_edge ? 1 : 2));
    }
    CHECK(area(MultiPolygon{[&] {
              std::vector<Polygon> all;
              for (const auto& multi : layer) {
                  all.insert(all.end(), multi.polygons.begin(), multi.polygons.end());
              }
              return all;
          }()}) == Approx(width * height));
}

std::vector<Point> points_near_x(const Ring& ring, double x, double margin) {
    std::vector<Point> out;
    for (const auto& p : ring) {
        if (std::abs(p.x - x) <= margin) out.push_back(p);
    }
    std::sort(out.begin(), out.end(), [](const Point& a, const Point& b) { return a.y < b.y; });
    return out;
}

}  // namespace

TEST_CASE("simplify_layer gives neighbours an identical simplified border") {
    const Topology topology = build_topology(test::two_squares());
    const SimplifiedLayer simplified = simplify_layer(topology, 0.2);
    REQUIRE(simplified.features.size() == 2);
    const Ring& left = simplified.features[0].polygons.at(0).rings.at(0);
    const Ring& right = simplified.features[1].polygons.at(0).rings.at(0);
    const auto left_border = points_near_x(left, 10, 0.5);
    const auto right_border = points_near_x(right, 10, 0.5);
    CHECK(left_border.size() > 2);   // some wiggles are above the tolerance...
    CHECK(left_border.size() < 11);  // ...and some were removed
    CHECK(left_border == right_border);
    check_fills_frame(simplified.features, 20, 10);
    CHECK(simplified.stats.points_out < simplified.stats.points_in);
    CHECK(simplified.stats.rings_out == 2);
}

TEST_CASE("simplify_layer keeps the node where three areas meet") {
    const Topology topology = build_topology(test::three_areas());
    for (const double tolerance : {0.1, 0.25, 5.0}) {
        INFO("tolerance " << tolerance);
        const SimplifiedLayer simplified = simplify_layer(topology, tolerance);
        check_fills_frame(simplified.features, 20, 20);
        for (const auto& multi : simplified.features) {
            const Ring& ring = multi.polygons.at(0).rings.at(0);
            CHECK(std::count(ring.begin(), ring.end(), Point{10, 10}) == 1);
        }
    }
}

TEST_CASE("simplify_layer keeps a hole and the enclave filling it in step") {
    const Topology topology = build_topology(test::square_with_enclave());
    const SimplifiedLayer simplified = simplify_layer(topology, 0.3);
    const Ring& hole = simplified.features[0].polygons.at(0).rings.at(1);
    const Ring& enclave = simplified.features[1].polygons.at(0).rings.at(0);
    CHECK(hole.size() < 40);
    CHECK(hole.size() == enclave.size());
    CHECK(std::is_permutation(hole.begin(), hole.end(), enclave.begin()));
    CHECK(area(simplified.features[0]) + area(simplified.features[1]) == Approx(400));
}

TEST_CASE("simplify_layer protects an island from collapsing") {
    const std::vector<MultiPolygon> layer{
        MultiPolygon{{Polygon{{test::circle({100, 100}, 1, 50)}}}}};
    const Topology topology = build_topology(layer);
    REQUIRE(topology.arcs.size() == 2);  // no nodes: split at two anchors
    const SimplifiedLayer simplified = simplify_layer(topology, 10.0);
    const Ring& island = simplified.features[0].polygons.at(0).rings.at(0);
    CHECK(island.size() >= 4);
    CHECK(area(simplified.features[0]) > 1.0);
    CHECK(simplified.stats.rings_protected == 1);
    CHECK(simplified.stats.rings_dropped == 0);
}

TEST_CASE("simplify_layer drops rings below drop_below_area on request") {
    auto layer = test::square_with_enclave();
    layer.push_back(MultiPolygon{{Polygon{{test::circle({100, 100}, 1, 50)}}}});
    const Topology topology = build_topology(layer);
    SimplifyOptions options;
    options.tolerance = 0.3;
    options.drop_below_area = 60.0;  // the circle of radius 4 (~50) and the island (~3.1) go
    const SimplifiedLayer simplified = simplify_layer(topology, options);
    CHECK(simplified.stats.rings_dropped == 3);  // the hole, the enclave and the island
    REQUIRE(simplified.features[0].polygons.size() == 1);
    CHECK(simplified.features[0].polygons[0].rings.size() == 1);  // the hole is filled
    CHECK(simplified.features[1].polygons.empty());
    CHECK(simplified.features[2].polygons.empty());
    CHECK(area(simplified.features[0]) == Approx(400));
}

TEST_CASE("simplify_layer refines arcs rather than let a border cross a hole") {
    // The bottom edge bulges down to (10, -4) around a hole that straddles y = 0. Straightening
    // the bulge would run the edge through the hole.
    const Ring exterior{{0, 0}, {8, 0}, {10, -4}, {12, 0}, {20, 0}, {20, 20}, {0, 20}};
    const Ring hole{{9.5, -1.5}, {9.5, 0.5}, {10.5, 0.5}, {10.5, -1.5}};
    const Topology topology = build_topology({MultiPolygon{{Polygon{{exterior, hole}}}}});
    SimplifyOptions options;
    options.tolerance = 5.0;
    options.prevent_crossings = false;
    const SimplifiedLayer careless = simplify_layer(topology, options);
    const Ring& straight = careless.features[0].polygons.at(0).rings.at(0);
    CHECK(std::count(straight.begin(), straight.end(), Point{10, -4}) == 0);

    options.prevent_crossings = true;
    const SimplifiedLayer careful = simplify_layer(topology, options);
    const Polygon& polygon = careful.features[0].polygons.at(0);
    CHECK(std::count(polygon.rings[0].begin(), polygon.rings[0].end(), Point{10, -4}) == 1);
    for (const Point& p : polygon.rings.at(1))
        CHECK(locate(p, Polygon{{polygon.rings[0]}}) == Location::inside);
    CHECK(careful.stats.arcs_refined >= 1);
    CHECK(careful.stats.arcs_crossing == 0);
}
