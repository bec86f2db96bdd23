#include "server/index/recent_cache.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

using sna::server::RecentCache;

TEST_CASE("recent cache: computes once per key, keeps the most recent, forgets the oldest") {
    RecentCache<std::string> cache(2);
    int made = 0;
    const auto make = [&](const std::string& v) {
        return [&made, v] {
            ++made;
            return v;
        };
    };
    CHECK(*cache.get("a", make("A")) == "A");
    CHECK(*cache.get("a", make("other")) == "A");  // cached: not made again
    CHECK(made == 1);
    cache.get("b", make("B"));
    cache.get("a", make("A"));  // a is now the most recent, b the oldest
    cache.get("c", make("C"));  // evicts b
    CHECK(cache.size() == 2);
    CHECK(made == 3);
    CHECK(*cache.get("a", make("A2")) == "A");
    CHECK(*cache.get("b", make("B2")) == "B2");  // made again
    CHECK(made == 4);
}

TEST_CASE("recent cache: a throwing computation stores nothing") {
    RecentCache<int> cache(4);
    CHECK_THROWS_AS(cache.get("k", []() -> int { throw std::runtime_error("no"); }),
                    std::runtime_error);
    CHECK(cache.size() == 0);
    CHECK(*cache.get("k", [] { return 7; }) == 7);
}
