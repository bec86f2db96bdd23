#pragma once
/// Transport-neutral HTTP request/response. Handlers and tests use these; only the Beast session
/// translation unit converts to and from Beast types, so handler code compiles fast.

#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sna::server {

/// Case-insensitive header list (names as received, compared without case).
class HeaderList {
public:
    void set(std::string name, std::string value) {
        for (auto& [n, v] : m_items) {
            if (equals(n, name)) {
                v = std::move(value);
                return;
            }
        }
        m_items.emplace_back(std::move(name), std::move(value));
    }
    void add(std::string name, std::string value) {
        m_items.emplace_back(std::move(name), std::move(value));
    }
    std::optional<std::string> get(const std::string& name) const {
        for (const auto& [n, v] : m_items) {
            if (equals(n, name)) return v;
        }
        return std::nullopt;
    }
    std::string get_or(const std::string& name, const std::string& fallback = {}) const {
        return get(name).value_or(fallback);
    }
    const std::vector<std::pair<std::string, std::string>>& items() const { return m_items; }

    static bool equals(const std::string& a, const std::string& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(a[i])) !=
                std::tolower(static_cast<unsigned char>(b[i]))) {
                return false;
            }
        }
        return true;
    }

private:
    std::vector<std::pair<std::string, std::string>> m_items;
};

struct HttpRequest {
    std::string method = "GET";  ///< upper case, e.g. "GET", "HEAD"
    std::string target = "/";    ///< raw request target: path and query, percent-encoded
    HeaderList headers;
    std::string body;
};

struct HttpResponse {
    int status = 200;
    HeaderList headers;
    std::string body;
    /// Route label for metrics and logs (e.g. "tile", "api_area"); never sent to the client.
    std::string route = "other";
};

}  // namespace sna::server
