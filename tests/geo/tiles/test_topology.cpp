#include "geo/tiles/topology.hpp"

#include "geo/core/errors.hpp"
#include "tests/geo/tiles/topology_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

using namespace sna::geo;

namespace {

/// True if `b` is `a` rotated (same cyclic vertex order).
bool is_rotation(const Ring& a, const Ring& b) {
    if (a.size() != b.size()) return false;
    Ring doubled = a;
    doubled.insert(doubled.end(), a.begin(), a.end());
    return std::search(doubled.begin(), doubled.end(), b.begin(), b.end()) != doubled.end();
}

const TopoRing& exterior(const Topology& topology, std::size_t feature) {
    return topology.features.at(feature).polygons.at(0).rings.at(0);
}

}  // namespace

TEST_CASE("build_topology splits two neighbours into one shared arc and two own arcs") {
    const auto layer = test::two_squares();
    const Topology topology = build_topology(layer);
    REQUIRE(topology.arcs.size() == 3);
    const TopoRing& left = exterior(topology, 0);
    const TopoRing& right = exterior(topology, 1);
    REQUIRE(left.arcs.size() == 2);
    REQUIRE(right.arcs.size() == 2);
    // Exactly one arc is used by both, walked in opposite directions (both rings are CCW).
    int shared = 0;
    for (const ArcRef& l : left.arcs) {
        for (const ArcRef& r : right.arcs) {
            if (l.arc != r.arc) continue;
            ++shared;
            CHECK(l.reversed != r.reversed);
            CHECK(topology.arcs[l.arc].size() == 11);  // the whole wiggly border
        }
    }
    CHECK(shared == 1);
    CHECK(left.area == Approx(std::abs(signed_area(layer[0].polygons[0].rings[0]))));
}

TEST_CASE("assemble_ring gives back every input ring") {
    for (const auto& layer :
         {test::two_squares(), test::three_areas(), test::square_with_enclave()}) {
        const Topology topology = build_topology(layer);
        for (std::size_t f = 0; f < layer.size(); ++f) {
            const auto& rings = layer[f].polygons[0].rings;
            for (std::size_t r = 0; r < rings.size(); ++r) {
                const TopoRing& topo = topology.features[f].polygons[0].rings[r];
                CHECK(is_rotation(rings[r], assemble_ring(topology.arcs, topo)));
            }
        }
    }
}

TEST_CASE("build_topology makes a node where three areas meet") {
    const Topology topology = build_topology(test::three_areas());
    CHECK(topology.arcs.size() == 6);
    // Three borders end at the meeting point: west-low, west-high and the middle one.
    int ending_at_meeting_point = 0;
    for (const Arc& arc : topology.arcs) {
        if (arc.front() == Point{10, 10}) ++ending_at_meeting_point;
        if (arc.back() == Point{10, 10}) ++ending_at_meeting_point;
    }
    CHECK(ending_at_meeting_point == 3);
}

TEST_CASE("build_topology anchors rings without nodes alike in an enclave and its hole") {
    const Topology topology = build_topology(test::square_with_enclave());
    REQUIRE(topology.arcs.size() == 4);  // two for the square's exterior, two for the circle
    const TopoRing& hole = topology.features[0].polygons[0].rings.at(1);
    const TopoRing& enclave = exterior(topology, 1);
    REQUIRE(hole.arcs.size() == 2);
    REQUIRE(enclave.arcs.size() == 2);
    CHECK(((hole.arcs[0].arc == enclave.arcs[0].arc) || (hole.arcs[0].arc == enclave.arcs[1].arc)));
    // The square's anchors: its smallest corner and the corner farthest from it.
    const TopoRing& square = exterior(topology, 0);
    const Arc& first = topology.arcs[square.arcs[0].arc];
    const std::vector<Point> ends{first.front(), first.back()};
    CHECK(std::count(ends.begin(), ends.end(), Point{0, 0}) == 1);
    CHECK(std::count(ends.begin(), ends.end(), Point{20, 20}) == 1);
}

TEST_CASE("build_topology drops degenerate rings and accepts closed rings") {
    Ring closed{{0, 0}, {1, 0}, {1, 1}, {0, 0}};
    const Ring line{{5, 5}, {6, 6}, {7, 7}};
    const std::vector<MultiPolygon> layer{
        MultiPolygon{{Polygon{{closed, line}}, Polygon{{line, closed}}}}};
    const Topology topology = build_topology(layer);
    CHECK(topology.degenerate_rings == 3);  // the hole, and a polygon whose exterior is a line
    REQUIRE(topology.features[0].polygons.size() == 1);
    const Ring rebuilt = assemble_ring(topology.arcs, topology.features[0].polygons[0].rings[0]);
    CHECK(rebuilt.size() == 3);
}

TEST_CASE("build_topology names the feature with a non-finite coordinate") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto layer = test::two_squares();
    layer[1].polygons[0].rings[0][2].y = nan;
    CHECK_THROWS_WITH(build_topology(layer), "feature 1: non-finite coordinate in polygon ring");
    CHECK_THROWS_AS(build_topology(layer), DataError);
}

TEST_CASE("build_topology shares borders whose vertices differ by rounding noise when snapping") {
    auto layer = test::two_squares();
    // The right square's copy of the border is off by ~1e-9, as after separate reprojection.
    for (Point& p : layer[1].polygons[0].rings[0]) {
        if (p.x < 11) p.x += 1e-9;
    }
    CHECK(build_topology(layer).arcs.size() == 4);  // nothing shared: two anchored rings each
    TopologyOptions options;
    options.snap_distance = 1e-6;
    const Topology snapped = build_topology(layer, options);
    CHECK(snapped.arcs.size() == 3);
    CHECK(exterior(snapped, 0).area + exterior(snapped, 1).area == Approx(200));
}
