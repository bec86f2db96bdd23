// API tokens: printed once, stored as a hash, refused when expired or revoked, revocations seen
// by a running server without a restart; proxy headers believed only from the proxy.

#include "geo/core/errors.hpp"
#include "geo/core/sha256.hpp"
#include "server/access/authenticate.hpp"
#include "server/access/token_store.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace sna;
using namespace sna::server;

namespace {

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const std::time_t day = 24 * 3600;
const std::time_t now = *parse_day("2026-12-07") + 3600;

HttpRequest with_header(const std::string& name, const std::string& value,
                        const std::string& peer = "192.0.2.10") {
    HttpRequest r;
    r.headers.set(name, value);
    r.peer = peer;
    return r;
}

}  // namespace

TEST_CASE("a token is random, shown once and stored only as its hash") {
    test::TempDir dir;
    TokenStore store((dir.path() / "tokens.jsonl").string());
    const std::string a = store.add("alice", {"partner"}, "", now);
    const std::string b = store.add("bob", {"partner", "police"}, "2027-01-01", now);
    CHECK(a != b);
    CHECK(a.size() > 40);
    const std::string stored = file_text(dir.path() / "tokens.jsonl");
    CHECK(stored.find(a) == std::string::npos);
    CHECK(stored.find(b) == std::string::npos);
    CHECK(stored.find(geo::sha256_hex(a)) != std::string::npos);
    const auto alice = std::get<Identity>(store.verify(a, now));
    CHECK(alice.name == "alice");
    CHECK(alice.groups == std::set<std::string>{"partner"});
    CHECK(alice.method == "token");
    CHECK(std::get<TokenProblem>(store.verify(a + "x", now)) == TokenProblem::unknown);
}

TEST_CASE("an expired token and a revoked token are refused") {
    test::TempDir dir;
    TokenStore store((dir.path() / "tokens.jsonl").string());
    const std::string t = store.add("carol", {"partner"}, "2026-12-08", now);
    CHECK(std::holds_alternative<Identity>(store.verify(t, now)));
    CHECK(std::get<TokenProblem>(store.verify(t, now + day)) == TokenProblem::expired);
    const std::string u = store.add("dan", {"partner"}, "", now);
    CHECK(std::holds_alternative<Identity>(store.verify(u, now)));
    // Revoked through another handle on the same file, as `snamap token revoke` does while the
    // server runs: the server's store sees it at once.
    TokenStore((dir.path() / "tokens.jsonl").string()).revoke("dan", now);
    CHECK(std::get<TokenProblem>(store.verify(u, now)) == TokenProblem::revoked);
    CHECK_THROWS_AS(store.revoke("dan", now), geo::NotFound);
    const std::string again = store.add("dan", {"partner"}, "", now);  // a new one may be issued
    CHECK(std::holds_alternative<Identity>(store.verify(again, now)));
}

TEST_CASE("token names, groups and dates are checked") {
    test::TempDir dir;
    TokenStore store((dir.path() / "tokens.jsonl").string());
    CHECK_THROWS_AS(store.add("", {"partner"}, "", now), geo::InvalidInput);
    CHECK_THROWS_AS(store.add("eve", {"Partner!"}, "", now), geo::InvalidInput);
    CHECK_THROWS_AS(store.add("eve", {"public"}, "", now), geo::InvalidInput);
    CHECK_THROWS_AS(store.add("eve", {"partner"}, "2027-02-30", now), geo::InvalidInput);
    CHECK_THROWS_AS(store.add("eve", {"partner"}, "next week", now), geo::InvalidInput);
    store.add("eve", {"partner"}, "", now);
    CHECK_THROWS_AS(store.add("eve", {"partner"}, "", now), geo::InvalidInput);
    CHECK(store.list().size() == 1);
}

TEST_CASE(
    "Bearer tokens identify, refused credentials are errors, proxies are believed only "
    "from their address") {
    test::TempDir dir;
    ServerConfig config;
    config.tokens_file = (dir.path() / "tokens.jsonl").string();
    config.sso_proxies = {"127.0.0.1"};
    const std::string token =
        TokenStore(config.tokens_file).add("alice", {"partner"}, "", std::time(nullptr));
    const Authenticator auth(config);

    const auto alice =
        std::get<Identity>(auth.identify(with_header("Authorization", "Bearer " + token)));
    CHECK(alice.name == "alice");
    CHECK(std::holds_alternative<Refusal>(
        auth.identify(with_header("Authorization", "Bearer nope"))));
    CHECK(
        std::holds_alternative<Refusal>(auth.identify(with_header("Authorization", "Basic YTpi"))));
    CHECK(std::get<Identity>(auth.identify(HttpRequest{})).anonymous());

    HttpRequest forged = with_header("X-Auth-Request-Email", "mallory@example.org", "192.0.2.66");
    forged.headers.set("X-Auth-Request-Groups", "partner");
    CHECK(std::get<Identity>(auth.identify(forged)).anonymous());
    HttpRequest proxied = forged;
    proxied.peer = "127.0.0.1";
    const auto sso = std::get<Identity>(auth.identify(proxied));
    CHECK(sso.name == "mallory@example.org");
    CHECK(sso.method == "proxy");
    CHECK(sso.groups == std::set<std::string>{"partner"});
}

TEST_CASE("SSO group lists are split, trimmed and lower-cased") {
    CHECK(split_groups(" Partner, police ,,education") ==
          std::set<std::string>{"education", "partner", "police"});
    CHECK(split_groups("").empty());
}
