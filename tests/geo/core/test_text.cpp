#include "geo/core/text.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("parse_number is strict") {
    CHECK(parse_number(" 12.5 ") == 12.5);
    CHECK(parse_number("29199.00") == 29199.0);
    CHECK_FALSE(parse_number("").has_value());
    CHECK_THROWS_AS(parse_number("n/a"), std::invalid_argument);
    CHECK_THROWS_AS(parse_number("12abc"), std::invalid_argument);
    CHECK_THROWS_AS(parse_number("inf"), std::invalid_argument);
}

TEST_CASE("UTF-8 validation") {
    CHECK(is_valid_utf8("Kings Norton – Birmingham"));
    CHECK_FALSE(is_valid_utf8(std::string("abc\xff", 4)));
    CHECK(find_invalid_utf8(std::string("ab\xc3(", 4)) == 2);
    CHECK_FALSE(is_valid_utf8(std::string("\xc0\xaf", 2)));  // overlong '/'
}

TEST_CASE("nearest_match suggests plausible typos only") {
    const std::vector<std::string> keys = {"area_sets", "datasets", "lookups", "tables"};
    CHECK(nearest_match("areas_sets", keys) == std::string("area_sets"));
    CHECK(nearest_match("lookup", keys) == std::string("lookups"));
    CHECK_FALSE(nearest_match("completely_different", keys).has_value());
}

TEST_CASE("slugify") {
    CHECK(slugify("Violence and sexual offences") == "violence_and_sexual_offences");
    CHECK(slugify("Criminal damage & arson") == "criminal_damage_arson");
}
