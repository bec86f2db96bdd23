#include "server/http/url.hpp"

#include "geo/core/errors.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace sna::server;

TEST_CASE("percent_decode decodes escapes and rejects malformed ones", "[server]") {
    CHECK(percent_decode("/a%20b/%C3%A9") == std::string("/a b/\xC3\xA9"));
    CHECK(percent_decode("%2e%2E") == std::string(".."));
    CHECK(percent_decode("a+b") == std::string("a+b"));
    CHECK(percent_decode("a+b", true) == std::string("a b"));
    CHECK(percent_decode("") == std::string());
    CHECK_FALSE(percent_decode("%").has_value());
    CHECK_FALSE(percent_decode("%4").has_value());
    CHECK_FALSE(percent_decode("abc%4").has_value());
    CHECK_FALSE(percent_decode("%zz").has_value());
    CHECK_FALSE(percent_decode("%g0").has_value());
    CHECK_FALSE(percent_decode("a%00b").has_value());
    CHECK_FALSE(percent_decode(std::string("a\0b", 3)).has_value());
    CHECK_FALSE(percent_decode(std::string("a%20b\0", 6)).has_value());
    CHECK(percent_decode("+%2B+x%41", true) == std::string(" + xA"));
    CHECK(percent_decode("%41%42tail") == std::string("ABtail"));
    CHECK(percent_decode("ends%41") == std::string("endsA"));
}

TEST_CASE("path_segment_views: views into a plain path, decoded segments otherwise", "[server]") {
    std::vector<std::string> decoded;
    const std::string plain = "/tiles/lsoa/14/1/2.mvt";
    const auto views = path_segment_views(plain, decoded);
    CHECK(views == std::vector<std::string_view>{"tiles", "lsoa", "14", "1", "2.mvt"});
    CHECK(views[0].data() == plain.data() + 1);  // no copy
    CHECK(decoded.empty());
    CHECK(path_segment_views("/", decoded) == std::vector<std::string_view>{""});
    CHECK(path_segment_views("/a/", decoded) == std::vector<std::string_view>{"a", ""});
    const auto escaped = path_segment_views("/a%2Fb/%C3%A9", decoded);
    CHECK(escaped == std::vector<std::string_view>{"a/b", "\xC3\xA9"});
    CHECK(escaped[0].data() == decoded[0].data());
    CHECK_THROWS_AS(path_segment_views("/a/\xC3", decoded), sna::geo::InvalidInput);
    CHECK_THROWS_AS(path_segment_views("/a/%C3", decoded), sna::geo::InvalidInput);
    CHECK_THROWS_AS(path_segment_views(std::string("/a\0b", 4), decoded), sna::geo::InvalidInput);
}

TEST_CASE("split_target separates path and query", "[server]") {
    auto parts = split_target("/tiles/1/2/3.mvt?v=2&x");
    CHECK(parts.path == "/tiles/1/2/3.mvt");
    CHECK(parts.query == "v=2&x");
    parts = split_target("/plain");
    CHECK(parts.path == "/plain");
    CHECK(parts.query.empty());
    parts = split_target("/a?b?c#frag");
    CHECK(parts.path == "/a");
    CHECK(parts.query == "b?c");
    parts = split_target("/?");
    CHECK(parts.path == "/");
    CHECK(parts.query.empty());
}

TEST_CASE("parse_query keeps order, repeats, and decodes", "[server]") {
    const QueryParams params = parse_query("b=2&a=x+y%21&&flag&a=second&=empty&k=");
    REQUIRE(params.size() == 6);
    CHECK(params[0] == std::make_pair(std::string("b"), std::string("2")));
    CHECK(params[1] == std::make_pair(std::string("a"), std::string("x y!")));
    CHECK(params[2] == std::make_pair(std::string("flag"), std::string()));
    CHECK(params[3] == std::make_pair(std::string("a"), std::string("second")));
    CHECK(params[4] == std::make_pair(std::string(), std::string("empty")));
    CHECK(params[5] == std::make_pair(std::string("k"), std::string()));
    CHECK(query_param(params, "a") == std::string("x y!"));
    CHECK(query_param(params, "flag") == std::string());
    CHECK_FALSE(query_param(params, "missing").has_value());
    CHECK(parse_query("").empty());
    CHECK(parse_query("key=a%3Db%26c") == QueryParams{{"key", "a=b&c"}});
}

TEST_CASE("parse_query rejects bad encoding with a message naming the piece", "[server]") {
    CHECK_THROWS_AS(parse_query("a=%zz"), sna::geo::InvalidInput);
    CHECK_THROWS_WITH(parse_query("ok=1&a=%2"), Catch::Contains("'a=%2'"));
    CHECK_THROWS_AS(parse_query("a%00=1"), sna::geo::InvalidInput);
}

TEST_CASE("parse_query: a name or value that is not UTF-8 is refused, naming the parameter",
          "[server][http]") {
    CHECK(parse_query("title=%C3%A9t%C3%A9") == QueryParams{{"title", "\xC3\xA9t\xC3\xA9"}});
    CHECK(parse_query("t=%F0%9F%97%BA") == QueryParams{{"t", "\xF0\x9F\x97\xBA"}});
    const char* invalid[] = {
        "%FF",           // not a UTF-8 byte
        "%C3%28",        // bad continuation
        "%C0%AF",        // overlong '/'
        "%E0%80%AF",     // overlong, three bytes
        "%ED%A0%80",     // a UTF-16 surrogate (U+D800)
        "%F4%90%80%80",  // beyond U+10FFFF
        "%E2%82",        // truncated
        "ok\xff",        // raw byte, not escaped
    };
    for (const char* value : invalid) {
        CAPTURE(value);
        CHECK_THROWS_WITH(parse_query(std::string("a=1&title=") + value),
                          Catch::StartsWith("query parameter 'title' is not valid UTF-8"));
        CHECK_THROWS_WITH(parse_query(std::string("v=") + value),
                          Catch::StartsWith("query parameter 'v' is not valid UTF-8"));
    }
    CHECK_THROWS_WITH(parse_query("%FFkey=1"), Catch::Contains("name '%FFkey' is not valid UTF-8"));
}

TEST_CASE("path_segments decodes, and refuses bad escapes and invalid UTF-8", "[server][http]") {
    CHECK(path_segments("/") == std::vector<std::string>{""});
    CHECK(path_segments("/a/b%20c/") == std::vector<std::string>{"a", "b c", ""});
    CHECK(path_segments("/report/%C3%A9.pdf") ==
          std::vector<std::string>{"report", "\xC3\xA9.pdf"});
    CHECK_THROWS_WITH(path_segments("/a/%zz"), Catch::Contains("bad percent-encoding"));
    for (const char* bad :
         {"/report/%FF.pdf", "/report/%C0%AE.pdf", "/report/%ED%BF%BF", "/report/\xC3(.pdf"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH(path_segments(bad), Catch::StartsWith("path segment 2 (") &&
                                                  Catch::EndsWith(") is not valid UTF-8"));
    }
}
