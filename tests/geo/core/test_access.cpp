#include "geo/core/access.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("access: public is for everyone, a group for its members") {
    CHECK(may_see("public", {}));
    CHECK(may_see("partner", {"partner"}));
    CHECK_FALSE(may_see("partner", {}));
    CHECK_FALSE(may_see("partner", {"police"}));
    CHECK(is_valid_access("partner"));
    CHECK(is_valid_access("youth-justice_2"));
    CHECK_FALSE(is_valid_access("Partner"));
    CHECK_FALSE(is_valid_access("2partner"));
    CHECK_FALSE(is_valid_access(""));
}

TEST_CASE("access: indicators and layers inherit their dataset's rule, attributes their layer's") {
    AccessRules rules;
    rules.datasets["police"] = "partner";
    rules.indicators["police_rate"] = "public";  // one published figure of a reserved dataset
    rules.point_layers["schools"] = "public";
    rules.point_attributes["schools"]["exclusions"] = "education";
    Indicator rate;
    rate.id = "police_rate";
    rate.dataset_id = "police";
    Indicator count = rate;
    count.id = "police_count";
    CHECK(rules.of_indicator(rate) == "public");
    CHECK(rules.of_indicator(count) == "partner");
    CHECK(rules.of_point_layer("incidents", "police") == "partner");
    CHECK(rules.of_point_layer("schools", "dfe") == "public");
    CHECK(rules.of_point_attribute("schools", "dfe", "exclusions") == "education");
    CHECK(rules.of_point_attribute("schools", "dfe", "pupils") == "public");
    CHECK(rules.of_point_attribute("incidents", "police", "category") == "partner");
    CHECK(rules.groups() == std::set<std::string>{"education", "partner"});
}
