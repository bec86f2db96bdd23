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
    CHECK_THROWS_AS(parse_number("nan"), std::invalid_argument);
    // strtod reads these; a data file that holds them is wrong, not hexadecimal.
    CHECK_THROWS_AS(parse_number("0x1A"), std::invalid_argument);
    CHECK_THROWS_AS(parse_number("0x1p3"), std::invalid_argument);
    CHECK_THROWS_AS(parse_number("1e"), std::invalid_argument);
    CHECK_THROWS_AS(parse_number("."), std::invalid_argument);
    CHECK_THROWS_AS(parse_number("1e999"), std::invalid_argument);
    CHECK(parse_number("-1.5e3") == -1500.0);
    CHECK(parse_number("+.5") == 0.5);
    CHECK(parse_number("7.") == 7.0);
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

TEST_CASE("excerpt caps echoed text on a character boundary") {
    CHECK(excerpt("short") == "short");
    CHECK(excerpt(std::string(60, 'a')) == std::string(60, 'a'));
    CHECK(excerpt(std::string(61, 'a')) == std::string(60, 'a') + "… (61 bytes)");
    // "é" is two bytes: a cut at byte 5 would split the third one.
    CHECK(excerpt("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5) == "\xC3\xA9\xC3\xA9… (8 bytes)");
    CHECK(excerpt(std::string(10'000'000, 'x')).size() < 100);
}

TEST_CASE("with_article chooses a or an by sound, reading acronyms letter by letter") {
    CHECK(with_article("ward") == "a ward");
    CHECK(with_article("borough") == "a borough");
    CHECK(with_article("area") == "an area");
    CHECK(with_article("LSOA") == "an LSOA");
    CHECK(with_article("LSOA (2011)") == "an LSOA (2011)");
    CHECK(with_article("MSOA") == "an MSOA");
    CHECK(with_article("PCN") == "a PCN");
    CHECK(with_article("unitary authority") == "a unitary authority");
    CHECK(with_article("urban district") == "an urban district");
    CHECK(with_article("") == "");
}
