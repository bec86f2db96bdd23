#include "server/access/authenticate.hpp"

#include "geo/core/text.hpp"
#include "server/access/random_bytes.hpp"

#include <algorithm>

namespace sna::server {

std::set<std::string> split_groups(std::string_view text) {
    std::set<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string group = geo::to_lower(geo::trim(text.substr(start, comma - start)));
        if (!group.empty()) out.insert(group);
        start = comma + 1;
    }
    return out;
}

Authenticator::Authenticator(const ServerConfig& config)
    : m_config(config),
      m_sessions(config.session_secret_file.empty()
                     ? random_bytes(32)
                     : read_session_key(config.session_secret_file)) {
    if (!config.tokens_file.empty()) {
        m_tokens = std::make_unique<TokenStore>(config.tokens_file);
        m_tokens->list();  // a malformed file fails at start-up, not on the first request
    }
}

std::variant<Identity, Refusal> Authenticator::identify(const HttpRequest& request,
                                                        std::string* ended_session) const {
    if (const auto* authorization = request.headers.find("Authorization")) {
        const std::string value(*authorization);
        static const std::string bearer = "Bearer ";
        if (value.size() <= bearer.size() || value.compare(0, bearer.size(), bearer) != 0)
            return Refusal{"only 'Authorization: Bearer <token>' is accepted"};
        if (!m_tokens) return Refusal{"this server takes no API tokens (tokens_file is not set)"};
        const auto verified = m_tokens->verify(std::string(geo::trim(value.substr(bearer.size()))),
                                               std::time(nullptr));
        if (const auto* problem = std::get_if<TokenProblem>(&verified))
            return Refusal{to_text(*problem)};
        return std::get<Identity>(verified);
    }
    if (auto proxied = from_proxy(request)) return *proxied;
    if (auto session = from_session(request, ended_session)) return *session;
    return Identity{};
}

std::optional<Identity> Authenticator::from_session(const HttpRequest& request,
                                                    std::string* ended) const {
    const auto* header = request.headers.find("Cookie");
    const auto value = header ? cookie_value(*header, session_cookie_name) : std::nullopt;
    if (!value || value->empty()) return std::nullopt;
    const auto end = [ended](const std::string& why) {
        if (ended) *ended = why;
        return std::nullopt;
    };
    if (!m_tokens) return end("this server takes no API tokens");
    const std::time_t now = std::time(nullptr);
    const auto claims = m_sessions.open(*value, now);
    if (const auto* problem = std::get_if<SessionProblem>(&claims)) return end(to_text(*problem));
    const auto& session = std::get<SessionClaims>(claims);
    // The token is asked every time: revoking it ends its sessions on their next request.
    auto verified = m_tokens->verify_id(session.token_id, now);
    if (const auto* problem = std::get_if<TokenProblem>(&verified)) return end(to_text(*problem));
    Identity identity = std::move(std::get<Identity>(verified));
    identity.method = "session";
    if (identity.expires == 0 || session.expires < identity.expires)
        identity.expires = session.expires;
    return identity;
}

std::variant<SignedIn, Refusal> Authenticator::sign_in(const std::string& token,
                                                       std::time_t now) const {
    if (!m_tokens) return Refusal{"this server takes no API tokens (tokens_file is not set)"};
    auto verified = m_tokens->verify(token, now);
    if (const auto* problem = std::get_if<TokenProblem>(&verified))
        return Refusal{to_text(*problem)};
    Identity identity = std::move(std::get<Identity>(verified));
    std::time_t ends = now + static_cast<std::time_t>(m_config.session_hours) * 3600;
    if (identity.expires != 0 && identity.expires < ends) ends = identity.expires;
    identity.method = "session";
    identity.expires = ends;
    const std::string value = m_sessions.seal({TokenStore::token_id(token), ends});
    return SignedIn{std::move(identity), session_set_cookie(value, ends - now, secure_cookies())};
}

std::string Authenticator::sign_out_cookie() const {
    return session_clear_cookie(secure_cookies());
}

bool Authenticator::secure_cookies() const {
    const std::string base = public_base_url(m_config);
    for (const char* local : {"http://127.0.0.1", "http://localhost", "http://[::1]"}) {
        const std::string prefix(local);
        if (base.compare(0, prefix.size(), prefix) == 0 &&
            (base.size() == prefix.size() || base[prefix.size()] == ':' ||
             base[prefix.size()] == '/'))
            return false;
    }
    return true;
}

std::optional<Identity> Authenticator::from_proxy(const HttpRequest& request) const {
    const auto& proxies = m_config.sso_proxies;
    if (std::find(proxies.begin(), proxies.end(), request.peer) == proxies.end())
        return std::nullopt;
    const auto* user = request.headers.find(m_config.sso_user_header);
    if (!user || geo::trim(*user).empty()) return std::nullopt;
    const auto* groups = request.headers.find(m_config.sso_groups_header);
    return Identity{std::string(geo::trim(*user)),
                    groups ? split_groups(*groups) : std::set<std::string>{}, "proxy"};
}

}  // namespace sna::server
