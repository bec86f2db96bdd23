// The one real-socket test (docs/style.md §6): HttpServer on 127.0.0.1:0, spoken to with plain
// POSIX sockets so this file stays free of Beast.
#include "server/http/http_server.hpp"

#include "geo/core/errors.hpp"
#include "server/config/server_config.hpp"
#include "server/http/metrics.hpp"
#include "tests/support/raw_http.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace sna::server;
using sna::test::Client;
using sna::test::get;
using sna::test::Reply;
using namespace std::chrono_literals;
using namespace std::string_literals;

namespace {

using sna::test::RunningServer;

// --- the server under test --------------------------------------------------------------------

HttpResponse test_handler(const HttpRequest& req) {
    HttpResponse res;
    res.route = "test";
    res.headers.set("Content-Type", "text/plain");
    if (req.method != "GET" && req.method != "POST") {
        res.status = 405;
        res.body = "method not allowed";
        return res;
    }
    if (req.target == "/throw") throw std::runtime_error("secret detail from the handler");
    if (req.target == "/slow") std::this_thread::sleep_for(300ms);
    if (req.target == "/shared") {
        // A body shared with its owner (as the tile cache does), never copied into `body`.
        static const auto bytes = std::make_shared<const std::string>(std::string(5000, 'z'));
        res.shared_body = bytes;
        return res;
    }
    if (req.target == "/echo") {
        res.body = "got " + std::to_string(req.body.size()) + " bytes";
        return res;
    }
    res.body = "hello " + req.target;
    return res;
}

ServerConfig test_config() {
    ServerConfig config;
    config.host = "127.0.0.1";
    config.port = 0;
    config.threads = 2;
    config.max_header_bytes = 4096;
    config.max_body_bytes = 1024;
    config.read_timeout_s = 1;
    config.idle_timeout_s = 2;
    config.max_connections = 64;
    config.max_pipelined = 2;
    return config;
}

}  // namespace

