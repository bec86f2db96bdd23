#include "geo/core/postcode.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;

TEST_CASE("postcodes are recognised in any spacing and case") {
    CHECK(normalise_postcode("B19 1AA") == std::optional<std::string>("B19 1AA"));
    CHECK(normalise_postcode(" b191aa ") == std::optional<std::string>("B19 1AA"));
    CHECK(normalise_postcode("B1  2PJ") == std::optional<std::string>("B1 2PJ"));
    CHECK(normalise_postcode("WS10 8ND") == std::optional<std::string>("WS10 8ND"));
    CHECK(normalise_postcode("EC1A 1BB") == std::optional<std::string>("EC1A 1BB"));
    CHECK(normalise_postcode("W1A 0AX") == std::optional<std::string>("W1A 0AX"));
    CHECK(postcode_district("WS10 8ND") == "WS10");
}

TEST_CASE("texts that are not postcodes are refused") {
    CHECK_FALSE(normalise_postcode("B19"));
    CHECK_FALSE(normalise_postcode("E01009471"));
    CHECK_FALSE(normalise_postcode("Lozells"));
    CHECK_FALSE(normalise_postcode("B19 1A"));
    CHECK_FALSE(normalise_postcode("19B 1AA"));
    CHECK_FALSE(normalise_postcode("B19 AAA"));
    CHECK_FALSE(normalise_postcode("ABC1 1AA"));
}

TEST_CASE("postcode districts are outward codes") {
    CHECK(normalise_postcode_district("b19") == std::optional<std::string>("B19"));
    CHECK(normalise_postcode_district("WV10") == std::optional<std::string>("WV10"));
    CHECK(normalise_postcode_district("EC1A") == std::optional<std::string>("EC1A"));
    CHECK_FALSE(normalise_postcode_district("B"));
    CHECK_FALSE(normalise_postcode_district("B19 1AA"));
    CHECK_FALSE(normalise_postcode_district("Aston"));
    CHECK_FALSE(normalise_postcode_district("E01009471"));
}
