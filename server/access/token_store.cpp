#include "server/access/token_store.hpp"

#include "geo/core/access.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/sha256.hpp"
#include "server/access/random_bytes.hpp"

#include <sys/stat.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace sna::server {

using nlohmann::json;

namespace {

/// 32 random bytes from the kernel, base64url without padding, after a recognisable prefix.
std::string random_token() {
    const std::string bytes = random_bytes(32);
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out = "snamap_";
    unsigned bits = 0, value = 0;
    for (const char byte : bytes) {
        value = (value << 8) | static_cast<unsigned char>(byte);
        for (bits += 8; bits >= 6; bits -= 6) out += alphabet[(value >> (bits - 6)) & 63];
    }
    if (bits > 0) out += alphabet[(value << (6 - bits)) & 63];
    return out;
}

json entry_json(const TokenEntry& e) {
    return {{"name", e.name},       {"groups", e.groups},   {"sha256", e.sha256},
            {"created", e.created}, {"expires", e.expires}, {"revoked", e.revoked}};
}

TokenEntry entry_of(const json& j) {
    return {j.at("name").get<std::string>(),
            j.at("groups").get<std::set<std::string>>(),
            j.at("sha256").get<std::string>(),
            j.value("created", ""),
            j.value("expires", ""),
            j.value("revoked", "")};
}

std::vector<TokenEntry> read_entries(const std::string& path) {
    std::vector<TokenEntry> out;
    std::ifstream in(path);
    std::string line;
    for (std::size_t row = 1; std::getline(in, line); ++row) {
        if (line.empty()) continue;
        try {
            out.push_back(entry_of(json::parse(line)));
        } catch (const json::exception& e) {
            throw geo::DataError({path, std::to_string(row), ""},
                                 std::string("not a token entry: ") + e.what());
        }
    }
    return out;
}

std::string file_stamp(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "missing";
    return std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + ":" +
           std::to_string(st.st_size);
}

}  // namespace

std::string utc_text(std::time_t t, const char* format) {
    char buffer[64];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buffer, sizeof buffer, format, &tm);
    return buffer;
}

const char* to_text(TokenProblem problem) {
    switch (problem) {
        case TokenProblem::expired:
            return "the token has expired";
        case TokenProblem::revoked:
            return "the token has been revoked";
        case TokenProblem::unknown:
            break;
    }
    return "the token is not known";
}

std::optional<std::time_t> parse_day(const std::string& day) {
    std::tm tm{};
    std::istringstream in(day);
    in >> std::get_time(&tm, "%Y-%m-%d");
    if (in.fail() || !in.eof() || day.size() != 10) return std::nullopt;
    const std::time_t t = timegm(&tm);
    if (utc_text(t).substr(0, 10) != day) return std::nullopt;  // e.g. 2027-02-30
    return t;
}

TokenStore::TokenStore(std::string path) : m_path(std::move(path)) {}

std::string TokenStore::add(const std::string& name, const std::set<std::string>& groups,
                            const std::string& expires, std::time_t now) {
    if (name.empty() || name.size() > 100 || name.find_first_of("\r\n\t") != std::string::npos)
        throw geo::InvalidInput("a token name is 1 to 100 characters on one line");
    for (const auto& g : groups)
        if (!geo::is_valid_access(g) || g == geo::public_access)
            throw geo::InvalidInput("'" + g +
                                    "' is not a group name (lower-case letters, "
                                    "digits, '_' or '-', starting with a letter)");
    if (!expires.empty() && !parse_day(expires))
        throw geo::InvalidInput("--expires takes a date YYYY-MM-DD, got '" + expires + "'");
    auto entries = read_entries(m_path);
    for (const auto& e : entries)
        if (e.name == name && e.revoked.empty())
            throw geo::InvalidInput("a token named '" + name + "' is in force; revoke it first");
    const std::string token = random_token();
    entries.push_back({name, groups, geo::sha256_hex(token), utc_text(now), expires, ""});
    write(entries);
    return token;
}

void TokenStore::revoke(const std::string& name, std::time_t now) {
    auto entries = read_entries(m_path);
    bool found = false;
    for (auto& e : entries) {
        if (e.name != name || !e.revoked.empty()) continue;
        e.revoked = utc_text(now);
        found = true;
    }
    if (!found) throw geo::NotFound("no token in force is named '" + name + "'");
    write(entries);
}

std::vector<TokenEntry> TokenStore::list() const {
    return read_entries(m_path);
}

void TokenStore::write(const std::vector<TokenEntry>& entries) const {
    const std::string temp = m_path + ".tmp";
    {
        std::ofstream out(temp, std::ios::trunc);
        for (const auto& e : entries) out << entry_json(e).dump() << '\n';
        if (!out.flush()) throw std::runtime_error("cannot write " + temp);
    }
    ::chmod(temp.c_str(), 0600);
    if (std::rename(temp.c_str(), m_path.c_str()) != 0)
        throw std::runtime_error("cannot replace " + m_path);
}

void TokenStore::reload_if_changed() const {
    const std::string stamp = file_stamp(m_path);
    if (stamp == m_loaded_stamp) return;
    m_entries = stamp == "missing" ? std::vector<TokenEntry>{} : read_entries(m_path);
    m_by_hash.clear();
    for (std::size_t i = 0; i < m_entries.size(); ++i) m_by_hash[m_entries[i].sha256] = i;
    m_loaded_stamp = stamp;
}

std::string TokenStore::token_id(const std::string& token) {
    return geo::sha256_hex(token).substr(0, 32);
}

std::variant<Identity, TokenProblem> TokenStore::verify(const std::string& token,
                                                        std::time_t now) const {
    return verify_id(token_id(token), now);
}

std::variant<Identity, TokenProblem> TokenStore::verify_id(const std::string& id,
                                                           std::time_t now) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    reload_if_changed();
    // The hashes are sorted: the first one not below the id is the only one it can start.
    const auto it = m_by_hash.lower_bound(id);
    if (id.size() != 32 || it == m_by_hash.end() || it->first.compare(0, id.size(), id) != 0)
        return TokenProblem::unknown;
    const TokenEntry& e = m_entries[it->second];
    if (!e.revoked.empty()) return TokenProblem::revoked;
    const std::time_t ends = e.expires.empty() ? 0 : parse_day(e.expires).value_or(1);
    if (ends != 0 && now >= ends) return TokenProblem::expired;
    return Identity{e.name, e.groups, "token", ends};
}

}  // namespace sna::server
