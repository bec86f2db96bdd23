#include "server/http/security_headers.hpp"

#include "server/config/server_config.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace sna::server;

namespace {

/// The value of one directive ("img-src 'self' data:" → "'self' data:"), or "" when absent.
std::string directive(const std::string& policy, const std::string& name) {
    const std::size_t at = policy.find(name + " ");
    if (at == std::string::npos || (at > 0 && policy.compare(at - 2, 2, "; ") != 0)) return "";
    const std::size_t start = at + name.size() + 1;
    return policy.substr(start, policy.find(';', start) - start);
}

}  // namespace

TEST_CASE("content_security_policy: scripts from the site only, and what MapLibre needs",
          "[server][http]") {
    const ServerConfig config;
    const std::string policy = content_security_policy(config);
    CHECK(directive(policy, "default-src") == "'self'");
    CHECK(directive(policy, "script-src") == "'self'");  // no inline script, no eval
    CHECK(directive(policy, "worker-src") == "'self' blob:");
    CHECK(directive(policy, "style-src") == "'self' 'unsafe-inline'");
    CHECK(directive(policy, "img-src") == "'self' data: blob:");
    CHECK(directive(policy, "font-src") == "'self'");
    CHECK(directive(policy, "connect-src") == "'self'");
    CHECK(directive(policy, "object-src") == "'none'");
    CHECK(directive(policy, "frame-ancestors") == "'self'");
    CHECK(policy.find("unsafe-eval") == std::string::npos);

    CHECK(directive(content_security_policy(config, "*"), "frame-ancestors") == "*");
}

TEST_CASE("content_security_policy: a configured basemap's origin may be fetched",
          "[server][http]") {
    ServerConfig config;
    config.basemap_url = "https://tiles.example.org:8443/osm/{z}/{x}/{y}.png";
    std::string policy = content_security_policy(config);
    CHECK(directive(policy, "connect-src") == "'self' https://tiles.example.org:8443");
    CHECK(directive(policy, "img-src") == "'self' data: blob: https://tiles.example.org:8443");
    // A templated host cannot be named: the scheme is allowed instead.
    config.basemap_url = "https://{s}.tiles.example.org/{z}/{x}/{y}.png";
    policy = content_security_policy(config);
    CHECK(directive(policy, "connect-src") == "'self' https:");
}

TEST_CASE("content_security_policy: PMTiles archives' origins may be fetched, once each",
          "[server][http]") {
    ServerConfig config;
    config.pmtiles_urls = {{"lad", "https://cdn.example.org/t/lad.pmtiles"},
                           {"lsoa21", "https://cdn.example.org/t/lsoa21.pmtiles"},
                           {"ward22", "http://127.0.0.1:8081/ward22.pmtiles"},
                           {"pfa", "/static/pfa.pmtiles"}};
    const std::string policy = content_security_policy(config);
    CHECK(directive(policy, "connect-src") ==
          "'self' https://cdn.example.org http://127.0.0.1:8081");
    CHECK(directive(policy, "img-src") == "'self' data: blob:");
}

TEST_CASE("is_html_response", "[server][http]") {
    HttpResponse r;
    CHECK_FALSE(is_html_response(r));
    r.headers.set("Content-Type", "text/html; charset=utf-8");
    CHECK(is_html_response(r));
    r.headers.set("content-type", "TEXT/HTML");
    CHECK(is_html_response(r));
    r.headers.set("Content-Type", "application/json");
    CHECK_FALSE(is_html_response(r));
}
