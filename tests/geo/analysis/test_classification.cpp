#include "geo/analysis/classification.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

// Expected values are worked by hand with the rules of web/js/classify.js, which the client uses:
// the i-th quantile break is sorted[floor(n*i/k)] and class i holds breaks[i-1] <= v < breaks[i].

TEST_CASE("quantile breaks split ten values into five classes of two") {
    const std::vector<double> v = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
    const Classification c = classify(v, ClassMethod::quantiles, 5);
    CHECK(c.breaks == std::vector<double>{3, 5, 7, 9});
    CHECK(c.counts == std::vector<std::size_t>{2, 2, 2, 2, 2});
    CHECK(c.min == 1);
    CHECK(c.max == 10);
    CHECK(class_of(2.999, c.breaks) == 0);
    CHECK(class_of(3, c.breaks) == 1);
    CHECK(class_of(10, c.breaks) == 4);
}

TEST_CASE("equal interval breaks") {
    CHECK(classify({0, 10}, ClassMethod::equal_interval, 5).breaks ==
          std::vector<double>{2, 4, 6, 8});
}

TEST_CASE("natural breaks start each class at its first value") {
    const std::vector<double> v = {1, 2, 3, 20, 21, 22, 50, 51, 52};
    const Classification c = classify(v, ClassMethod::natural_breaks, 3);
    CHECK(c.breaks == std::vector<double>{20, 50});
    CHECK(c.counts == std::vector<std::size_t>{3, 3, 3});
}

TEST_CASE("breaks are rounded to four significant figures") {
    const Classification c =
        classify({0.123456, 0.2345678, 0.3456789, 0.5}, ClassMethod::quantiles, 3);
    CHECK(c.breaks == std::vector<double>{0.2346, 0.3457});
}

TEST_CASE("ties leave fewer classes only when the values allow no more, colours spread") {
    // Quantile breaks {1, 1, 1} all fall at the minimum; the tied class holds 1 and 2, so it is
    // split at 2, and then no class holds two different values.
    const Classification c = classify({1, 1, 1, 1, 2}, ClassMethod::quantiles, 4);
    CHECK(c.breaks == std::vector<double>{2});
    CHECK(c.counts == std::vector<std::size_t>{4, 1});
    CHECK(classify({5, 5, 5, 5}, ClassMethod::quantiles, 4).breaks.empty());
    CHECK(colours_for_breaks(Polarity::higher_is_worse, 5, 0) ==
          std::vector<std::string>{"#fd8d3c"});
    CHECK(colours_for_breaks(Polarity::higher_is_worse, 5, 2) ==
          std::vector<std::string>{"#ffffb2", "#fd8d3c", "#bd0026"});
    CHECK_THROWS(class_method_from_string("kmeans"));
}

TEST_CASE("darkest colour means worst whatever the polarity, neutral uses blues") {
    CHECK(palette_for(Polarity::higher_is_worse, 5).back() == "#bd0026");
    CHECK(palette_for(Polarity::higher_is_better, 5).front() == "#bd0026");
    CHECK(palette_for(Polarity::neutral, 5).back() == "#08519c");
    CHECK(palette_for(Polarity::higher_is_worse, 9).size() == 7);
}

TEST_CASE("tied breaks are split again as the client splits them") {
    // 50 zeros and 1..50, five quantiles: the raw breaks sorted[20], [40], [60], [80] are
    // 0, 0, 11, 31, leaving {11, 31}. The largest class with different values (0..10, 60
    // areas) is split at its middle distinct value above its first: 1. Then 11..30 and 31..50
    // hold 20 each; the first of them is split at its middle member, 21.
    std::vector<double> v(50, 0.0);
    for (int i = 1; i <= 50; ++i) v.push_back(i);
    const Classification c = classify(v, ClassMethod::quantiles, 5);
    CHECK(c.breaks == std::vector<double>{1, 11, 21, 31});
    CHECK(c.counts == std::vector<std::size_t>{50, 10, 10, 10, 20});
    // Same figures from web/js/classify.js (node, 2026-12-07), for a second shape of ties.
    std::vector<double> w(70, 3.0);
    w.insert(w.end(), {1, 2});
    w.insert(w.end(), 28, 9.0);
    w.push_back(12);
    CHECK(classify(w, ClassMethod::quantiles, 5).breaks == std::vector<double>{2, 3, 9, 12});
    CHECK(classify(w, ClassMethod::natural_breaks, 4).breaks == std::vector<double>{3, 9, 12});
}
