// Area profiles kept gzip-compressed per tier (issue 17): a profile asked for again comes from
// the cache, and every answer — cached or not, gzip or identity — is the same bytes the
// uncached computation gives, for each geography and for a selection of indicators.
#include "tests/integration/server_fixture.hpp"
#include "tests/support/gunzip.hpp"

#include "server/http/metrics.hpp"
#include "server/index/tile_cache.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace sna;

namespace {

const char* const profile_targets[] = {
    "/api/areas/E01009220/profile?set=lsoa21", "/api/areas/E01009220/profile?set=lsoa11",
    "/api/areas/E05011118/profile", "/api/areas/E08000025/profile",
    "/api/areas/E05011118/profile?indicators=crime_all_rate,imd19_score"};

server::HttpResponse get(const server::Router& router, const std::string& target,
                         const std::string& accept = {}) {
    server::HttpRequest request;
    request.target = target;
    if (!accept.empty()) request.headers.set("Accept-Encoding", accept);
    return router.handle(request);
}

std::string body_of(const server::HttpResponse& r) {
    return std::string(r.body_view());
}

}  // namespace

TEST_CASE("profile cache: cached answers are the bytes the uncached computation gives", "[real]") {
    const auto& f = test::real_fixture();
    REQUIRE(f.services->profiles != nullptr);
    server::Services uncached_services = *f.services;
    uncached_services.profiles = nullptr;
    const server::Router uncached(uncached_services);
    const server::Router cached(*f.services);
    for (const char* target : profile_targets) {
        INFO(target);
        const auto reference = get(uncached, target);
        REQUIRE(reference.status == 200);
        for (int round = 0; round < 2; ++round) {
            const auto plain = get(cached, target);
            const auto gz = get(cached, target, "gzip");
            REQUIRE(plain.status == 200);
            CHECK(body_of(plain) == body_of(reference));
            CHECK(gz.headers.get_or("Content-Encoding") == "gzip");
            CHECK(test::gunzip(body_of(gz)) == body_of(reference));
            CHECK(gz.headers.get_or("ETag") ==
                  plain.headers.get_or("ETag").substr(0, plain.headers.get_or("ETag").size() - 1) +
                      "-gzip\"");
        }
    }
}

TEST_CASE("profile cache: a profile asked for again is a lookup, keyed by area and selection",
          "[real]") {
    const auto& f = test::real_fixture();
    server::TileCache& cache = *f.services->profiles;
    const std::string target = "/api/areas/E05011130/profile";
    const auto first = f.get(target);
    const auto before = cache.stats();
    const auto again = f.get(target);
    const auto after = cache.stats();
    CHECK(after.misses == before.misses);
    CHECK(after.hits == before.hits + 1);
    CHECK(again.headers.get_or("ETag") == first.headers.get_or("ETag"));
    const std::string metrics = f.services->metrics.render();
    CHECK(metrics.find("snamap_profile_cache_hits_total") != std::string::npos);
    CHECK(metrics.find("snamap_profile_cache_misses_total") != std::string::npos);
    // Another selection is another document, with its own tag.
    const auto some = f.get(target + "?indicators=imd19_score");
    CHECK(cache.stats().misses == after.misses + 1);
    CHECK(some.headers.get_or("ETag") != first.headers.get_or("ETag"));
    CHECK(body_of(some).size() < body_of(first).size());
}

TEST_CASE("profile cache: each tier keeps its own profiles, tagged apart", "[real]") {
    const auto& f = test::real_fixture();
    const std::string target = "/api/areas/E08000025/profile";
    const auto anonymous = f.get(target);
    const auto partner = f.get_as_partner(target);
    REQUIRE(anonymous.status == 200);
    REQUIRE(partner.status == 200);
    CHECK(f.services->profiles != f.partner->profiles);
    CHECK(anonymous.headers.get_or("ETag") != partner.headers.get_or("ETag"));
}