TEST_CASE("HttpServer: keep-alive, pipelining, HEAD and standard headers", "[server]") {
    RunningServer running(test_config(), test_handler);
    REQUIRE(running.port() != 0);
    Client client(running.port());

    SECTION("two requests on one connection") {
        REQUIRE(client.send(get("/one")));
        auto first = client.read_reply();
        REQUIRE(first);
        CHECK(first->status == 200);
        CHECK(first->body == "hello /one");
        CHECK(first->header("server") == "snamap");
        CHECK(first->header("content-length") == "10");
        CHECK(first->header("date").size() == 29);  // "Sun, 06 Nov 1994 08:49:37 GMT"
        CHECK(first->header("date").substr(26) == "GMT");
        CHECK(first->header("connection") != "close");

        REQUIRE(client.send(get("/two")));
        auto second = client.read_reply();
        REQUIRE(second);
        CHECK(second->body == "hello /two");
    }

    SECTION("pipelined requests are answered in order, beyond the queue limit") {
        std::string batch;
        for (int i = 0; i < 12; ++i) batch += get("/p" + std::to_string(i));
        REQUIRE(client.send(batch));
        for (int i = 0; i < 12; ++i) {
            const auto reply = client.read_reply();
            REQUIRE(reply);
            CHECK(reply->body == "hello /p" + std::to_string(i));
        }
    }

    SECTION("HEAD has the GET's headers and no body") {
        REQUIRE(client.send("HEAD /head HTTP/1.1\r\nHost: test\r\n\r\n"));
        const auto head = client.read_reply(true);
        REQUIRE(head);
        CHECK(head->status == 200);
        CHECK(head->header("content-length") == "11");
        CHECK(head->header("content-type") == "text/plain");
        // Had a body been sent, it would now be read as the next status line.
        REQUIRE(client.send(get("/after")));
        const auto after = client.read_reply();
        REQUIRE(after);
        CHECK(after->body == "hello /after");
    }

    SECTION("a POST body reaches the handler") {
        REQUIRE(client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nabcde"));
        const auto reply = client.read_reply();
        REQUIRE(reply);
        CHECK(reply->body == "got 5 bytes");
    }

    SECTION("Expect: 100-continue gets 100 before the body is sent") {
        REQUIRE(
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\nExpect: "
                        "100-continue\r\n\r\n"));
        const auto interim = client.read_reply();
        REQUIRE(interim);
        CHECK(interim->status == 100);
        REQUIRE(client.send("wxyz"));
        const auto reply = client.read_reply();
        REQUIRE(reply);
        CHECK(reply->status == 200);
        CHECK(reply->body == "got 4 bytes");
    }

    SECTION("Connection: close and HTTP/1.0 close after the response") {
        REQUIRE(client.send(get("/bye", "Connection: close\r\n")));
        const auto reply = client.read_reply();
        REQUIRE(reply);
        CHECK(reply->header("connection") == "close");
        CHECK(client.closed_by_server());

        Client old(running.port());
        REQUIRE(old.send("GET /old HTTP/1.0\r\n\r\n"));
        const auto old_reply = old.read_reply();
        REQUIRE(old_reply);
        CHECK(old_reply->body == "hello /old");
        CHECK(old.closed_by_server());
    }

    SECTION("a handler exception is a generic 500 with a request id") {
        REQUIRE(client.send(get("/throw")));
        const auto reply = client.read_reply();
        REQUIRE(reply);
        CHECK(reply->status == 500);
        CHECK(reply->header("content-type") == "application/json");
        CHECK(reply->body.find("\"request_id\"") != std::string::npos);
        CHECK(reply->body.find("secret") == std::string::npos);
        REQUIRE(running.stop());
        CHECK(running.log().find("secret detail from the handler") != std::string::npos);
    }

    SECTION("access log and metrics record each request") {
        REQUIRE(client.send(get("/logged")));
        REQUIRE(client.read_reply());
        REQUIRE(running.stop());
        const std::string log = running.log();
        CHECK(log.find("\"GET /logged\" 200 13 ") != std::string::npos);
        CHECK(log.find("route=test") != std::string::npos);
        const std::string metrics = running.metrics().render();
        CHECK(metrics.find("snamap_http_requests_total{route=\"test\",status=\"200\"} 1") !=
              std::string::npos);
        CHECK(metrics.find("snamap_http_request_duration_seconds_count{route=\"test\"} 1") !=
              std::string::npos);
    }
    CHECK(running.stop());
}

TEST_CASE("HttpServer: a shared body is sent as it is, HEAD gets its length", "[server]") {
    RunningServer running(test_config(), test_handler);
    Client client(running.port());
    REQUIRE(client.send(get("/shared") + "HEAD /shared HTTP/1.1\r\nHost: test\r\n\r\n"));
    const auto reply = client.read_reply();
    REQUIRE(reply);
    CHECK(reply->status == 200);
    CHECK(reply->header("content-length") == "5000");
    CHECK(reply->body == std::string(5000, 'z'));
    const auto head = client.read_reply(true);
    REQUIRE(head);
    CHECK(head->header("content-length") == "5000");
    REQUIRE(client.send(get("/after")));
    const auto after = client.read_reply();
    REQUIRE(after);
    CHECK(after->body == "hello /after");  // no stray body bytes after the HEAD reply
    REQUIRE(running.stop());
    CHECK(running.log().find("\"GET /shared\" 200 5000 ") != std::string::npos);
    CHECK(running.log().find("\"HEAD /shared\" 200 0 ") != std::string::npos);
}

