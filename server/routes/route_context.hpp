#pragma once
/// What every handler receives: the request, its path parameters and decoded query, and the
/// services built at start-up. One signature for every route (route_table.hpp).

#include "server/access/authenticate.hpp"
#include "server/access/identity.hpp"
#include "server/http/http_message.hpp"
#include "server/http/query.hpp"
#include "server/index/services.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sna::server {

/// Named path parameters of a matched route, e.g. {"code": "E01009348"} for
/// `/api/areas/{code}/profile` (percent-decoded).
class PathParams {
public:
    /// @pre `name` outlives this (it views the route table's pattern).
    void add(std::string_view name, std::string value) {
        m_items.emplace_back(name, std::move(value));
    }
    void reserve(std::size_t count) { m_items.reserve(count); }
    /// The value of `name`. @pre the route's pattern names it (a programming error otherwise).
    const std::string& operator[](std::string_view name) const;

private:
    std::vector<std::pair<std::string_view, std::string>> m_items;
};

struct RouteContext {
    const HttpRequest& request;
    const PathParams& path;
    const Query& query;
    const Services& services;  ///< the caller's tier's world (tiers.hpp)
    const Identity& identity;  ///< who asks (anonymous when nobody signed in)
    /// Signs browsers in and out (sessions); null when the server identifies nobody.
    const Authenticator* access = nullptr;

    /// Long loops call this now and then: it throws RequestAbandoned when the client has gone or
    /// the route's deadline has passed (request_control.hpp), so the work stops early.
    void check_alive() const {
        if (request.control) request.control->check();
    }
};

/// A route's handler: parses and validates input, calls geo/ or server/index, shapes the answer.
/// Throws geo::InvalidInput (400), geo::NotFound (404) or geo::DataError (400); the router maps
/// them (router.cpp).
using Handler = HttpResponse (*)(const RouteContext&);

}  // namespace sna::server
