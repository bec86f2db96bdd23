#pragma once
/// JSON answers of the real fixture's server, and one indicator out of an area profile.

#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace sna::test {

/// The body of a GET that must answer 200.
inline nlohmann::json get_json(const std::string& target) {
    const auto r = real_fixture().get(target);
    REQUIRE(r.status == 200);
    return nlohmann::json::parse(r.body);
}

/// The entry of `id` in a profile's "indicators"; fails the test when it is not there.
inline nlohmann::json indicator_in(const nlohmann::json& profile, const std::string& id) {
    for (const auto& i : profile["indicators"]) {
        if (i["id"] == id) return i;
    }
    FAIL("indicator " << id << " not in the profile of " << profile["code"]);
    return {};
}

}  // namespace sna::test
