#include "geo/analysis/hotspots.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

namespace {

using Values = std::vector<std::optional<double>>;

MultiPolygon square(double x, double y) {
    return MultiPolygon{{Polygon{{Ring{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}}}}}};
}

}  // namespace

// Published: pysal/esda, esda/getisord.py, G_Local docstring. Points (10,10), (20,10), (40,10),
// (15,20), (30,20), (30,30); libpysal DistanceBand(threshold=15), binary; y = 2, 3, 3.2, 5, 8, 7;
//   G_Local(y, w, transform='B', star=True).Zs =
//   [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]
// The distance band written out as neighbour lists (distance <= 15; ref_gistar.py in
// docs/methods.md, appendix reproduces these Zs with the same lists).
TEST_CASE("Gi* matches PySAL's published G_Local star example") {
    const Values y = {2, 3, 3.2, 5, 8, 7};
    const Neighbours w = {{1, 3}, {0, 3, 4}, {4}, {0, 1, 4}, {1, 2, 3, 5}, {4}};
    const double published[] = {-1.39727626, -0.28917762, 0.65064964,
                                -0.28917762, 1.23452088,  2.02424331};
    const auto g = gi_star(y, w);
    for (std::size_t i = 0; i < 6; ++i) {
        REQUIRE(g[i]);
        CHECK(g[i]->z == Approx(published[i]).margin(1e-8));  // printed to 8 decimals
    }
}

// 5×5 grid of unit squares (id = row·5 + col), rook neighbours built from the geometry.
// Reference (ref_gistar.py in docs/methods.md, appendix, the formula written out):
//   n = 25, Σx = 86, x̄ = 3.44, S = √(Σx²/n − x̄²) = 2.757970268150
//   Gi* = (Σ_{j∈{i}∪N(i)} xⱼ − x̄ Wᵢ) / (S √((n Wᵢ − Wᵢ²)/(n − 1)))
// e.g. cell 1 (row 0, col 1): W = 4, local sum 8+9+6+9 = 32 →
//   (32 − 13.76) / (2.75797 × √((100 − 16)/24)) = 18.24 / 5.15964 = 3.5350961602.
TEST_CASE("Gi* on a 5x5 grid checked against the formula worked in Python") {
    // clang-format off
    const double grid_values[25] = {9, 8, 6, 3, 2,  //
                                    8, 9, 5, 2, 2,  //
                                    6, 5, 4, 2, 1,  //
                                    3, 2, 2, 1, 0,  //
                                    2, 3, 1, 0, 0};
    // clang-format on
    std::vector<MultiPolygon> cells;
    Values x;
    for (int i = 0; i < 25; ++i) {
        cells.push_back(square(i % 5, i / 5));
        x.push_back(grid_values[i]);
    }
    const auto g = gi_star(x, rook_contiguity(cells));
    struct Expected {
        int cell;
        double z, p;
        int bin;
    };
    const Expected expected[] = {
        {0, 3.2097420262, 0.0013285415, 3},    {1, 3.5350961602, 0.0004076268, 3},
        {2, 1.5969951952, 0.1102667783, 0},    {6, 3.1618119981, 0.0015679075, 3},
        {12, 0.1421039100, 0.8869979298, 0},   {14, -1.6977764454, 0.0895499632, -1},
        {16, -0.3907857526, 0.6959556070, 0},  {18, -2.1670846279, 0.0302284018, -2},
        {19, -2.2792067349, 0.0226547789, -2}, {24, -2.2564398986, 0.0240430953, -2},
    };
    for (const auto& e : expected) {
        INFO("cell " << e.cell);
        const auto& r = g[static_cast<std::size_t>(e.cell)];
        REQUIRE(r);
        CHECK(r->z == Approx(e.z).margin(1e-10));  // printed to 10 decimals
        CHECK(r->p == Approx(e.p).margin(1e-10));
        CHECK(gi_bin(r->hotspot) == e.bin);
    }
    CHECK(to_string(g[1]->hotspot) == "hot_99");
    CHECK(describe(g[18]->hotspot) == "cold spot (95% confidence)");
}

TEST_CASE("areas without a value drop out as if they were not there") {
    // A 3-area chain 0–1–2 plus area 3 (missing) joined to all: same as the chain alone.
    const Values with_missing = {1, 5, 2, std::nullopt};
    const Neighbours w4 = {{1, 3}, {0, 2, 3}, {1, 3}, {0, 1, 2}};
    const Values chain = {1, 5, 2};
    const Neighbours w3 = {{1}, {0, 2}, {1}};
    const auto a = gi_star(with_missing, w4);
    const auto b = gi_star(chain, w3);
    CHECK_FALSE(a[3].has_value());
    for (std::size_t i = 0; i < 3; ++i) CHECK(a[i]->z == Approx(b[i]->z));
}

TEST_CASE("undefined Gi* is reported as not significant") {
    const auto flat = gi_star({4, 4, 4}, {{1}, {0, 2}, {1}});
    CHECK(flat[1]->z == 0);
    CHECK(flat[1]->p == 1);
    // Area 1 neighbours everything: Wᵢ = n, so the variance term is 0.
    const auto all = gi_star({1, 5, 2}, {{1}, {0, 2}, {1}});
    CHECK(all[1]->hotspot == HotspotClass::not_significant);
}

TEST_CASE("classes at 90, 95 and 99 percent") {
    CHECK(classify_hotspot(1.7, 0.0891) == HotspotClass::hot_90);
    CHECK(classify_hotspot(-2.0, 0.0455) == HotspotClass::cold_95);
    CHECK(classify_hotspot(2.6, 0.0093) == HotspotClass::hot_99);
    CHECK(classify_hotspot(-2.6, 0.0093) == HotspotClass::cold_99);
    CHECK(classify_hotspot(1.6, 0.1096) == HotspotClass::not_significant);
    CHECK(gi_bin(HotspotClass::cold_99) == -3);
}
