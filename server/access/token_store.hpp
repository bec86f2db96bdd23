#pragma once
/// API tokens (docs/access.md): `snamap token add|list|revoke` manage a file of JSON lines holding,
/// per token, its name, groups, expiry and the SHA-256 of the token; the token itself is printed
/// once and never stored. The server re-reads the file when it changes, so a revocation takes
/// effect without a restart.

#include "server/access/identity.hpp"

#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace sna::server {

struct TokenEntry {
    std::string name;
    std::set<std::string> groups;
    std::string sha256;   ///< of the token, lower-case hex
    std::string created;  ///< UTC, ISO 8601
    std::string expires;  ///< YYYY-MM-DD (valid until that day starts, UTC); empty: never
    std::string revoked;  ///< UTC time of revocation; empty: in force
};

/// Why a presented token is refused.
enum class TokenProblem { unknown, expired, revoked };
const char* to_text(TokenProblem problem);

class TokenStore {
public:
    /// A store on `path`; a missing file is an empty store.
    explicit TokenStore(std::string path);

    /// Adds a token and returns it (the only time it is seen). Names are unique among tokens in
    /// force. @throws geo::InvalidInput for a bad name, group or date.
    std::string add(const std::string& name, const std::set<std::string>& groups,
                    const std::string& expires, std::time_t now);
    /// Marks the token of `name` revoked. @throws geo::NotFound when no token in force has it.
    void revoke(const std::string& name, std::time_t now);
    std::vector<TokenEntry> list() const;

    /// The identity a token proves, or the problem with it. Thread-safe.
    std::variant<Identity, TokenProblem> verify(const std::string& token, std::time_t now) const;
    /// The same for the token whose token_id() is `id` (a browser session names its token so).
    std::variant<Identity, TokenProblem> verify_id(const std::string& id, std::time_t now) const;
    /// A token's id: the first 32 hex digits of its SHA-256; it names the token without
    /// revealing it (docs/access.md, browser sessions).
    static std::string token_id(const std::string& token);

private:
    void reload_if_changed() const;
    void write(const std::vector<TokenEntry>& entries) const;

    std::string m_path;
    mutable std::mutex m_mutex;
    mutable std::vector<TokenEntry> m_entries;
    mutable std::map<std::string, std::size_t> m_by_hash;
    mutable std::string m_loaded_stamp;  ///< mtime and size of the file last read
};

/// `t` as UTC in a strftime format (at most 63 characters long), ISO 8601 by default.
std::string utc_text(std::time_t t, const char* format = "%Y-%m-%dT%H:%M:%SZ");

/// "2027-03-01" → the time that day starts (UTC); nullopt when not a valid date.
std::optional<std::time_t> parse_day(const std::string& day);

}  // namespace sna::server
