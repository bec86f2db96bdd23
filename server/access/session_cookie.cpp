#include "server/access/session_cookie.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/sha256.hpp"
#include "geo/core/text.hpp"

#include <cassert>
#include <fstream>
#include <sstream>

namespace sna::server {

namespace {

constexpr std::string_view version = "v1";
constexpr std::size_t min_key_bytes = 32;

bool is_lower_hex(std::string_view text) {
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return !text.empty();
}

bool is_digits(std::string_view text) {
    for (const char c : text)
        if (c < '0' || c > '9') return false;
    return !text.empty() && text.size() <= 12;
}

/// Equal strings of equal length, in time that does not depend on where they differ.
bool equal_in_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
    return diff == 0;
}

std::string cookie_attributes(bool secure) {
    return std::string("; Path=/; HttpOnly; SameSite=Lax") + (secure ? "; Secure" : "");
}

}  // namespace

const char* to_text(SessionProblem problem) {
    switch (problem) {
        case SessionProblem::bad_signature:
            return "the session cookie's signature does not match";
        case SessionProblem::expired:
            return "the session has expired";
        case SessionProblem::malformed:
            break;
    }
    return "the session cookie is malformed";
}

SessionSigner::SessionSigner(std::string key) : m_key(std::move(key)) {
    assert(m_key.size() >= min_key_bytes);
}

std::string SessionSigner::seal(const SessionClaims& claims) const {
    const std::string payload =
        std::string(version) + "." + claims.token_id + "." + std::to_string(claims.expires);
    return payload + "." + geo::hmac_sha256_hex(m_key, payload);
}

std::variant<SessionClaims, SessionProblem> SessionSigner::open(std::string_view value,
                                                                std::time_t now) const {
    const std::size_t last = value.rfind('.');
    if (last == std::string_view::npos) return SessionProblem::malformed;
    const std::string_view payload = value.substr(0, last);
    const std::string_view signature = value.substr(last + 1);
    if (signature.size() != 64 || !is_lower_hex(signature)) return SessionProblem::malformed;
    if (!equal_in_constant_time(geo::hmac_sha256_hex(m_key, payload), signature))
        return SessionProblem::bad_signature;
    // Signed by this server, so well formed unless the key was shared with something else.
    const std::size_t first = payload.find('.');
    const std::size_t second = payload.find('.', first + 1);
    if (first == std::string_view::npos || second == std::string_view::npos ||
        payload.substr(0, first) != version)
        return SessionProblem::malformed;
    const std::string_view id = payload.substr(first + 1, second - first - 1);
    const std::string_view expires = payload.substr(second + 1);
    if (id.size() != 32 || !is_lower_hex(id) || !is_digits(expires))
        return SessionProblem::malformed;
    const auto ends = static_cast<std::time_t>(std::stoll(std::string(expires)));
    if (now >= ends) return SessionProblem::expired;
    return SessionClaims{std::string(id), ends};
}

std::string read_session_key(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw geo::InvalidInput("cannot read session_secret_file '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    const std::string key(geo::trim(text.str()));
    if (key.size() < min_key_bytes)
        throw geo::InvalidInput(
            "session_secret_file '" + path + "' holds " + std::to_string(key.size()) +
            " bytes; a session key needs at least " + std::to_string(min_key_bytes) +
            " (e.g. head -c 48 /dev/urandom | base64)");
    return key;
}

std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name) {
    std::size_t start = 0;
    while (start < header.size()) {
        const std::size_t end = std::min(header.find(';', start), header.size());
        const std::string_view pair = geo::trim(header.substr(start, end - start));
        const std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos && geo::trim(pair.substr(0, equals)) == name)
            return geo::trim(pair.substr(equals + 1));
        start = end + 1;
    }
    return std::nullopt;
}

std::string session_set_cookie(const std::string& value, long max_age_s, bool secure) {
    return std::string(session_cookie_name) + "=" + value +
           "; Max-Age=" + std::to_string(max_age_s) + cookie_attributes(secure);
}

std::string session_clear_cookie(bool secure) {
    return std::string(session_cookie_name) + "=; Max-Age=0" + cookie_attributes(secure);
}

}  // namespace sna::server
