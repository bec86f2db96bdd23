#include "server/routes/route_table.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace sna::server;

namespace {

std::vector<std::string> segments(std::initializer_list<const char*> parts) {
    return {parts.begin(), parts.end()};
}

}  // namespace

TEST_CASE("route patterns: literals, parameters, extensions, trailing slash, remainder",
          "[routes]") {
    PathParams p;
    CHECK(match_pattern("/api/areas/{code}/profile", segments({"api", "areas", "E01", "profile"}),
                        p));
    CHECK(p["code"] == "E01");
    PathParams none;
    CHECK_FALSE(match_pattern("/api/areas/{code}", segments({"api", "areas", "E01", "x"}), none));
    CHECK_FALSE(match_pattern("/api/areas/{code}", segments({"api", "area", "E01"}), none));

    PathParams tilejson;
    CHECK(match_pattern("/tiles/{layer}.json", segments({"tiles", "lsoa.json"}), tilejson));
    CHECK(tilejson["layer"] == "lsoa");
    PathParams bare;
    CHECK_FALSE(match_pattern("/tiles/{layer}.json", segments({"tiles", ".json"}), bare));
    CHECK_FALSE(match_pattern("/tiles/{layer}.json", segments({"tiles", "lsoa.mvt"}), bare));

    PathParams slash;
    CHECK(match_pattern("/embed/?", segments({"embed"}), slash));
    CHECK(match_pattern("/embed/?", segments({"embed", ""}), slash));
    CHECK_FALSE(match_pattern("/embed/?", segments({"embed", "x"}), slash));

    PathParams rest;
    CHECK(match_pattern("/api/**", segments({"api"}), rest));
    CHECK(match_pattern("/api/**", segments({"api", "a", "b"}), rest));
    CHECK_FALSE(match_pattern("/api/**", segments({"apis"}), rest));
    CHECK(match_pattern("/**", segments({""}), rest));
}

TEST_CASE("the route table: first match wins, PDF before HTML, unknown API paths caught",
          "[routes]") {
    CHECK(match_route(segments({"report", "E01.pdf"}))->route->id == RouteId::report_pdf);
    CHECK(match_route(segments({"report", "E01.pdf"}))->path["code"] == "E01");
    CHECK(match_route(segments({"report", "E01"}))->route->id == RouteId::report_html);
    CHECK(match_route(segments({"tiles", "lsoa", "1", "2", "3.mvt"}))->route->id == RouteId::tile);
    CHECK(match_route(segments({"api", "nope"}))->route->id == RouteId::api_not_found);
    CHECK(match_route(segments({"tiles", "lsoa", "1"}))->route->id == RouteId::api_not_found);
    CHECK(match_route(segments({"index.html"}))->route->id == RouteId::static_file);
}

TEST_CASE("every row is complete: a handler, a label, methods, one pattern", "[routes]") {
    std::set<std::string_view> patterns;
    for (const Route& r : route_table()) {
        INFO(r.pattern);
        CHECK(r.handler != nullptr);
        CHECK_FALSE(r.label.empty());
        CHECK(r.methods != 0);
        CHECK(patterns.insert(r.pattern).second);
        CHECK(r.pattern.front() == '/');
    }
}
