#include "geo/analysis/completeness.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("months far below a group's median are flagged") {
    const std::vector<std::string> periods = {"2024-01", "2024-02", "2024-03", "2024-04",
                                              "2024-05"};
    std::map<std::string, std::map<std::string, double>> totals;
    totals["A"] = {
        {"2024-01", 100}, {"2024-02", 110}, {"2024-03", 20}, {"2024-04", 105}, {"2024-05", 95}};
    totals["B"] = {
        {"2024-01", 50}, {"2024-02", 52}, {"2024-03", 49}, {"2024-05", 51}};  // April absent
    const auto verdicts = check_completeness(totals, periods, 0.8);
    REQUIRE(verdicts.size() == 10);
    std::vector<std::string> flagged;
    for (const auto& v : verdicts) {
        if (v.flagged) flagged.push_back(v.group + " " + v.period);
    }
    CHECK(flagged == std::vector<std::string>{"A 2024-03", "B 2024-04"});
    CHECK(verdicts[2].median == 100);  // A: median of 95,100,105,110,20
    CHECK(verdicts[2].ratio == Approx(0.2));
}

TEST_CASE("median of even and odd counts") {
    CHECK(median({3, 1, 2}) == 2);
    CHECK(median({4, 1, 3, 2}) == 2.5);
    CHECK(median({}) == 0);
}
