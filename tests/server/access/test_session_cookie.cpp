// Browser sessions: the cookie is sealed with HMAC-SHA256 and opens only unchanged, unexpired
// and under the key that sealed it; the authenticator honours it only while its token is in
// force, and the cookie never holds the token.

#include "geo/core/errors.hpp"
#include "server/access/authenticate.hpp"
#include "server/access/session_cookie.hpp"
#include "server/access/token_store.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace sna;
using namespace sna::server;

namespace {

const std::string key_a(32, 'a');
const std::string key_b(32, 'b');
const std::string id = "0123456789abcdef0123456789abcdef";
const std::time_t now = 1800000000;

/// `value` with the character at `at` replaced by another hex digit or digit.
std::string changed_at(std::string value, std::size_t at) {
    value[at] = value[at] == '1' ? '2' : '1';
    return value;
}

HttpRequest with_cookie(const std::string& cookie) {
    HttpRequest r;
    r.headers.set("Cookie", cookie);
    return r;
}

/// The `name=value` part of a Set-Cookie value.
std::string cookie_pair(const std::string& set_cookie) {
    return set_cookie.substr(0, set_cookie.find(';'));
}

}  // namespace

TEST_CASE("a sealed session opens unchanged under its key until it expires") {
    const SessionSigner signer(key_a);
    const std::string value = signer.seal({id, now + 3600});
    CHECK(value.rfind("v1." + id + ".", 0) == 0);
    const auto opened = signer.open(value, now);
    REQUIRE(std::holds_alternative<SessionClaims>(opened));
    CHECK(std::get<SessionClaims>(opened).token_id == id);
    CHECK(std::get<SessionClaims>(opened).expires == now + 3600);

    CHECK(std::get<SessionProblem>(signer.open(value, now + 3600)) == SessionProblem::expired);
    CHECK(std::get<SessionProblem>(SessionSigner(key_b).open(value, now)) ==
          SessionProblem::bad_signature);
}

TEST_CASE("a session cookie changed anywhere is refused") {
    const SessionSigner signer(key_a);
    const std::string value = signer.seal({id, now + 3600});
    // Each place: the token id, the expiry (a later end), and the signature.
    for (const std::size_t at : {std::size_t{5}, value.find('.', 4) + 1, value.size() - 1}) {
        INFO(at);
        CHECK(std::get<SessionProblem>(signer.open(changed_at(value, at), now)) ==
              SessionProblem::bad_signature);
    }
    // A later expiry written in with the old signature.
    const std::string later =
        "v1." + id + "." + std::to_string(now + 999999) + value.substr(value.rfind('.'));
    CHECK(std::get<SessionProblem>(signer.open(later, now)) == SessionProblem::bad_signature);
    CHECK(std::get<SessionProblem>(signer.open("", now)) == SessionProblem::malformed);
    CHECK(std::get<SessionProblem>(signer.open("v1.x.y", now)) == SessionProblem::malformed);
    CHECK(std::get<SessionProblem>(signer.open(value.substr(0, value.size() - 2), now)) ==
          SessionProblem::malformed);
}

