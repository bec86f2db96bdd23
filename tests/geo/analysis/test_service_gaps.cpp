// Gaps in provision by hand: squares, a square with a hole, a two-part area and a far square,
// services at distances worked out on paper (3-4-5 triangles, edges parallel to the axes), ties,
// radii met exactly, no services at all, and boroughs with and without high-need areas.

#include "geo/analysis/service_gaps.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

using namespace sna::geo;

namespace {

Ring square(double x0, double y0, double side) {
    return {{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
}

// 0 "A": the square [0,100]².
// 1 "B": [200,500] × [0,300] with a hole [300,400] × [100,200].
// 2 "C": two squares, [0,100] × [1000,1100] and [600,700] × [1000,1100].
// 3 "D": far away, [5000,5100] × [0,100].
// 4 "E": [2000,2100] × [0,100], between two services exactly 100 m away on either side.
std::vector<MultiPolygon> fixture_areas() {
    MultiPolygon a{{Polygon{{square(0, 0, 100)}}}};
    MultiPolygon b{{Polygon{{square(200, 0, 300), square(300, 100, 100)}}}};
    MultiPolygon c{{Polygon{{square(0, 1000, 100)}}, Polygon{{square(600, 1000, 100)}}}};
    MultiPolygon d{{Polygon{{square(5000, 0, 100)}}}};
    MultiPolygon e{{Polygon{{square(2000, 0, 100)}}}};
    return {a, b, c, d, e};
}

// 0: in B's hole, 50 m from the hole's edges, reach 40 (does not reach B).
// 1: inside C's second part, reach 10.
// 2: 50 m left of A, reach exactly 50 (reaches A: the radius is inclusive).
// 3: 300 m above B's top edge, reach 400 (reaches B, though farther than service 0).
// 4, 5: 100 m either side of E, reach 99 (neither reaches E); tied for nearest.
const std::vector<ServiceSite> fixture_services = {{{350, 150}, 40}, {{650, 1050}, 10},
                                                   {{-50, 50}, 50},  {{350, 600}, 400},
                                                   {{1900, 50}, 99}, {{2200, 50}, 99}};

std::vector<const MultiPolygon*> pointers(const std::vector<MultiPolygon>& areas) {
    std::vector<const MultiPolygon*> out;
    for (const auto& a : areas) out.push_back(&a);
    return out;
}

}  // namespace

TEST_CASE("service gaps: distance to an area is zero inside and on edges, holes are outside") {
    const auto areas = fixture_areas();
    CHECK(distance_to_area({50, 50}, areas[0]) == 0);
    CHECK(distance_to_area({100, 30}, areas[0]) == 0);              // on the edge
    CHECK(distance_to_area({103, 104}, areas[0]) == Approx(5));     // 3-4-5 from the corner
    CHECK(distance_to_area({350, 150}, areas[1]) == Approx(50));    // in the hole
    CHECK(distance_to_area({250, 150}, areas[1]) == 0);             // in the ring around it
    CHECK(distance_to_area({650, 1050}, areas[2]) == 0);            // inside the second part
    CHECK(distance_to_area({350, 1050}, areas[2]) == Approx(250));  // between the two parts
}

namespace {

/// What one area should get: its nearest service and that distance, and the service that
/// reaches it (none: a gap) at what distance.
struct Expected {
    std::size_t nearest;
    double nearest_m;
    std::optional<std::size_t> reached_by;
    double reached_by_m = 0;
};

}  // namespace

TEST_CASE("service gaps: nearest and reaching services of each area") {
    const auto areas = fixture_areas();
    const auto reach =
        reach_of_areas(pointers(areas), fixture_services, std::vector<bool>(areas.size(), true));
    const std::vector<Expected> expected = {
        {2, 50, 2, 50},   // A: service 2 at exactly its radius
        {0, 50, 3, 300},  // B: nearest in the hole (reach 40); service 3 reaches it at 300 m
        {1, 0, 1, 0},     // C: service 1 inside its second part
        {5, 2800, {}},    // D: 5000 − 2200 m to service 5; nothing reaches it
        {4, 100, {}}};    // E: 4 and 5 both 100 m away, the first listed wins; 99 m falls short
    REQUIRE(reach.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("area " << i);
        REQUIRE(reach[i].nearest);
        CHECK(*reach[i].nearest == expected[i].nearest);
        CHECK(reach[i].nearest_m == Approx(expected[i].nearest_m));
        CHECK(reach[i].reached_by == expected[i].reached_by);
        if (expected[i].reached_by)
            CHECK(reach[i].reached_by_m == Approx(expected[i].reached_by_m));
    }
}

TEST_CASE("service gaps: the same answers whatever order the services come in") {
    const auto areas = fixture_areas();
    std::vector<ServiceSite> reversed(fixture_services.rbegin(), fixture_services.rend());
    const auto reach =
        reach_of_areas(pointers(areas), reversed, std::vector<bool>(areas.size(), true));
    const auto original = [&](std::size_t s) { return fixture_services.size() - 1 - s; };
    CHECK(original(*reach[1].reached_by) == 3);
    CHECK(original(*reach[3].nearest) == 5);
    CHECK(reach[4].nearest_m == Approx(100));
    CHECK(original(*reach[4].nearest) == 5);  // now listed first of the tied pair
}

TEST_CASE("service gaps: without services nothing is reached, and unwanted areas are skipped") {
    const auto areas = fixture_areas();
    const auto none = reach_of_areas(pointers(areas), {}, std::vector<bool>(areas.size(), true));
    for (const auto& r : none) {
        CHECK_FALSE(r.nearest);
        CHECK_FALSE(r.reached());
    }
    const auto some =
        reach_of_areas(pointers(areas), fixture_services, {false, true, false, false, false});
    CHECK_FALSE(some[0].nearest);
    CHECK(some[1].reached());
}

TEST_CASE("service gaps: the top percent of need, ties at the threshold included") {
    const std::vector<std::optional<double>> need = {5, 1, 9, std::nullopt, 9, 3, 7, 2, 8, 4, 6};
    // Ten values: the top 10 % is one area, but two share the top value 9.
    CHECK(top_percent_need(need, 10) == std::vector<bool>{false, false, true, false, true, false,
                                                          false, false, false, false, false});
    CHECK(top_percent_need(need, 20) == top_percent_need(need, 10));
    CHECK(top_percent_need(need, 30) == std::vector<bool>{false, false, true, false, true, false,
                                                          false, false, true, false, false});
    const auto all = top_percent_need(need, 100);
    CHECK(std::count(all.begin(), all.end(), true) == 10);
    CHECK_FALSE(all[3]);  // no value, never high need
    // 10 % of 20 distinct values is 2 areas, not 3 (0.1 × 20 is not exactly 2 in binary).
    std::vector<std::optional<double>> twenty;
    for (int i = 1; i <= 20; ++i) twenty.emplace_back(i);
    const auto top = top_percent_need(twenty, 10);
    CHECK(std::count(top.begin(), top.end(), true) == 2);
    CHECK(top[19]);
    CHECK(top[18]);
    CHECK(top_percent_need({std::nullopt, std::nullopt}, 10) == std::vector<bool>{false, false});
    // 5 % of 10 values rounds up to one area.
    const auto five = top_percent_need(need, 5);
    CHECK(std::count(five.begin(), five.end(), true) == 2);
}

TEST_CASE("service gaps: hot spots at 95 and 99 percent are high need, others are not") {
    const std::vector<std::optional<GiStar>> gi = {
        GiStar{3.0, 0.002, HotspotClass::hot_99}, GiStar{2.0, 0.04, HotspotClass::hot_95},
        GiStar{1.7, 0.08, HotspotClass::hot_90}, GiStar{-3.0, 0.002, HotspotClass::cold_99},
        std::nullopt};
    CHECK(hotspot_need(gi) == std::vector<bool>{true, true, false, false, false});
}

TEST_CASE("service gaps: coverage per borough and for the region") {
    const auto areas = fixture_areas();
    const auto reach =
        reach_of_areas(pointers(areas), fixture_services, std::vector<bool>(areas.size(), true));
    // Borough X: A (reached) and B (reached); Y: D (not reached) and E (not high need);
    // Z: C, not high need. Populations 1000, 2000, 1500, 800, 600.
    const std::vector<std::string> borough = {"X", "X", "Z", "Y", "Y"};
    const std::vector<double> population = {1000, 2000, 1500, 800, 600};
    const std::vector<bool> high = {true, true, false, true, false};
    const auto c = coverage_by_group(borough, population, high, reach);
    REQUIRE(c.size() == 4);
    CHECK(c.at("X").high_need_areas == 2);
    CHECK(c.at("X").reached_population == 3000);
    CHECK(*c.at("X").share() == 1);
    CHECK(c.at("Y").areas == 2);
    CHECK(c.at("Y").high_need_population == 800);
    CHECK(c.at("Y").reached_population == 0);
    CHECK(*c.at("Y").share() == 0);
    CHECK(c.at("Z").high_need_areas == 0);
    CHECK_FALSE(c.at("Z").share());  // no high-need population: no share, not 0 or 1
    const Coverage& region = c.at("");
    CHECK(region.areas == 5);
    CHECK(region.high_need_areas == 3);
    CHECK(region.reached_areas == 2);
    CHECK(*region.share() == Approx(3000.0 / 3800.0));
}
