// HTTP strictness on the real routes (issue 11): absolute URLs from the configured public URL,
// never from Host; text parameters that are not UTF-8 refused by name; the client's pages under
// a Content-Security-Policy; only the client's files served from the web root.
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace sna;
using test::body_of;

namespace {

server::HttpResponse get_with_host(const std::string& target, const std::string& host) {
    server::HttpRequest request;
    request.target = target;
    request.headers.set("Host", host);
    request.headers.set("X-Forwarded-Proto", "https");
    return test::real_fixture().router->handle(request);
}

}  // namespace

TEST_CASE("absolute URLs come from public_url whatever the Host header says", "[real]") {
    const auto& f = test::real_fixture();
    const std::string base = f.config.public_url;
    REQUIRE(base == "http://example.test:8080");
    const std::string version = f.data->data_version();
    for (const char* host : {"evil.example", "evil.example:443", "", "localhost:1"}) {
        CAPTURE(host);
        const auto catalog = get_with_host("/catalog", host);
        REQUIRE(catalog.status == 200);
        CHECK(body_of(catalog)["layers"][0]["tilejson"].get<std::string>().rfind(base + "/tiles/",
                                                                                 0) == 0);
        const auto tilejson = get_with_host("/tiles/lsoa11.json", host);
        REQUIRE(tilejson.status == 200);
        CHECK(body_of(tilejson)["tiles"][0] == base + "/tiles/lsoa11/{z}/{x}/{y}.mvt?v=" + version);
        const auto style = get_with_host("/style.json?indicator=imd19_score", host);
        REQUIRE(style.status == 200);
        CHECK(body_of(style)["sources"]["lsoa11"]["url"] == base + "/tiles/lsoa11.json");
        const auto report = get_with_host("/report/E08000025", host);
        REQUIRE(report.status == 200);
        CHECK_THAT(report.body, Catch::Contains("href=\"" + base + "/report/E08000025?v="));
        const auto oembed = get_with_host(
            "/oembed?url=http%3A%2F%2Fexample.test%3A8080%2Fembed%3Fi%3Dimd19_score", host);
        REQUIRE(oembed.status == 200);
        CHECK(body_of(oembed)["provider_url"] == base + "/");
        for (const auto* r : {&catalog, &tilejson, &style, &report, &oembed})
            CHECK(r->body.find("evil") == std::string::npos);
    }
    // A map URL naming the request's Host is not this server's.
    CHECK(get_with_host("/oembed?url=http%3A%2F%2Fevil.example%2Fembed", "evil.example").status ==
          404);
}

TEST_CASE("text parameters and path segments that are not UTF-8 are 400 naming them", "[real]") {
    const auto& f = test::real_fixture();
    const std::pair<const char*, const char*> cases[] = {
        {"/api/map.png?indicator=imd19_score&title=%FF", "query parameter 'title'"},
        {"/api/map.svg?indicator=imd19_score&title=ok%C0%AF", "query parameter 'title'"},
        {"/api/map.png?indicator=imd19_score&title=%ED%A0%80", "query parameter 'title'"},
        {"/report/E05011118.pdf?v=%FF", "query parameter 'v'"},
        {"/report/E05011118?v=%E0%80%AF", "query parameter 'v'"},
        {"/api/search?q=%C3", "query parameter 'q'"},
        {"/report/%FF.pdf", "path segment 2 ('%FF.pdf')"},
        {"/api/areas/E0%F4%90%80%80/profile", "path segment 3"},
    };
    for (const auto& [target, named] : cases) {
        CAPTURE(target);
        const auto r = f.get(target);
        CHECK(r.status == 400);
        REQUIRE(r.headers.get_or("Content-Type").rfind("application/json", 0) == 0);
        const std::string detail = body_of(r)["detail"];
        CHECK_THAT(detail, Catch::Contains(named) && Catch::Contains("not valid UTF-8"));
    }
    // Valid UTF-8 still reaches the handlers.
    CHECK(f.get("/api/map.svg?indicator=imd19_score&title=%C3%89t%C3%A9&width=300&height=200")
              .status == 200);
}

TEST_CASE("the client's pages carry a Content-Security-Policy, JSON needs none", "[real]") {
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

TEST_CASE("the web root serves the client's files only", "[real]") {
    const auto& f = test::real_fixture();
    for (const char* path : {"/README.md", "/tools/vendor.mjs", "/web/README.md", "/.gitignore"}) {
        CAPTURE(path);
        CHECK(f.get(path).status == 404);
    }
    for (const char* path : {"/js/main.js", "/css/app.css", "/favicon.ico", "/embed/"}) {
        CAPTURE(path);
        CHECK(f.get(path).status == 200);
    }
}
