#pragma once
/// The real-data fixture's router behind a real HttpServer on 127.0.0.1:0, and one request per
/// connection to it: for tests that speak HTTP over a socket.

#include "tests/integration/server_fixture.hpp"
#include "tests/support/raw_http.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace sna::test {

/// One request on its own connection; extra header lines end in "\r\n".
inline Reply exchange(unsigned short port, const std::string& target,
                      const std::string& headers = {}, const std::string& method = "GET") {
    Client client(port, std::chrono::milliseconds(30000));
    REQUIRE(client.send(method + " " + target + " HTTP/1.1\r\nHost: test\r\n" + headers + "\r\n"));
    auto reply = client.read_reply(method == "HEAD");
    REQUIRE(reply);
    return *reply;
}

/// The fixture's router behind a real HttpServer on 127.0.0.1:0.
struct SocketServer {
    const ServerFixture& f = real_fixture();
    server::ServerConfig config = [this] {
        server::ServerConfig c = f.config;
        c.port = 0;
        c.access_log = false;
        return c;
    }();
    RunningServer running{config,
                          [this](const server::HttpRequest& r) { return f.router->handle(r); },
                          [this](server::HttpRequest& r) { return f.router->classify(r); }};
    unsigned short port() const { return running.port(); }
};

}  // namespace sna::test