TEST_CASE(
    "HttpServer: malformed requests get 4xx or a closed connection, and the server keeps serving",
    "[server]") {
    RunningServer running(test_config(), test_handler);
    const std::string big(5000, 'a');
    const std::vector<std::pair<std::string, std::string>> corpus = {
        {"garbage bytes", "\x01\x02\xff\xfe garbage\r\n\r\n"s},
        {"bad method token", "GE(T / HTTP/1.1\r\nHost: test\r\n\r\n"},
        {"HTTP/9.9", "GET / HTTP/9.9\r\nHost: test\r\n\r\n"},
        {"version garbage", "GET / HTTQ/1.1\r\nHost: test\r\n\r\n"},
        {"header over the limit", "GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + big + "\r\n\r\n"},
        {"target over the limit",
         "GET /" + std::string(9000, 'x') + " HTTP/1.1\r\nHost: test\r\n\r\n"},
        {"huge Content-Length",
         "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 99999999999\r\n\r\n"},
        {"body over the limit",
         "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n" + big},
        {"negative Content-Length",
         "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: -1\r\n\r\n"},
        {"overflowing Content-Length",
         "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 184467440737095516160\r\n\r\n"},
        {"two different Content-Lengths",
         "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"},
        {"chunked with a bad chunk size",
         "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: "
         "chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"},
        {"chunked body over the limit",
         "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n1388\r\n" + big +
             "\r\n0\r\n\r\n"},
        {"header without a colon", "GET / HTTP/1.1\r\nHost test\r\n\r\n"},
        {"space in a header name", "GET / HTTP/1.1\r\nHost: test\r\nBad Name: x\r\n\r\n"},
        {"NUL in the target", "GET /a\0b HTTP/1.1\r\nHost: test\r\n\r\n"s},
        {"control character in a header value",
         "GET / HTTP/1.1\r\nHost: test\r\nX-A: a\x01z\r\n\r\n"},
        {"bare LF line endings", "GET / HTTP/1.1\nHost: test\n\n"},
        {"request line without target", "GET\r\n\r\n"},
        {"HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n"},
        {"asterisk target", "GET * HTTP/1.1\r\nHost: test\r\n\r\n"},
        {"relative target", "GET index.html HTTP/1.1\r\nHost: test\r\n\r\n"},
        {"unknown method", "BREW / HTTP/1.1\r\nHost: test\r\n\r\n"},
        {"space before the colon", "GET / HTTP/1.1\r\nHost : test\r\n\r\n"},
        {"many headers", "GET / HTTP/1.1\r\nHost: test\r\n" +
                             [] {
                                 std::string h;
                                 for (int i = 0; i < 600; ++i)
                                     h += "X-" + std::to_string(i) + ": y\r\n";
                                 return h;
                             }() +
                             "\r\n"},
    };
    REQUIRE(corpus.size() >= 20);
    for (const auto& [name, bytes] : corpus) {
        CAPTURE(name);
        Client client(running.port());
        client.send(bytes);  // the server may close before everything is sent
        const bool rejected = client.rejected();
        CAPTURE(client.last_status());
        CHECK(rejected);
        if (client.last_status() != 405) CHECK(client.closed_by_server());
    }

    Client healthy(running.port());
    REQUIRE(healthy.send(get("/still-alive")));
    const auto reply = healthy.read_reply();
    REQUIRE(reply);
    CHECK(reply->body == "hello /still-alive");
    CHECK(running.stop());
}

TEST_CASE("HttpServer: doubtful framing or two Hosts get 400/501 and the connection closes",
          "[server][http]") {
    RunningServer running(test_config(), test_handler);
    const std::string chunked_body = "5\r\nhello\r\n0\r\n\r\n";
    // Each case is followed by a second request: were the framing taken as the parser took it,
    // that request (or the body read as one) would be answered too — request smuggling.
    const std::string smuggled = get("/smuggled");
    struct Case {
        const char* name;
        std::string bytes;
        int status;
    };
    const std::vector<Case> cases = {
        {"xchunked on a GET",
         "GET /a HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: xchunked\r\n\r\n" + smuggled, 400},
        {"identity",
         "GET /a HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: identity\r\n\r\n" + smuggled, 400},
        {"chunked, identity with a body",
         "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked, identity\r\n\r\n" +
             chunked_body + smuggled,
         400},
        {"chunked then identity on two lines",
         "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
         "identity\r\n\r\n" +
             chunked_body + smuggled,
         400},
        {"xchunked with Content-Length",
         "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: xchunked\r\nContent-Length: "
         "5\r\n\r\nhello" +
             smuggled,
         400},
        {"gzip, chunked",
         "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" +
             chunked_body + smuggled,
         501},
        {"chunked on HTTP/1.0",
         "POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n" +
             chunked_body + smuggled,
         400},
        {"two Host headers",
         "GET / HTTP/1.1\r\nHost: test\r\nHost: evil.example\r\n\r\n" + smuggled, 400},
        {"two Hosts on HTTP/1.0",
         "GET / HTTP/1.0\r\nConnection: keep-alive\r\nHost: a\r\nHost: b\r\n\r\n" + smuggled, 400},
        {"a Host with user info", "GET / HTTP/1.1\r\nHost: user@evil.example\r\n\r\n" + smuggled,
         400},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        Client client(running.port());
        client.send(c.bytes);  // the server may close before everything is sent
        const auto reply = client.read_reply();
        REQUIRE(reply);
        CHECK(reply->status == c.status);
        CHECK(reply->header("content-type") == "application/json");
        CHECK(reply->header("connection") != "keep-alive");
        CHECK_FALSE(client.read_reply());  // nothing more: /smuggled is never answered
        CHECK(client.closed_by_server());
    }
    // Sound framing still works on the same server.
    Client sound(running.port());
    REQUIRE(sound.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       chunked_body + get("/next")));
    const auto echoed = sound.read_reply();
    REQUIRE(echoed);
    CHECK(echoed->body == "got 5 bytes");
    const auto next = sound.read_reply();
    REQUIRE(next);
    CHECK(next->body == "hello /next");
    CHECK(running.stop());
}

