#include "server/http/content_encoding.hpp"

#include "geo/tiles/gzip.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace sna::server;

namespace {

ContentCoding choose(const std::string& header) {
    return choose_coding(&header);
}

/// gzip through zlib, counting calls, never cached.
struct CountingCompressor {
    int calls = 0;
    Compressor fn() {
        return [this](std::string_view body) {
            ++calls;
            return GzipBytes{nullptr, sna::geo::gzip_compress(body)};
        };
    }
};

HttpRequest request_with(const std::string& accept, const std::string& if_none_match = {}) {
    HttpRequest r;
    if (!accept.empty()) r.headers.set("Accept-Encoding", accept);
    if (!if_none_match.empty()) r.headers.set("If-None-Match", if_none_match);
    return r;
}

HttpResponse json_body(std::size_t bytes, const std::string& etag = "\"abc\"") {
    HttpResponse r;
    r.headers.set("Content-Type", "application/json");
    if (!etag.empty()) r.headers.set("ETag", etag);
    r.body = "[" + std::string(bytes - 2, '7') + "]";
    return r;
}

}  // namespace

TEST_CASE("parse_accept_encoding: names, weights and malformed elements", "[server]") {
    const auto a = parse_accept_encoding(" GZIP ;q=0.5, br,identity;Q=0 ,, *;q=0.125");
    REQUIRE(a.size() == 4);
    CHECK(a[0].name == "gzip");
    CHECK(a[0].weight == 500);
    CHECK(a[1].name == "br");
    CHECK(a[1].weight == 1000);
    CHECK(a[2].name == "identity");
    CHECK(a[2].weight == 0);
    CHECK(a[3].name == "*");
    CHECK(a[3].weight == 125);

    CHECK(parse_accept_encoding("x-gzip").at(0).name == "gzip");
    CHECK(parse_accept_encoding("").empty());
    // Weights outside the qvalue grammar drop the element rather than guess a weight.
    for (const char* bad : {"gzip;q=2", "gzip;q=1.5", "gzip;q=0.1234", "gzip;q=-1",
                            "gzip;q=", "gzip;q", "gzip;q=abc", "gz ip", "gzip;q=1.001"}) {
        INFO(bad);
        CHECK(parse_accept_encoding(bad).empty());
    }
    CHECK(parse_accept_encoding("gzip;q=1.000").at(0).weight == 1000);
    CHECK(parse_accept_encoding("gzip;q=0.").at(0).weight == 0);
}

TEST_CASE("coding_weight: own element, then the wildcard, then the defaults", "[server]") {
    const auto a = parse_accept_encoding("br, *;q=0.3");
    CHECK(coding_weight(a, "br") == 1000);
    CHECK(coding_weight(a, "gzip") == 300);
    CHECK(coding_weight(a, "identity") == 300);
    const auto none = parse_accept_encoding("br");
    CHECK(coding_weight(none, "gzip") == 0);
    CHECK(coding_weight(none, "identity") == 1000);
}

TEST_CASE("choose_coding: RFC 9110 section 12.5.3 cases", "[server]") {
    CHECK(choose_coding(nullptr) == ContentCoding::identity);
    CHECK(choose("gzip, deflate, br, zstd") == ContentCoding::gzip);  // Chromium
    CHECK(choose("gzip") == ContentCoding::gzip);
    CHECK(choose("x-gzip") == ContentCoding::gzip);
    CHECK(choose("*") == ContentCoding::gzip);
    CHECK(choose("deflate, br") == ContentCoding::identity);
    CHECK(choose("gzip;q=0") == ContentCoding::identity);
    CHECK(choose("gzip;q=0, *") == ContentCoding::identity);
    CHECK(choose("gzip;q=0.5, identity") == ContentCoding::identity);
    CHECK(choose("gzip;q=0.5, identity;q=0.4") == ContentCoding::gzip);
    CHECK(choose("identity;q=0") == ContentCoding::identity);  // nothing acceptable: send as is
    CHECK(choose("*;q=0") == ContentCoding::identity);
    CHECK(choose("*;q=0, gzip;q=0.001") == ContentCoding::gzip);
    CHECK(choose("") == ContentCoding::identity);
    CHECK(choose("gzip;q=7") == ContentCoding::identity);  // malformed weight: not accepted
}

