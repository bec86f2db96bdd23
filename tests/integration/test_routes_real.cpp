// Every row of the route table, requested through the router over the real database: each
// route answers its sample request, and carries the CORS, ETag/304 and caching behaviour its
// flags promise. A route added to the table without a sample here fails the test.
#include "server/routes/route_table.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace sna;

namespace {

struct Sample {
    std::string target;
    int status;
    /// Who asks: "" anonymous, or "partner" / "operator" for routes whose answer needs it (the
    /// anonymous answer of those is checked below).
    std::string who = "";
};

/// One request per route pattern, with the status it must answer.
const std::map<std::string_view, Sample>& samples() {
    static const std::map<std::string_view, Sample> all = {
        {"/health", {"/health", 200}},
        {"/metrics", {"/metrics", 200, "operator"}},
        {"/catalog", {"/catalog", 200}},
        {"/style.json", {"/style.json?indicator=imd19_score", 200}},
        {"/tiles/{layer}.json", {"/tiles/lsoa11.json", 200}},
        {"/tiles/{layer}/{z}/{x}/{y}", {"/tiles/lsoa11/12/2026/1344.mvt", 200}},
        {"/api/indicators", {"/api/indicators", 200}},
        {"/api/indicators/{id}/values", {"/api/indicators/imd19_score/values", 200}},
        {"/api/areas/{code}", {"/api/areas/E01009348", 200}},
        {"/api/areas/{code}/profile", {"/api/areas/E05011118/profile", 200}},
        {"/api/areas/{code}/series",
         {"/api/areas/E01009348/series?indicator=crime_all&set=lsoa21", 200}},
        {"/api/search", {"/api/search?q=lozells", 200}},
        // POST only (tests/integration/test_catchments_real.cpp); CATCHMENT is the fixture's.
        {"/api/catchments", {"/api/catchments", 405}},
        {"/api/catchments/{id}", {"/api/catchments/CATCHMENT", 200}},
        {"/api/catchments/{id}/profile", {"/api/catchments/CATCHMENT/profile", 200}},
        {"/api/aggregate", {"/api/aggregate?indicator=imd19_score&parent_set=lad", 200}},
        {"/api/composite", {"/api/composite?draws=10", 200}},
        {"/api/hotspots", {"/api/hotspots?indicator=crime_all_rate", 200}},
        {"/api/schools/priority", {"/api/schools/priority?limit=5", 200, "partner"}},
        {"/api/gaps", {"/api/gaps?indicator=imd25_score", 200, "partner"}},
        {"/api/export.csv", {"/api/export.csv?set=lad", 200}},
        {"/api/export.xlsx", {"/api/export.xlsx?set=lad", 200}},
        {"/api/map.png", {"/api/map.png?indicator=imd19_score&width=200&height=150", 200}},
        {"/api/map.svg", {"/api/map.svg?indicator=imd19_score&width=200&height=150", 200}},
        {"/api/versions", {"/api/versions", 200}},
        {"/api/changes", {"/api/changes?since=nope", 200}},
        {"/embed/?", {"/embed", 200}},
        {"/oembed", {"/oembed?url=http://example.test:8080/embed", 200}},
        {"/report/catchment/{id}.pdf", {"/report/catchment/CATCHMENT.pdf", 200}},
        {"/report/catchment/{id}", {"/report/catchment/CATCHMENT?method=area", 200}},
        {"/report/{code}.pdf", {"/report/E08000025.pdf", 200}},
        {"/report/{code}", {"/report/E08000025", 200}},
        {"/signin", {"/signin", 200}},
        {"/signout", {"/signout", 405}},  // POST only (tests/server/access/test_access_tiers.cpp)
        {"/api/session", {"/api/session", 200}},
        {"/api/**", {"/api/nope", 404}},
        {"/tiles/**", {"/tiles/lsoa11/1", 404}},
        {"/**", {"/index.html", 200}},
    };
    return all;
}

}  // namespace

TEST_CASE("routes: every row answers and keeps the promises of its flags", "[real]") {
    const auto& f = test::real_fixture();
    for (const server::Route& route : server::route_table()) {
        INFO("route " << route.pattern);
        const auto sample = samples().find(route.pattern);
        REQUIRE(sample != samples().end());  // a new route needs a sample request here
        const std::string token = sample->second.who == "partner"    ? f.partner_token
                                  : sample->second.who == "operator" ? f.operator_token
                                                                     : "";
        std::string target = sample->second.target;
        if (const auto at = target.find("CATCHMENT"); at != std::string::npos)
            target.replace(at, 9, f.catchment_id);
        const auto r = f.get(target, {}, {}, token);
        CHECK(r.status == sample->second.status);
        CHECK(r.route == route.label);
        if (r.status != 200) continue;
        // A wildcard origin is never sent with an identified answer (docs/access.md).
        const bool cors = (route.flags & server::route_flag::cors) != 0 && token.empty();
        CHECK(r.headers.get("Access-Control-Allow-Origin").has_value() == cors);
        if (route.flags & server::route_flag::cacheable)
            CHECK(r.headers.get("Cache-Control").has_value());
        if (route.flags & server::route_flag::etag) {
            const auto etag = r.headers.get("ETag");
            REQUIRE(etag);
            CHECK(f.get(target, "If-None-Match", *etag, token).status == 304);
        }
    }
}

TEST_CASE("routes: the operator and partner samples are refused to anonymous callers", "[real]") {
    const auto& f = test::real_fixture();
    const auto metrics = f.get("/metrics");
    CHECK(metrics.status == 401);
    CHECK(metrics.headers.get_or("WWW-Authenticate").rfind("Bearer", 0) == 0);
    CHECK(f.get("/metrics", {}, {}, f.partner_token).status == 403);  // not an operator
    CHECK(f.get("/api/schools/priority?limit=5").status == 403);
    CHECK(f.get("/api/gaps?indicator=imd25_score").status == 403);
}