TEST_CASE("HttpServer: security headers on every response, the transport's own included",
          "[server][http]") {
    RunningServer running(test_config(), test_handler);
    const auto secured = [](const Reply& r) {
        return r.header("x-content-type-options") == "nosniff" &&
               r.header("referrer-policy") == "strict-origin-when-cross-origin";
    };
    Client client(running.port());
    REQUIRE(client.send(get("/page") + get("/throw")));
    const auto page = client.read_reply();
    REQUIRE(page);
    CHECK(secured(*page));
    const auto failed = client.read_reply();
    REQUIRE(failed);
    CHECK(failed->status == 500);
    CHECK(secured(*failed));

    Client malformed(running.port());
    malformed.send("GE(T / HTTP/1.1\r\nHost: test\r\n\r\n");
    const auto rejected = malformed.read_reply();
    REQUIRE(rejected);
    CHECK(rejected->status == 400);
    CHECK(secured(*rejected));
    CHECK(running.stop());
}

TEST_CASE("HttpServer: a header trickled in small pieces still meets the header limit",
          "[server]") {
    RunningServer running(test_config(), test_handler);
    {
        // Beast 1.74 checks header_limit per read; the server must count the whole header.
        Client client(running.port());
        std::string request = "GET / HTTP/1.1\r\nHost: test\r\n";
        for (int i = 0; i < 600; ++i) request += "X-" + std::to_string(i) + ": y\r\n";
        request += "\r\n";
        bool sent = true;
        for (std::size_t at = 0; at < request.size() && sent; at += 200) {
            sent = client.send(request.substr(at, 200));
            std::this_thread::sleep_for(2ms);
        }
        const auto reply = client.read_reply();
        REQUIRE(reply);
        CHECK(reply->status == 431);
    }

    CHECK(running.stop());
}

TEST_CASE("HttpServer: chunk trailers trickled in small pieces are bounded too", "[server]") {
    RunningServer running(test_config(), test_handler);
    {
        Client client(running.port());
        std::string request =
            "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: "
            "chunked\r\n\r\n3\r\nabc\r\n0\r\n";
        for (int i = 0; i < 10000; ++i) request += "X-" + std::to_string(i) + ": y\r\n";
        request += "\r\n";
        bool sent = true;
        for (std::size_t at = 0; at < request.size() && sent; at += 1000) {
            sent = client.send(request.substr(at, 1000));
            std::this_thread::sleep_for(200us);
        }
        const bool rejected = client.rejected();
        CAPTURE(client.last_status());
        CHECK(rejected);
    }

    CHECK(running.stop());
}

