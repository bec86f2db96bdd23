#include "server/access/authenticate.hpp"

#include "geo/core/text.hpp"

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

Authenticator::Authenticator(const ServerConfig& config) : m_config(config) {
    if (!config.tokens_file.empty()) {
        m_tokens = std::make_unique<TokenStore>(config.tokens_file);
        m_tokens->list();  // a malformed file fails at start-up, not on the first request
    }
}

std::variant<Identity, Refusal> Authenticator::identify(const HttpRequest& request) const {
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
    return Identity{};
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
