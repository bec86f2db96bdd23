#pragma once
/// Maps a request to its handler; the single place where errors become status codes (STYLE §3).

#include "server/http_message.hpp"
#include "server/services.hpp"

#include <atomic>
#include <ostream>

namespace sna::server {

class Router {
public:
    /// `log` receives internal error details (never sent to clients).
    Router(const Services& services, std::ostream& log) : m_services(services), m_log(log) {}

    /// Thread-safe; never throws.
    HttpResponse handle(const HttpRequest& request) const;

private:
    HttpResponse dispatch(const HttpRequest& request) const;
    void finish(const HttpRequest& request, HttpResponse& response) const;

    const Services& m_services;
    std::ostream& m_log;
    mutable std::atomic<unsigned long long> m_error_ids{0};
};

}  // namespace sna::server
