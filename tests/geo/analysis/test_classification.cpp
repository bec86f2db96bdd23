#include "geo/analysis/classification.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("quantile breaks split ten values into five classes of two") {
    const std::vector<double> v = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
    CHECK(class_breaks(v, 5, ClassMethod::quantiles) == std::vector<double>{2, 4, 6, 8});
}

TEST_CASE("equal interval breaks") {
    CHECK(class_breaks({0, 10}, 5, ClassMethod::equal_interval) == std::vector<double>{2, 4, 6, 8});
}

TEST_CASE("natural breaks find obvious clusters") {
    const std::vector<double> v = {1, 2, 3, 20, 21, 22, 50, 51, 52};
    CHECK(class_breaks(v, 3, ClassMethod::natural_breaks) == std::vector<double>{3, 22});
}

TEST_CASE("ties collapse duplicate breaks; palettes have one colour per class") {
    CHECK(class_breaks({1, 1, 1, 1, 2}, 4, ClassMethod::quantiles) == std::vector<double>{1});
    CHECK(sequential_palette(5).size() == 5);
    CHECK(sequential_palette(7).size() == 7);
    CHECK_THROWS(class_method_from_string("kmeans"));
}
