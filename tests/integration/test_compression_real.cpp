// HTTP compression over a real socket (issue: client speed): the router and the transport on the
// West Midlands data, requests with and without Accept-Encoding, gzip bodies decoded by zlib
// directly and compared byte for byte with the identity bodies; Vary, variant ETags, 304 for
// either variant, HEAD, streams and tiny bodies left alone, and each body compressed once.
#include "tests/integration/socket_server.hpp"
#include "tests/support/gunzip.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace sna;

namespace {

using test::exchange;
using test::SocketServer;

/// Every negotiable answer varies on the coding and, since the West Midlands data reserves some
/// layers to partners (data/README.md), on the credentials.
const std::string vary = "Accept-Encoding, Authorization, Cookie";

std::string gzip_tag(const std::string& etag) {
    return etag.substr(0, etag.size() - 1) + "-gzip\"";
}

const char* const coded_targets[] = {"/api/indicators",
                                     "/style.json?indicator=imd19_score",
                                     "/tiles/lsoa11.json",
                                     "/api/indicators/crime_all_rate/values",
                                     "/api/areas/E05011118/profile",
                                     "/",
                                     "/js/app.js",
                                     "/css/app.css"};

}  // namespace

TEST_CASE("compression: gzip bodies decode to the identity bytes, with Vary and variant ETags",
          "[real]") {
    SocketServer s;
    for (const char* target : coded_targets) {
        INFO(target);
        const auto plain = exchange(s.port(), target);
        const auto gz = exchange(s.port(), target, "Accept-Encoding: gzip, deflate, br\r\n");
        REQUIRE(plain.status == 200);
        REQUIRE(gz.status == 200);
        CHECK(plain.header("content-encoding").empty());
        CHECK(plain.header("vary") == vary);  // identity of a negotiable body too
        CHECK(gz.header("content-encoding") == "gzip");
        CHECK(gz.header("vary") == vary);
        CHECK(gz.header("content-type") == plain.header("content-type"));
        CHECK(test::gunzip(gz.body) == plain.body);
        CHECK(gz.body.size() < plain.body.size());
        const std::string etag = plain.header("etag");
        REQUIRE(etag.size() > 2);
        CHECK(gz.header("etag") == gzip_tag(etag));

        const auto head = exchange(s.port(), target, "Accept-Encoding: gzip\r\n", "HEAD");
        CHECK(head.status == 200);
        CHECK(head.header("content-encoding") == "gzip");
        CHECK(head.header("content-length") == gz.header("content-length"));
        CHECK(head.header("etag") == gz.header("etag"));
        CHECK(head.header("vary") == vary);
        const auto plain_head = exchange(s.port(), target, "", "HEAD");
        CHECK(plain_head.header("content-length") == std::to_string(plain.body.size()));

        // A cache holding either variant revalidates it, whichever coding it asks for now.
        for (const std::string& held : {etag, gzip_tag(etag)}) {
            for (const char* accept : {"", "Accept-Encoding: gzip\r\n"}) {
                const auto r = exchange(s.port(), target,
                                        std::string(accept) + "If-None-Match: " + held + "\r\n");
                CHECK(r.status == 304);
                CHECK(r.header("etag") == held);
                CHECK(r.header("vary") == vary);
                CHECK(r.body.empty());
            }
        }
        CHECK(exchange(s.port(), target, "Accept-Encoding: gzip\r\nIf-None-Match: \"other\"\r\n")
                  .status == 200);
    }
}

TEST_CASE("compression: each body is compressed once, then served from the cache", "[real]") {
    SocketServer s;
    for (const char* target : coded_targets)
        exchange(s.port(), target, "Accept-Encoding: gzip\r\n");
    // Profiles are kept compressed in a cache of their own (profile_cache_bytes).
    const auto hits = [&] {
        return s.f.compressed->stats().hits + s.f.services->profiles->stats().hits;
    };
    const auto before = s.f.compressed->stats();
    const auto hits_before = hits();
    for (int round = 0; round < 2; ++round) {
        for (const char* target : coded_targets) {
            INFO(target);
            const auto gz = exchange(s.port(), target, "Accept-Encoding: gzip\r\n");
            CHECK(gz.header("content-encoding") == "gzip");
            CHECK(gz.header("etag") == gzip_tag(exchange(s.port(), target).header("etag")));
        }
    }
    const auto after = s.f.compressed->stats();
    CHECK(after.misses == before.misses);  // nothing compressed again
    CHECK(hits() >= hits_before + 2 * std::size(coded_targets));
}