TEST_CASE("choose_coding: a repeated field gets the same answer as a fresh one", "[server]") {
    // Each thread remembers its last field; alternating fields must not get a stale answer.
    for (int round = 0; round < 3; ++round) {
        CHECK(choose("gzip") == ContentCoding::gzip);
        CHECK(choose("gzip") == ContentCoding::gzip);
        CHECK(choose("gzip;q=0") == ContentCoding::identity);
        CHECK(choose("gzip;q=0") == ContentCoding::identity);
        CHECK(choose_coding(nullptr) == ContentCoding::identity);
        CHECK(choose("gzip") == ContentCoding::gzip);
    }
}

TEST_CASE("is_compressible_type: text and JSON yes, images fonts zips and tiles no", "[server]") {
    for (const char* yes :
         {"text/html; charset=utf-8", "text/javascript; charset=utf-8", "text/css",
          "text/csv; charset=utf-8", "application/json", "application/geo+json", "image/svg+xml",
          "application/x-protobuf", "Application/JSON"}) {
        INFO(yes);
        CHECK(is_compressible_type(yes));
    }
    for (const char* no :
         {"image/png", "font/woff2", "application/pdf", "application/zip",
          "application/vnd.mapbox-vector-tile", "application/octet-stream",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""}) {
        INFO(no);
        CHECK_FALSE(is_compressible_type(no));
    }
}

TEST_CASE("variant_etag and etag_list_matches", "[server]") {
    CHECK(variant_etag("\"ab\"", ContentCoding::gzip) == "\"ab-gzip\"");
    CHECK(variant_etag("W/\"ab\"", ContentCoding::gzip) == "W/\"ab-gzip\"");
    CHECK(variant_etag("\"ab\"", ContentCoding::identity) == "\"ab\"");
    CHECK(etag_list_matches("\"x\", \"ab-gzip\"", "\"ab-gzip\""));
    CHECK(etag_list_matches("W/\"ab\"", "\"ab\""));  // weak comparison
    CHECK(etag_list_matches("*", "\"ab\""));
    CHECK_FALSE(etag_list_matches("\"ab\"", "\"ab-gzip\""));
    CHECK_FALSE(etag_list_matches("", "\"ab\""));
}

TEST_CASE("negotiate_content_coding: gzip when accepted, with Vary and a variant ETag",
          "[server]") {
    CountingCompressor counter;
    const HttpResponse identity = json_body(4000);

    HttpResponse gz = identity;
    negotiate_content_coding(request_with("gzip"), gz, {}, counter.fn());
    CHECK(gz.headers.get_or("Content-Encoding") == "gzip");
    CHECK(gz.headers.get_or("Vary") == "Accept-Encoding");
    CHECK(gz.headers.get_or("ETag") == "\"abc-gzip\"");
    CHECK(sna::geo::gzip_decompress(gz.body_view()) == identity.body);
    CHECK(gz.body_size() < identity.body.size());

    HttpResponse plain = identity;
    negotiate_content_coding(request_with(""), plain, {}, counter.fn());
    CHECK_FALSE(plain.headers.find("Content-Encoding"));
    CHECK(plain.headers.get_or("Vary") == "Accept-Encoding");  // negotiable, sent as identity
    CHECK(plain.headers.get_or("ETag") == "\"abc\"");
    CHECK(plain.body == identity.body);
    CHECK(counter.calls == 1);
}

