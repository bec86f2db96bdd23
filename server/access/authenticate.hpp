#pragma once
/// Works out who is asking (docs/access.md), in this order: an `Authorization: Bearer` API token;
/// then, only on connections from a configured single-sign-on proxy (`sso_proxies`), the user and
/// groups headers it sets; then a browser session cookie (session_cookie.hpp). Anything else is
/// anonymous. A Bearer credential that is presented but refused (unknown, expired or revoked
/// token; another scheme) is an error, never a silent downgrade; a session cookie that is not
/// honoured makes the caller anonymous and is cleared (a browser has no other way to recover).

#include "server/access/identity.hpp"
#include "server/access/session_cookie.hpp"
#include "server/access/token_store.hpp"
#include "server/config/server_config.hpp"
#include "server/http/http_message.hpp"

#include <memory>
#include <string>
#include <variant>

namespace sna::server {

/// Why a presented credential was refused (the 401's detail).
struct Refusal {
    std::string reason;
};

/// A session just started: who signed in and the Set-Cookie value that carries it.
struct SignedIn {
    Identity identity;
    std::string set_cookie;
};

class Authenticator {
public:
    /// Opens `config.tokens_file` when set; the session key comes from
    /// `config.session_secret_file`, or is made at random (sessions then end on restart).
    /// The config must outlive the authenticator. @throws geo::InvalidInput for a bad key file.
    explicit Authenticator(const ServerConfig& config);

    /// Who asks. A session cookie that is not honoured (bad signature, malformed, expired, its
    /// token revoked or expired) makes the caller anonymous and, when `ended_session` is given,
    /// sets it to why, so the answer can clear the cookie.
    std::variant<Identity, Refusal> identify(const HttpRequest& request,
                                             std::string* ended_session = nullptr) const;
    /// Exchanges an API token for a session of at most `session_hours` (never beyond the
    /// token's own expiry), or says why the token is refused.
    std::variant<SignedIn, Refusal> sign_in(const std::string& token, std::time_t now) const;
    /// The Set-Cookie value that ends a session.
    std::string sign_out_cookie() const;
    /// Whether session cookies carry `Secure`: always, unless the public URL is plain http on
    /// 127.0.0.1, localhost or [::1] (a browser drops Secure cookies sent over plain http).
    bool secure_cookies() const;
    bool takes_tokens() const { return m_tokens != nullptr; }

private:
    std::optional<Identity> from_proxy(const HttpRequest& request) const;
    std::optional<Identity> from_session(const HttpRequest& request, std::string* ended) const;

    const ServerConfig& m_config;
    std::unique_ptr<TokenStore> m_tokens;
    SessionSigner m_sessions;
};

/// "a, B ,c" → {"a", "b", "c"}: groups as an SSO proxy lists them, lower-cased.
std::set<std::string> split_groups(std::string_view text);

}  // namespace sna::server
