#include "server/routes/session.hpp"

#include "geo/core/text.hpp"
#include "server/http/responses.hpp"
#include "server/http/url.hpp"
#include "server/views/sign_in_page.hpp"

#include <nlohmann/json.hpp>

namespace sna::server {

namespace {

/// "https://sna.example.org" from "https://SNA.example.org:443/base/page?x": scheme and
/// authority, lower-cased, without the scheme's default port; empty when not an http(s) URL.
std::string origin_of(std::string_view url) {
    const std::size_t colon = url.find("://");
    if (colon == std::string_view::npos) return {};
    std::string origin = geo::to_lower(url.substr(0, url.find_first_of("/?#", colon + 3)));
    const auto drop_port = [&origin](std::string_view scheme, std::string_view port) {
        if (origin.rfind(scheme, 0) != 0) return false;
        if (origin.size() > port.size() &&
            origin.compare(origin.size() - port.size(), port.size(), port) == 0)
            origin.resize(origin.size() - port.size());
        return true;
    };
    return drop_port("http://", ":80") || drop_port("https://", ":443") ? origin : std::string();
}

std::string utc_minutes(std::time_t t) {
    return utc_text(t, "%Y-%m-%d %H:%M UTC");
}

std::string joined(const std::set<std::string>& groups) {
    std::string out;
    for (const auto& g : groups) out += (out.empty() ? "" : ", ") + g;
    return out;
}

/// The page for `identity` (signed in when not anonymous), never stored by any cache.
HttpResponse page_response(const RouteContext& ctx, const Identity& identity,
                           const std::string& message, int status) {
    SignInPage page;
    if (!identity.anonymous()) {
        page.signed_in_as = identity.name;
        page.groups = joined(identity.groups);
        if (identity.expires) page.expires = utc_minutes(identity.expires);
    }
    page.message = message;
    page.takes_tokens = ctx.access && ctx.access->takes_tokens();
    HttpResponse r = text_response(sign_in_page_html(page), "text/html; charset=utf-8", "sign_in");
    r.status = status;
    r.headers.set("Cache-Control", "no-store");
    return r;
}

/// 303 to the map (an absolute URL from the configuration, never from the request's Host).
HttpResponse to_the_map(const RouteContext& ctx, const std::string& set_cookie) {
    HttpResponse r;
    r.status = 303;
    r.headers.set("Location", public_base_url(ctx.services.config) + "/");
    r.headers.add("Set-Cookie", set_cookie);
    r.headers.set("Cache-Control", "no-store");
    return r;
}

/// 413 or 415 for a body the form cannot have sent; nullopt for a form body.
std::optional<HttpResponse> form_problem(const HttpRequest& request) {
    if (request.body.size() > max_form_bytes)
        return error_response(
            413, "payload too large",
            "a sign-in form is at most " + std::to_string(max_form_bytes) + " bytes");
    const std::string type = geo::to_lower(request.headers.get_or("Content-Type"));
    const std::string want = "application/x-www-form-urlencoded";
    if (type.compare(0, want.size(), want) != 0 ||
        (type.size() > want.size() && type[want.size()] != ';' && type[want.size()] != ' '))
        return error_response(415, "unsupported media type",
                              "the sign-in form is sent as " + want + ", got '" + type + "'");
    return std::nullopt;
}

}  // namespace

HttpResponse handle_sign_in(const RouteContext& ctx) {
    if (ctx.request.method != "POST") return page_response(ctx, ctx.identity, "", 200);
    if (auto problem = form_problem(ctx.request)) return std::move(*problem);
    const auto token = query_param(parse_query(ctx.request.body), "token");
    const std::string text(token ? geo::trim(*token) : std::string_view());
    if (text.empty()) return page_response(ctx, {}, "the form held no token", 400);
    if (!ctx.access) return page_response(ctx, {}, "this server accepts no API tokens", 401);
    const auto result = ctx.access->sign_in(text, std::time(nullptr));
    if (const auto* refusal = std::get_if<Refusal>(&result)) {
        HttpResponse r = page_response(ctx, {}, refusal->reason, 401);
        r.headers.set("WWW-Authenticate", "Bearer realm=\"snamap\"");
        return r;
    }
    const auto& signed_in = std::get<SignedIn>(result);
    HttpResponse r = to_the_map(ctx, signed_in.set_cookie);
    r.caller = signed_in.identity.name + " (signed in)";  // the audit line of the sign-in
    return r;
}

HttpResponse handle_sign_out(const RouteContext& ctx) {
    if (!ctx.access) return to_the_map(ctx, session_clear_cookie(true));
    return to_the_map(ctx, ctx.access->sign_out_cookie());
}

HttpResponse handle_session(const RouteContext& ctx) {
    const Identity& who = ctx.identity;
    nlohmann::json body{{"signed_in", !who.anonymous()},
                        {"name", who.anonymous() ? nlohmann::json() : nlohmann::json(who.name)},
                        {"groups", who.groups},
                        {"method", who.anonymous() ? nlohmann::json() : nlohmann::json(who.method)},
                        {"expires", nlohmann::json()}};
    if (who.expires) body["expires"] = utc_minutes(who.expires);
    HttpResponse r = json_response(body, "api_session");
    r.headers.set("Cache-Control", "private, no-cache");
    return r;
}

std::optional<std::string> cross_site_problem(const HttpRequest& request,
                                              const ServerConfig& config) {
    const std::string site = origin_of(public_base_url(config));
    if (const auto* origin = request.headers.find("Origin")) {
        if (origin_of(*origin) == site && !site.empty()) return std::nullopt;
        return "this request must come from " + site + "'s own pages, not from '" +
               std::string(geo::trim(*origin)).substr(0, 100) + "'";
    }
    if (const auto* referer = request.headers.find("Referer")) {
        if (origin_of(*referer) == site && !site.empty()) return std::nullopt;
        return "this request must come from " + site + "'s own pages (Referer)";
    }
    return "a request that changes state must carry an Origin or Referer header naming " + site;
}

}  // namespace sna::server