TEST_CASE("negotiate_content_coding: small, binary, streamed and disabled are left alone",
          "[server]") {
    CountingCompressor counter;
    HttpResponse small = json_body(1023);
    negotiate_content_coding(request_with("gzip"), small, {}, counter.fn());
    CHECK_FALSE(small.headers.find("Vary"));

    HttpResponse png = json_body(4000);
    png.headers.set("Content-Type", "image/png");
    negotiate_content_coding(request_with("gzip"), png, {}, counter.fn());
    CHECK_FALSE(png.headers.find("Content-Encoding"));

    HttpResponse streamed = json_body(4000);
    streamed.body.clear();
    streamed.stream = [](std::string&, std::size_t) { return false; };
    negotiate_content_coding(request_with("gzip"), streamed, {}, counter.fn());
    CHECK_FALSE(streamed.headers.find("Content-Encoding"));

    HttpResponse off = json_body(4000);
    negotiate_content_coding(request_with("gzip"), off, {false, 1024}, counter.fn());
    CHECK_FALSE(off.headers.find("Content-Encoding"));
    CHECK_FALSE(off.headers.find("Vary"));

    HttpResponse lower_minimum = json_body(200);
    negotiate_content_coding(request_with("gzip"), lower_minimum, {true, 100}, counter.fn());
    CHECK(lower_minimum.headers.get_or("Content-Encoding") == "gzip");

    HttpResponse not_found = json_body(4000);
    not_found.status = 404;
    negotiate_content_coding(request_with("gzip"), not_found, {}, counter.fn());
    CHECK_FALSE(not_found.headers.find("Content-Encoding"));
    CHECK(counter.calls == 1);
}

TEST_CASE("negotiate_content_coding: If-None-Match of either variant gives 304 naming it",
          "[server]") {
    CountingCompressor counter;
    HttpResponse gz_held = json_body(4000);
    negotiate_content_coding(request_with("gzip", "\"abc-gzip\""), gz_held, {}, counter.fn());
    CHECK(gz_held.status == 304);
    CHECK(gz_held.body_size() == 0);
    CHECK(gz_held.headers.get_or("ETag") == "\"abc-gzip\"");
    CHECK(gz_held.headers.get_or("Vary") == "Accept-Encoding");

    // A cache holding the identity variant revalidates it even though gzip would be chosen.
    HttpResponse plain_held = json_body(4000);
    negotiate_content_coding(request_with("gzip", "\"abc\""), plain_held, {}, counter.fn());
    CHECK(plain_held.status == 304);
    CHECK(plain_held.headers.get_or("ETag") == "\"abc\"");

    HttpResponse other = json_body(4000);
    negotiate_content_coding(request_with("gzip", "\"zzz\""), other, {}, counter.fn());
    CHECK(other.status == 200);
    CHECK(counter.calls == 1);  // the 304s compressed nothing

    // A body that is not negotiable has one tag only.
    HttpResponse small = json_body(100);
    negotiate_content_coding(request_with("gzip", "\"abc-gzip\""), small, {}, counter.fn());
    CHECK(small.status == 200);
}

TEST_CASE("negotiate_content_coding: a handler's own coding and Vary are kept", "[server]") {
    CountingCompressor counter;
    HttpResponse coded = json_body(4000);
    coded.headers.set("Content-Encoding", "gzip");
    negotiate_content_coding(request_with("gzip"), coded, {}, counter.fn());
    CHECK_FALSE(coded.headers.find("Vary"));

    HttpResponse varied = json_body(4000);
    varied.headers.set("Vary", "Origin");
    negotiate_content_coding(request_with("gzip"), varied, {}, counter.fn());
    CHECK(varied.headers.get_or("Vary") == "Origin, Accept-Encoding");

    HttpResponse not_modified;
    not_modified.status = 304;
    not_modified.headers.set("ETag", "\"abc\"");
    negotiate_content_coding(request_with("gzip"), not_modified, {}, counter.fn());
    CHECK(not_modified.headers.get_or("Vary") == "Accept-Encoding");
    CHECK(counter.calls == 1);
}
