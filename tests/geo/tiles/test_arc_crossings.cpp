#include "geo/tiles/arc_crossings.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

std::vector<bool> crossings(const std::vector<Arc>& arcs) {
    return find_crossing_arcs(arcs, std::vector<bool>(arcs.size(), true));
}

}  // namespace

TEST_CASE("find_crossing_arcs flags arcs that cross or touch") {
    const Arc diagonal{{0, 0}, {10, 10}};
    CHECK(crossings({diagonal, Arc{{0, 10}, {10, 0}}}) == std::vector<bool>{true, true});
    // An end point on the other arc's interior (a T) counts as touching.
    CHECK(crossings({diagonal, Arc{{5, 5}, {10, 0}}}) == std::vector<bool>{true, true});
    // So does a segment lying on another one.
    CHECK(crossings({diagonal, Arc{{10, 10}, {0, 0}}}) == std::vector<bool>{true, true});
    CHECK(crossings({diagonal, Arc{{2, 2}, {4, 4}}}) == std::vector<bool>{true, true});
}

TEST_CASE("find_crossing_arcs accepts arcs meeting at nodes") {
    const Arc left{{0, 0}, {5, 5}, {0, 10}};
    const Arc right{{0, 0}, {10, 5}, {0, 10}};
    const Arc third{{20, 0}, {25, 5}};
    CHECK(crossings({left, right, third}) == std::vector<bool>{false, false, false});
    // A closed arc: first and last segments meet at its node.
    CHECK(crossings({Arc{{0, 0}, {4, 0}, {4, 4}, {0, 0}}}) == std::vector<bool>{false});
}

TEST_CASE("find_crossing_arcs flags an arc crossing itself and ignores inactive arcs") {
    const Arc bow_tie{{0, 0}, {10, 10}, {10, 0}, {0, 10}};
    CHECK(crossings({bow_tie}) == std::vector<bool>{true});
    const std::vector<Arc> arcs{Arc{{0, 0}, {10, 10}}, Arc{{0, 10}, {10, 0}}};
    CHECK(find_crossing_arcs(arcs, {true, false}) == std::vector<bool>{false, false});
}
