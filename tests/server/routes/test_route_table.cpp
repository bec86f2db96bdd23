#include "server/routes/route_table.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace sna::server;

namespace {

PathSegments segments(std::initializer_list<const char*> parts) {
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

namespace {

/// The first row whose pattern fits, found the slow way: every row in turn.
const Route* first_fitting_row(const PathSegments& path) {
    for (const Route& r : route_table()) {
        PathParams unused;
        if (match_pattern(r.pattern, path, unused)) return &r;
    }
    return nullptr;
}

/// A path that fits `pattern`, with parameters filled in ("x", or "x.ext").
std::vector<std::string> sample_path(std::string_view pattern) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= pattern.size()) {
        const std::size_t slash = std::min(pattern.find('/', start), pattern.size());
        std::string part(pattern.substr(start, slash - start));
        if (part == "**" || part == "?") break;
        if (!part.empty() && part.front() == '{') part = "x" + part.substr(part.find('}') + 1);
        out.push_back(part);
        start = slash + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("matching by first segment finds the same row as trying every row in order", "[routes]") {
    std::vector<std::vector<std::string>> paths = {{},
                                                   {""},
                                                   {"x"},
                                                   {"api"},
                                                   {"api", ""},
                                                   {"tiles"},
                                                   {"tiles", "a", "1", "2", "3.mvt"},
                                                   {"report", "E01.pdf"},
                                                   {"embed", ""},
                                                   {"nope", "deeper"},
                                                   {"api", "areas", "E01", "x", "y"}};
    for (const Route& r : route_table()) {
        auto path = sample_path(r.pattern);
        paths.push_back(path);
        path.push_back("extra");
        paths.push_back(path);
    }
    for (const auto& path : paths) {
        INFO("/" + (path.empty() ? std::string() : path.front()) + " (" << path.size()
                                                                        << " segments)");
        const PathSegments view(path.begin(), path.end());
        const auto indexed = match_route(view);
        const Route* expected = first_fitting_row(view);
        REQUIRE(indexed.has_value() == (expected != nullptr));
        if (expected) CHECK(indexed->route->id == expected->id);
    }
}