TEST_CASE("cookies are found by name in a Cookie header") {
    CHECK(cookie_value("a=1; snamap_session=xyz; b=2", "snamap_session") == "xyz");
    CHECK(cookie_value("snamap_session_old=1", "snamap_session") == std::nullopt);
    CHECK(cookie_value("", "snamap_session") == std::nullopt);
    const std::string set = session_set_cookie("v", 60, true);
    CHECK(set == "snamap_session=v; Max-Age=60; Path=/; HttpOnly; SameSite=Lax; Secure");
    CHECK(session_clear_cookie(false) ==
          "snamap_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
}

TEST_CASE("a session key file must hold at least 32 bytes") {
    test::TempDir dir;
    dir.write("short.key", "too short\n");
    dir.write("good.key", std::string(44, 'k') + "\n");
    CHECK_THROWS_WITH(read_session_key((dir.path() / "short.key").string()),
                      Catch::Contains("at least 32"));
    CHECK(read_session_key((dir.path() / "good.key").string()) == std::string(44, 'k'));
    CHECK_THROWS_AS(read_session_key((dir.path() / "none.key").string()), geo::InvalidInput);
}

TEST_CASE("a signed-in browser is identified while its token is in force") {
    test::TempDir dir;
    dir.write("session.key", std::string(40, 's'));
    ServerConfig config;
    config.tokens_file = (dir.path() / "tokens.jsonl").string();
    config.session_secret_file = (dir.path() / "session.key").string();
    config.public_url = "https://sna.example.org";
    TokenStore store(config.tokens_file);
    const std::string token = store.add("alice", {"partner"}, "", std::time(nullptr));
    const Authenticator auth(config);

    const auto result = auth.sign_in(token, std::time(nullptr));
    REQUIRE(std::holds_alternative<SignedIn>(result));
    const SignedIn& in = std::get<SignedIn>(result);
    CHECK(in.set_cookie.find("; Secure") != std::string::npos);
    CHECK(in.set_cookie.find("Max-Age=43200") != std::string::npos);  // 12 hours
    CHECK(in.set_cookie.find(token.substr(7)) == std::string::npos);  // never the token
    const auto who = std::get<Identity>(auth.identify(with_cookie(cookie_pair(in.set_cookie))));
    CHECK(who.name == "alice");
    CHECK(who.method == "session");
    CHECK(who.groups == std::set<std::string>{"partner"});

    // The same key from the file: another server process honours the session.
    const Authenticator restarted(config);
    CHECK(std::get<Identity>(restarted.identify(with_cookie(cookie_pair(in.set_cookie)))).name ==
          "alice");

    std::string why;
    const std::string tampered = changed_at(cookie_pair(in.set_cookie), 20);
    CHECK(std::get<Identity>(auth.identify(with_cookie(tampered), &why)).anonymous());
    CHECK(why == "the session cookie's signature does not match");

    store.revoke("alice", std::time(nullptr));
    why.clear();
    CHECK(std::get<Identity>(auth.identify(with_cookie(cookie_pair(in.set_cookie)), &why))
              .anonymous());
    CHECK(why == "the token has been revoked");
    CHECK(std::holds_alternative<Refusal>(auth.sign_in(token, std::time(nullptr))));
}

TEST_CASE("without a key file each server makes its own key, and sessions never outlive tokens") {
    test::TempDir dir;
    ServerConfig config;
    config.tokens_file = (dir.path() / "tokens.jsonl").string();
    config.public_url = "http://127.0.0.1:8080";
    const std::time_t t = std::time(nullptr);
    const std::string token = TokenStore(config.tokens_file).add("bob", {"partner"}, "", t);
    const Authenticator first(config);
    const Authenticator second(config);
    const auto in = std::get<SignedIn>(first.sign_in(token, t));
    CHECK(in.set_cookie.find("Secure") == std::string::npos);  // plain http on 127.0.0.1
    std::string why;
    CHECK(std::get<Identity>(second.identify(with_cookie(cookie_pair(in.set_cookie)), &why))
              .anonymous());
    CHECK(why == "the session cookie's signature does not match");

    // A token that ends tomorrow gives a session of at most its remaining life.
    char tomorrow[16];
    const std::time_t next = t + 24 * 3600;
    std::tm tm{};
    gmtime_r(&next, &tm);
    std::strftime(tomorrow, sizeof tomorrow, "%Y-%m-%d", &tm);
    const std::string short_lived = TokenStore(config.tokens_file).add("cy", {}, tomorrow, t);
    config.session_hours = 48;  // the authenticator reads the config it was given
    const auto brief = std::get<SignedIn>(first.sign_in(short_lived, t));
    CHECK(brief.identity.expires == *parse_day(tomorrow));
    config.session_hours = 1;
    CHECK(std::get<SignedIn>(first.sign_in(short_lived, t)).identity.expires == t + 3600);
}
