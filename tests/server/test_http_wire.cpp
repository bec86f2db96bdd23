#include "server/http/http_wire.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace sna::server;
using namespace sna::server::detail;

namespace {

HttpResponse sample_response(int status = 200) {
    HttpResponse r;
    r.status = status;
    r.headers.add("Content-Type", "application/json");
    r.headers.add("ETag", "\"abc\"");
    r.headers.add("Content-Length", "999");  // the transport's: ignored
    r.headers.add("Connection", "upgrade");  // likewise
    r.body = "{}";
    return r;
}

std::string head_of(const HttpResponse& r, unsigned version, bool keep_alive,
                    std::size_t length = 2) {
    HeadOptions options;
    options.version = version;
    options.keep_alive = keep_alive;
    options.content_length = length;
    options.date = "Thu, 26 Nov 2026 10:00:00 GMT";
    std::string out = "left alone|";
    append_response_head(out, r, options);
    REQUIRE(out.rfind("left alone|", 0) == 0);
    return out.substr(11);
}

}  // namespace

TEST_CASE("append_response_head: status line, handler headers in order, transport headers") {
    CHECK(head_of(sample_response(), 11, true) ==
          "HTTP/1.1 200 OK\r\n"
          "Content-Type: application/json\r\n"
          "ETag: \"abc\"\r\n"
          "X-Content-Type-Options: nosniff\r\n"
          "Referrer-Policy: strict-origin-when-cross-origin\r\n"
          "Server: snamap\r\n"
          "Date: Thu, 26 Nov 2026 10:00:00 GMT\r\n"
          "Content-Length: 2\r\n"
          "\r\n");
}

TEST_CASE("append_response_head: security headers on every response, once", "[http]") {
    for (const int status : {200, 304, 400, 500, 503}) {
        CAPTURE(status);
        const std::string head = head_of(sample_response(status), 11, false);
        CHECK(head.find("\r\nX-Content-Type-Options: nosniff\r\n") != std::string::npos);
        CHECK(head.find("\r\nReferrer-Policy: strict-origin-when-cross-origin\r\n") !=
              std::string::npos);
    }
    // A handler's own value wins and is not repeated.
    HttpResponse own = sample_response();
    own.headers.set("referrer-policy", "no-referrer");
    const std::string head = head_of(own, 11, true);
    CHECK(head.find("referrer-policy: no-referrer\r\n") != std::string::npos);
    CHECK(head.find("Referrer-Policy") == std::string::npos);
}

TEST_CASE("append_response_head: Connection follows the version and keep-alive") {
    CHECK(head_of(sample_response(), 11, false).find("\r\nConnection: close\r\n") !=
          std::string::npos);
    CHECK(head_of(sample_response(), 10, true).find("\r\nConnection: keep-alive\r\n") !=
          std::string::npos);
    CHECK(head_of(sample_response(), 10, false).find("Connection") == std::string::npos);
    CHECK(head_of(sample_response(), 10, false).rfind("HTTP/1.0 200 OK\r\n", 0) == 0);
}

TEST_CASE("append_response_head: no Content-Length for 1xx, 204 and 304, HEAD keeps the GET's") {
    for (const int status : {204, 304}) {
        const std::string head = head_of(sample_response(status), 11, true, 0);
        CHECK(head.find("Content-Length") == std::string::npos);
    }
    CHECK(head_of(sample_response(304), 11, true).rfind("HTTP/1.1 304 Not Modified\r\n", 0) == 0);
    CHECK(head_of(sample_response(), 11, true, 1234).find("\r\nContent-Length: 1234\r\n") !=
          std::string::npos);
    CHECK(head_of(sample_response(599), 11, true).rfind("HTTP/1.1 599 Unknown\r\n", 0) == 0);
}

TEST_CASE("reason_phrase and has_no_body") {
    CHECK(std::string(reason_phrase(404)) == "Not Found");
    CHECK(std::string(reason_phrase(431)) == "Request Header Fields Too Large");
    CHECK(has_no_body(100));
    CHECK(has_no_body(204));
    CHECK(has_no_body(304));
    CHECK_FALSE(has_no_body(200));
    CHECK_FALSE(has_no_body(404));
}

