// HTTP strictness on the real routes (issue 11): the client's pages under a
// Content-Security-Policy.
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace sna;
using test::body_of;

TEST_CASE("the client's pages carry a Content-Security-Policy; JSON does not need one", "[real]") {
    const auto& f = test::real_fixture();
    for (const char* page : {"/", "/index.html", "/report/E08000025"}) {
        CAPTURE(page);
        const auto r = f.get(page);
        REQUIRE(r.status == 200);
        const std::string csp = r.headers.get_or("Content-Security-Policy");
        CHECK_THAT(csp, Catch::Contains("script-src 'self';") &&
                            Catch::Contains("worker-src 'self' blob:") &&
                            Catch::EndsWith("frame-ancestors 'self'"));
    }
    CHECK_THAT(f.get("/embed").headers.get_or("Content-Security-Policy"),
               Catch::Contains("script-src 'self';") && Catch::EndsWith("frame-ancestors *"));
    CHECK_FALSE(f.get("/api/indicators").headers.get("Content-Security-Policy"));
    // The pages hold no inline script for the policy to block.
    for (const char* page : {"/", "/embed", "/report/E08000025"}) {
        CAPTURE(page);
        const std::string body = f.get(page).body;
        std::size_t at = 0;
        while ((at = body.find("<script", at)) != std::string::npos) {
            const std::size_t end = body.find('>', at);
            CHECK(body.substr(at, end - at).find(" src=") != std::string::npos);
            at = end;
        }
    }
}
