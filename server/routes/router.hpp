#pragma once
/// Maps a request to its route (route_table.hpp) and applies the route's declared behaviour; the
/// single place where errors become status codes (docs/style.md §3).

#include "server/access/authenticate.hpp"
#include "server/http/http_message.hpp"
#include "server/index/services.hpp"
#include "server/routes/route_table.hpp"
#include "server/routes/tiers.hpp"

namespace sna::server {

class Router {
public:
    /// One public world, nobody identified (tests, servers without access rules).
    explicit Router(const Services& services);
    /// A world per tier; `authenticator` (may be null: everyone anonymous) says who asks, and
    /// the caller's groups pick the world (docs/access.md). Both must outlive the router.
    Router(const Tiers& tiers, const Authenticator* authenticator);

    /// Thread-safe. Bad input (geo::InvalidInput, geo::DataError) becomes 400 and geo::NotFound
    /// 404; RequestAbandoned (deadline passed, client gone: 503) and any other exception propagates
    /// to the transport, the one place that turns it into a 500 with a request id and logs the
    /// details (server/http/server_state.cpp). An HTML response without a
    /// Content-Security-Policy gets the client's (security_headers.hpp). Every response then
    /// goes through content coding and If-None-Match (content_encoding.hpp).
    HttpResponse handle(const HttpRequest& request) const;

    /// The cost class of the route `request` goes to (the transport's scheduling decision);
    /// cheap when no route matches or the target is malformed (the answer is a quick 4xx).
    /// Records the match in `request.routing`, so handle() does not match again.
    CostClass classify(HttpRequest& request) const;

private:
    /// The match classify() recorded, or a fresh one; nullptr when no route matches.
    /// @throws geo::InvalidInput for a malformed path.
    std::shared_ptr<const RouteMatch> match_of(const HttpRequest& request,
                                               std::string_view path) const;
    HttpResponse dispatch(const HttpRequest& request, const Services& world,
                          const Identity& identity, const Route*& matched) const;
    HttpResponse preflight() const;
    void apply_route_flags(const HttpRequest& request, const Route& route, const Services& world,
                           const Identity& caller, HttpResponse& response) const;
    /// Headers of an answer that depends on who asks: private to identified callers, and Vary
    /// on the credentials wherever the data is tiered, so no shared cache mixes tiers.
    void apply_tier_headers(const Identity& caller, HttpResponse& response) const;
    void apply_content_coding(const HttpRequest& request, const Services& services,
                              HttpResponse& response) const;

    Tiers m_single;  ///< the one world of the single-services constructor
    const Tiers& m_tiers;
    const Authenticator* m_authenticator = nullptr;
    const ServerConfig& m_config;
};

}  // namespace sna::server
