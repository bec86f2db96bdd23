#pragma once
/// Maps a request to its route (route_table.hpp) and applies the route's declared behaviour; the
/// single place where errors become status codes (docs/style.md §3).

#include "server/http/http_message.hpp"
#include "server/index/services.hpp"
#include "server/routes/route_table.hpp"

namespace sna::server {

class Router {
public:
    explicit Router(const Services& services) : m_services(services) {}

    /// Thread-safe. Bad input (geo::InvalidInput, geo::DataError) becomes 400 and geo::NotFound
    /// 404; RequestAbandoned (deadline passed, client gone: 503) and any other exception propagates
    /// to the transport, the one place that turns it into a 500 with a request id and logs the
    /// details (server/http/server_state.cpp). An HTML response without a
    /// Content-Security-Policy gets the client's (security_headers.hpp). Every response then
    /// goes through content coding and If-None-Match (content_encoding.hpp).
    HttpResponse handle(const HttpRequest& request) const;

    /// The cost class of the route `request` goes to (the transport's scheduling decision);
    /// cheap when no route matches or the target is malformed (the answer is a quick 4xx).
    CostClass cost_of(const HttpRequest& request) const;

private:
    HttpResponse dispatch(const HttpRequest& request, const Route*& matched) const;
    HttpResponse preflight() const;
    void apply_route_flags(const HttpRequest& request, const Route& route,
                           HttpResponse& response) const;
    void apply_content_coding(const HttpRequest& request, HttpResponse& response) const;

    const Services& m_services;
};

}  // namespace sna::server