TEST_CASE("HttpServer: a slow client is cut off after the read timeout", "[server]") {
    RunningServer running(test_config(), test_handler);
    {
        Client slow(running.port(), 4000ms);
        REQUIRE(slow.send("GET /slowloris HTTP/1.1\r\nHost: te"));
        const auto started = std::chrono::steady_clock::now();
        CHECK(slow.closed_by_server());
        CHECK(std::chrono::steady_clock::now() - started < 3s);
        // The stream closes the socket before the server's handler counts the timeout.
        bool counted = false;
        for (int i = 0; i < 100 && !counted; ++i, std::this_thread::sleep_for(10ms)) {
            counted = running.metrics().render().find("\nsnamap_http_read_timeouts_total 1\n") !=
                      std::string::npos;
        }
        CHECK(counted);
    }
    CHECK(running.stop());
}

TEST_CASE("HttpServer: connections beyond max_connections get 503 and close", "[server]") {
    ServerConfig config = test_config();
    config.max_connections = 2;
    RunningServer running(config, test_handler);
    Client a(running.port());
    Client b(running.port());
    for (Client* c : {&a, &b}) {
        REQUIRE(c->send(get("/held")));
        REQUIRE(c->read_reply());
    }
    {
        Client over(running.port());
        over.send(get("/over"));
        const auto reply = over.read_reply();
        REQUIRE(reply);
        CHECK(reply->status == 503);
        CHECK(reply->header("connection") == "close");
        CHECK(reply->header("retry-after") == "1");
        CHECK(over.closed_by_server());
    }
    // The held connections still work.
    REQUIRE(a.send(get("/again")));
    const auto again = a.read_reply();
    REQUIRE(again);
    CHECK(again->status == 200);
    CHECK(running.metrics().render().find("snamap_http_connections_rejected_total 1") !=
          std::string::npos);
    CHECK(running.stop());
}

TEST_CASE("HttpServer: stop() lets an in-flight request finish and run() returns", "[server]") {
    RunningServer running(test_config(), test_handler);
    Client idle(running.port());
    REQUIRE(idle.send(get("/warm")));
    REQUIRE(idle.read_reply());

    Client busy(running.port());
    REQUIRE(busy.send(get("/slow")));
    std::this_thread::sleep_for(100ms);  // the handler is now sleeping
    const auto started = std::chrono::steady_clock::now();
    running.server().stop();
    const auto reply = busy.read_reply();
    REQUIRE(reply);
    CHECK(reply->status == 200);
    CHECK(reply->body == "hello /slow");
    CHECK(running.stop());
    CHECK(std::chrono::steady_clock::now() - started < 3s);
    CHECK(idle.closed_by_server());
    CHECK_THROWS(Client(running.port()));  // no longer listening
}

TEST_CASE("HttpServer: stop() before run() makes run() return at once", "[server]") {
    Metrics metrics;
    std::ostringstream log;
    HttpServer server(test_config(), test_handler, metrics, log);
    server.stop();
    auto done = std::async(std::launch::async, [&server] { server.run(); });
    CHECK(done.wait_for(3s) == std::future_status::ready);
}

TEST_CASE("HttpServer: binding a port in use fails with a message naming the address", "[server]") {
    RunningServer running(test_config(), test_handler);
    ServerConfig config = test_config();
    config.port = running.port();
    Metrics metrics;
    std::ostringstream log;
    CHECK_THROWS_WITH(
        HttpServer(config, test_handler, metrics, log),
        Catch::Contains("cannot listen on 127.0.0.1:" + std::to_string(running.port())));
    CHECK(running.stop());
}

TEST_CASE("HttpServer: SIGTERM makes run() return", "[server]") {
    RunningServer running(test_config(), test_handler);
    Client client(running.port());
    REQUIRE(client.send(get("/ready")));
    REQUIRE(client.read_reply());  // run() is serving, so its signal handler is installed
    std::raise(SIGTERM);
    CHECK(running.wait(5s));
    CHECK(running.log().find("signal 15: shutting down") != std::string::npos);
}