TEST_CASE("http_date is IMF-fixdate, DateCache reformats only when the second changes") {
    const auto t = std::chrono::system_clock::from_time_t(784111777);  // RFC 7231's example
    CHECK(http_date(t) == "Sun, 06 Nov 1994 08:49:37 GMT");
    DateCache cache;
    CHECK(cache.get(t) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(cache.get(t + std::chrono::milliseconds(999)) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(cache.get(t + std::chrono::seconds(1)) == "Sun, 06 Nov 1994 08:49:38 GMT");
}

TEST_CASE("request_id: zero-padded hex prefix, hex sequence") {
    CHECK(request_id(0x1a2b, 47) == "00001a2b-2f");
    CHECK(request_id(0xdeadbeef, 0) == "deadbeef-0");
}

TEST_CASE("format_access_line: one line, client text made safe") {
    AccessLogLine line;
    line.time = std::chrono::system_clock::from_time_t(784111777);
    line.request_id = "00000001-1";
    line.peer = "127.0.0.1";
    line.method = "GET";
    line.target = "/tiles/a\"b\n.mvt";
    line.status = 200;
    line.body_bytes = 1019;
    line.duration = std::chrono::microseconds(57);
    line.route = "tile";
    CHECK(format_access_line(line) ==
          "1994-11-06T08:49:37.000Z 00000001-1 127.0.0.1 \"GET /tiles/a\\x22b\\x0a.mvt\" 200 1019 "
          "57us route=tile");
    line.write_error = "Broken pipe";
    line.bytes_sent = 12;
    CHECK(format_access_line(line).find(" write_error=\"Broken pipe\" sent=12") !=
          std::string::npos);
    CHECK(log_safe("") == "-");
    CHECK(log_safe(std::string(600, 'a')).size() == 512 + 3);
}

TEST_CASE("HttpResponse: body_view reads the shared body when there is one") {
    HttpResponse r;
    r.body = "own";
    CHECK(r.body_view() == "own");
    CHECK(r.body_size() == 3);
    r.shared_body = std::make_shared<const std::string>("shared bytes");
    CHECK(r.body_view() == "shared bytes");
    CHECK(r.body_size() == 12);
    r.clear_body();
    CHECK(r.body_view().empty());
    CHECK_FALSE(r.shared_body);
}

TEST_CASE("append_chunk frames a piece in hex and ends the body with a zero chunk") {
    std::string out;
    append_chunk(out, std::string(26, 'a'), false);
    CHECK(out == "1a\r\n" + std::string(26, 'a') + "\r\n");
    out.clear();
    append_chunk(out, "xyz", true);
    CHECK(out == "3\r\nxyz\r\n0\r\n\r\n");
    out.clear();
    append_chunk(out, "", true);  // never an empty chunk in the middle: it would end the body
    CHECK(out == "0\r\n\r\n");
}

TEST_CASE("append_response_head: chunked and close-delimited framing have no Content-Length") {
    HttpResponse r;
    HeadOptions options;
    options.date = "Sun, 06 Dec 2026 21:00:00 GMT";
    options.framing = Framing::chunked;
    std::string head;
    append_response_head(head, r, options);
    CHECK(head.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
    CHECK(head.find("Content-Length") == std::string::npos);
    head.clear();
    options.framing = Framing::close;
    options.version = 10;
    options.keep_alive = false;
    append_response_head(head, r, options);
    CHECK(head.find("Transfer-Encoding") == std::string::npos);
    CHECK(head.find("Content-Length") == std::string::npos);
}

TEST_CASE("client_address trusts X-Forwarded-For only from the configured proxy") {
    HeaderList headers;
    headers.add("X-Forwarded-For", "198.51.100.1, 203.0.113.7 ");
    CHECK(client_address("10.0.0.5", "", headers) == "10.0.0.5");          // no proxy configured
    CHECK(client_address("10.0.0.5", "10.0.0.9", headers) == "10.0.0.5");  // not the proxy
    // The proxy appends the address it saw; earlier entries are the client's own claims.
    CHECK(client_address("10.0.0.9", "10.0.0.9", headers) == "203.0.113.7");
    HeaderList none;
    CHECK(client_address("10.0.0.9", "10.0.0.9", none) == "10.0.0.9");
    HeaderList empty_last;
    empty_last.add("X-Forwarded-For", "203.0.113.7, ");
    CHECK(client_address("10.0.0.9", "10.0.0.9", empty_last) == "10.0.0.9");
}

namespace {

HeaderList head_with(std::initializer_list<std::pair<const char*, const char*>> fields) {
    HeaderList headers;
    for (const auto& [name, value] : fields) headers.add(name, value);
    return headers;
}

}  // namespace

TEST_CASE("request_framing_problem: Transfer-Encoding other than a final chunked", "[http]") {
    const auto problem = [](std::initializer_list<std::pair<const char*, const char*>> fields,
                            unsigned version = 11) {
        return request_framing_problem(head_with(fields), version);
    };
    CHECK_FALSE(problem({{"Host", "a"}}));
    CHECK_FALSE(problem({{"Host", "a"}, {"Content-Length", "5"}}));
    CHECK_FALSE(problem({{"Host", "a"}, {"Transfer-Encoding", "chunked"}}));
    CHECK_FALSE(problem({{"Host", "a"}, {"transfer-encoding", " Chunked "}}));
    CHECK_FALSE(problem({{"Host", "a"}, {"Transfer-Encoding", ", chunked,"}}));

    // RFC 9112 §6.3: chunked not final (or absent) → 400 and close.
    for (const char* value : {"xchunked", "identity", "chunked, identity", "chunked;x=1", "gzip",
                              "", " , ", "chunked, chunked", "chunked\tx"}) {
        CAPTURE(value);
        const auto p = problem({{"Host", "a"}, {"Transfer-Encoding", value}});
        REQUIRE(p);
        CHECK(p->status == 400);
    }
    const auto xchunked = problem({{"Host", "a"}, {"Transfer-Encoding", "xchunked"}});
    CHECK(xchunked->detail == "the final transfer coding must be chunked, got 'xchunked'");
    // Two lines are one list (RFC 9110 §5.3): chunked first, identity last.
    CHECK(problem(
              {{"Host", "a"}, {"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "identity"}})
              ->status == 400);

    // A final chunked after a coding we do not decode → 501.
    for (const char* value : {"gzip, chunked", "deflate,chunked", "x-custom, chunked"}) {
        CAPTURE(value);
        const auto p = problem({{"Host", "a"}, {"Transfer-Encoding", value}});
        REQUIRE(p);
        CHECK(p->status == 501);
        CHECK(p->detail.find("not implemented") != std::string::npos);
    }
    CHECK(problem({{"Host", "a"}, {"Transfer-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}})
              ->status == 501);

    // With Content-Length, or on HTTP/1.0 → 400.
    const auto both =
        problem({{"Host", "a"}, {"Transfer-Encoding", "chunked"}, {"Content-Length", "3"}});
    REQUIRE(both);
    CHECK(both->status == 400);
    CHECK(both->detail.find("Content-Length") != std::string::npos);
    const auto old = problem({{"Transfer-Encoding", "chunked"}}, 10);
    REQUIRE(old);
    CHECK(old->status == 400);
    CHECK(old->detail.find("HTTP/1.0") != std::string::npos);

    // Client bytes in the detail are made safe (the JSON body must stay valid UTF-8).
    const auto odd = problem({{"Host", "a"}, {"Transfer-Encoding", "\xff\"x"}});
    REQUIRE(odd);
    CHECK(odd->detail.find("\\xff\\x22") != std::string::npos);
}

TEST_CASE("request_framing_problem: one Host, and a valid one", "[http]") {
    const auto two = request_framing_problem(head_with({{"Host", "a"}, {"host", "b"}}), 11);
    REQUIRE(two);
    CHECK(two->status == 400);
    CHECK(two->detail == "more than one Host header");
    CHECK(request_framing_problem(head_with({{"Host", "a"}, {"Host", "a"}}), 10));
    for (const char* ok : {"example.org", "example.org:8080", "127.0.0.1:1", "[::1]:8080", ""}) {
        CAPTURE(ok);
        CHECK_FALSE(request_framing_problem(head_with({{"Host", ok}}), 11));
    }
    for (const char* bad : {"a b", "user@evil.example", "a/b", "a\\b", "a\"b", "\xc3\xa9.org"}) {
        CAPTURE(bad);
        const auto p = request_framing_problem(head_with({{"Host", bad}}), 11);
        REQUIRE(p);
        CHECK(p->status == 400);
    }
}

TEST_CASE("short_reason covers 501", "[http]") {
    CHECK(std::string(short_reason(501)) == "not implemented");
    CHECK(std::string(short_reason(400)) == "bad request");
}
