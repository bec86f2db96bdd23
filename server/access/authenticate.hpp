#pragma once
/// Works out who is asking (docs/access.md), in this order: an `Authorization: Bearer` API token;
/// then, only on connections from a configured single-sign-on proxy (`sso_proxies`), the user and
/// groups headers it sets. Anything else is anonymous. A credential that is presented but refused
/// (unknown, expired or revoked token; another scheme) is an error, never a silent downgrade.

#include "server/access/identity.hpp"
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

class Authenticator {
public:
    /// Opens `config.tokens_file` when set. The config must outlive the authenticator.
    explicit Authenticator(const ServerConfig& config);
    std::variant<Identity, Refusal> identify(const HttpRequest& request) const;

private:
    std::optional<Identity> from_proxy(const HttpRequest& request) const;

    const ServerConfig& m_config;
    std::unique_ptr<TokenStore> m_tokens;
};

/// "a, B ,c" → {"a", "b", "c"}: groups as an SSO proxy lists them, lower-cased.
std::set<std::string> split_groups(std::string_view text);

}  // namespace sna::server
