#pragma once
/// Transport-neutral HTTP request/response. Handlers and tests use these; only the transport's
/// Beast translation units (http_session.cpp, http_server.cpp) see Beast types, so handler code
/// compiles fast.

#include "server/http/request_control.hpp"

#include <cctype>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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
        if (const std::string* value = find(name)) return *value;
        return std::nullopt;
    }
    /// The first value of `name`, or nullptr; no copy (valid until the list changes).
    const std::string* find(std::string_view name) const {
        for (const auto& [n, v] : m_items) {
            if (equals(n, name)) return &v;
        }
        return nullptr;
    }
    void reserve(std::size_t count) { m_items.reserve(count); }
    std::string get_or(const std::string& name, const std::string& fallback = {}) const {
        return get(name).value_or(fallback);
    }
    const std::vector<std::pair<std::string, std::string>>& items() const { return m_items; }

    /// ASCII case-insensitive comparison (header names are ASCII tokens; no locale involved).
    static bool equals(std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (to_lower(a[i]) != to_lower(b[i])) return false;
        }
        return true;
    }

private:
    static char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

    std::vector<std::pair<std::string, std::string>> m_items;
};

struct HttpRequest {
    std::string method = "GET";  ///< upper case, e.g. "GET", "HEAD"
    std::string target = "/";    ///< raw request target: path and query, percent-encoded
    HeaderList headers;
    std::string body;
    /// Set by the transport: cancelled when the client disconnects, with the route's deadline.
    /// Null in direct calls (tests): then the work is never abandoned.
    std::shared_ptr<RequestControl> control;
    /// What the classifier worked out about the request (the router's route match), handed back
    /// to the handler so the route is matched once per request. Opaque to the transport; null
    /// when there is no classifier or in direct calls.
    std::shared_ptr<const void> routing;
    /// The TCP peer's address as the transport saw it (not X-Forwarded-For); empty in direct
    /// calls. Single-sign-on headers are believed only from configured proxy addresses.
    std::string peer;
};

/// A body produced piece by piece while it is sent (HTTP/1.1 chunked; HTTP/1.0 until close), so
/// a large download is never whole in memory and a slow reader holds one piece. Called on the
/// connection's I/O thread, one call per piece: appends about `max_bytes` (more is allowed for
/// one row) to `out` and returns whether more follows. Each call must be cheap (formatting rows
/// already in memory); it may throw, which ends the response early (the client sees a truncated
/// chunked body, which it can tell from a complete one).
using BodyStream = std::function<bool(std::string& out, std::size_t max_bytes)>;

struct HttpResponse {
    int status = 200;
    HeaderList headers;
    std::string body;
    /// Route label for metrics and logs (e.g. "tile", "api_area"); never sent to the client.
    std::string route = "other";
    /// Who asked, for the audit log ("alice@example.org (proxy)"); empty when anonymous.
    std::string caller;
    /// When set, the body sent instead of `body`: bytes shared with a cache and never copied
    /// (the transport holds the pointer until the write completes). Read the body a response
    /// will send with body_view(), whichever of the two holds it. Last, so aggregate
    /// initialisation of the members above keeps working.
    std::shared_ptr<const std::string> shared_body;
    /// When set (and body empty), the body is produced while it is written (see BodyStream).
    BodyStream stream;

    /// The body to send: *shared_body when set, else body.
    std::string_view body_view() const { return shared_body ? *shared_body : body; }
    std::size_t body_size() const { return shared_body ? shared_body->size() : body.size(); }
    /// Drops the body, whichever of the two holds it.
    void clear_body() {
        body.clear();
        shared_body.reset();
        stream = nullptr;
    }
};

}  // namespace sna::server
