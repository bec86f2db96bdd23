#pragma once
/// Browser sessions (docs/access.md): a cookie that names the API token the browser signed in
/// with (by TokenStore::token_id, never the token), when the session ends, and an HMAC-SHA256 of
/// both under the server's session key. The cookie proves only that this server issued it; the
/// token store is asked on every request, so revoking the token ends its sessions.

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace sna::server {

inline constexpr std::string_view session_cookie_name = "snamap_session";

struct SessionClaims {
    std::string token_id;  ///< TokenStore::token_id of the token signed in with (32 hex digits)
    std::time_t expires;   ///< when the session ends (seconds since 1970, UTC)
};

/// Why a session cookie is not honoured.
enum class SessionProblem { malformed, bad_signature, expired };
const char* to_text(SessionProblem problem);

/// Seals and opens session cookie values: "v1.<token id>.<expires>.<HMAC-SHA256 hex>".
class SessionSigner {
public:
    /// @pre `key` holds at least 32 bytes.
    explicit SessionSigner(std::string key);

    std::string seal(const SessionClaims& claims) const;
    /// The claims of a value this signer sealed that has not expired at `now`, or the problem.
    /// Signatures are compared in constant time.
    std::variant<SessionClaims, SessionProblem> open(std::string_view value, std::time_t now) const;

private:
    std::string m_key;
};

/// The session key in `path`: its bytes with surrounding whitespace trimmed, at least 32 of
/// them. @throws geo::InvalidInput naming the file when it cannot be read or is too short.
std::string read_session_key(const std::string& path);

/// The value of cookie `name` in a Cookie header ("a=1; b=2"); nullopt when absent.
std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name);

/// The Set-Cookie value of a session: `HttpOnly; SameSite=Lax; Path=/`, `Max-Age` and, unless
/// `secure` is false, `Secure`.
std::string session_set_cookie(const std::string& value, long max_age_s, bool secure);
/// The Set-Cookie value that removes the session cookie (empty value, Max-Age=0).
std::string session_clear_cookie(bool secure);

}  // namespace sna::server