TEST_CASE("compression: refused gzip, tiny bodies and streams are sent as they are", "[real]") {
    SocketServer s;
    for (const char* refusal : {"gzip;q=0", "identity", "br, deflate", "gzip;q=0.5, identity"}) {
        INFO(refusal);
        const auto r = exchange(s.port(), "/api/indicators",
                                std::string("Accept-Encoding: ") + refusal + "\r\n");
        CHECK(r.status == 200);
        CHECK(r.header("content-encoding").empty());
        CHECK(r.header("vary") == vary);
    }
    const auto health = exchange(s.port(), "/health", "Accept-Encoding: gzip\r\n");
    REQUIRE(health.status == 200);
    REQUIRE(health.body.size() < 1024);
    CHECK(health.header("content-encoding").empty());
    // Not negotiable by coding (too small); still by credentials, as every answer on tiered data.
    CHECK(health.header("vary") == "Authorization, Cookie");

    const auto csv = exchange(s.port(), "/api/export.csv?set=lad", "Accept-Encoding: gzip\r\n");
    REQUIRE(csv.status == 200);
    CHECK(csv.header("transfer-encoding") == "chunked");
    CHECK(csv.header("content-encoding").empty());  // streams are sent as produced
    CHECK(csv.body.rfind("\xEF\xBB\xBF"
                         "area_code,",
                         0) == 0);  // the plain CSV, BOM first

    const auto missing = exchange(s.port(), "/api/areas/E00000000", "Accept-Encoding: gzip\r\n");
    CHECK(missing.status == 404);
    CHECK(missing.header("content-encoding").empty());
}

TEST_CASE("compression: tiles keep their gzip, with a tag per variant", "[real]") {
    SocketServer s;
    const std::string tile = "/tiles/lsoa11/12/2026/1344.mvt";
    const auto plain = exchange(s.port(), tile);
    const auto gz = exchange(s.port(), tile, "Accept-Encoding: gzip\r\n");
    REQUIRE(plain.status == 200);
    REQUIRE(gz.status == 200);
    CHECK(gz.header("content-encoding") == "gzip");
    CHECK(plain.header("content-encoding").empty());
    CHECK(test::gunzip(gz.body) == plain.body);
    CHECK(gz.header("etag") == gzip_tag(plain.header("etag")));
    CHECK(exchange(s.port(), tile, "Accept-Encoding: gzip;q=0\r\n").header("etag") ==
          plain.header("etag"));
    for (const std::string& held : {plain.header("etag"), gz.header("etag")}) {
        const auto r =
            exchange(s.port(), tile, "Accept-Encoding: gzip\r\nIf-None-Match: " + held + "\r\n");
        CHECK(r.status == 304);
        CHECK(r.header("etag") == held);
    }
}

TEST_CASE("compression: the compression setting turns it off", "[real]") {
    const auto& f = test::real_fixture();
    server::ServerConfig off = f.config;
    off.compression = false;
    const server::Services& s = *f.services;
    const server::Services services{off,      s.data,   s.tiles,   s.cache, s.metrics,   s.analysis,
                                    s.shapes, s.points, s.archive, s.memo,  s.compressed};
    const server::Router router(services);
    server::HttpRequest request;
    request.target = "/api/indicators";
    request.headers.set("Accept-Encoding", "gzip");
    const auto r = router.handle(request);
    CHECK(r.status == 200);
    CHECK_FALSE(r.headers.find("Content-Encoding"));
    CHECK_FALSE(r.headers.find("Vary"));

    server::ServerConfig low = f.config;
    low.compression_min_bytes = 1;
    const server::Services low_services{low,       s.data,     s.tiles,     s.cache,
                                        s.metrics, s.analysis, s.shapes,    s.points,
                                        s.archive, s.memo,     s.compressed};
    request.target = "/health";
    const auto health = server::Router(low_services).handle(request);
    CHECK(health.headers.get_or("Content-Encoding") == "gzip");
}
