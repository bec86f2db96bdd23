#include "server/http/security_headers.hpp"

#include "server/config/server_config.hpp"

namespace sna::server {

namespace {

/// "https://tiles.example.org" from "https://tiles.example.org/{z}/{x}/{y}.png"; the bare
/// scheme ("https:") when the host is a template or cannot be told; empty for no URL.
std::string origin_of(std::string_view url) {
    const std::size_t colon = url.find("://");
    if (colon == std::string_view::npos || colon == 0) return {};
    const std::string_view scheme = url.substr(0, colon);
    for (const char c : scheme) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' || c == '-';
        if (!ok) return {};
    }
    const std::size_t end = url.find_first_of("/?#", colon + 3);
    const std::string_view authority = url.substr(colon + 3, end - (colon + 3));
    bool plain = !authority.empty();
    for (const char c : authority) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '[' ||
                        c == ']';
        plain = plain && ok;
    }
    return plain ? std::string(url.substr(0, end)) : std::string(scheme) + ":";
}

}  // namespace

std::string content_security_policy(const ServerConfig& config, std::string_view frame_ancestors) {
    std::string basemap = origin_of(config.basemap_url);
    if (!basemap.empty()) basemap.insert(0, " ");
    // Static tile archives (pmtiles_urls) are fetched with range requests: connect-src only.
    std::string archives;
    for (const auto& [layer, url] : config.pmtiles_urls) {
        const std::string origin = origin_of(url);
        if (!origin.empty() && (" " + origin) != basemap &&
            archives.find(" " + origin) == std::string::npos)
            archives += " " + origin;
    }
    std::string policy =
        "default-src 'self'; script-src 'self'; worker-src 'self' blob:; "
        "style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'";
    policy += "; img-src 'self' data: blob:" + basemap;
    policy += "; connect-src 'self'" + basemap + archives;
    policy += "; frame-ancestors ";
    policy += frame_ancestors;
    return policy;
}

bool is_html_response(const HttpResponse& response) {
    const std::string* type = response.headers.find("Content-Type");
    return type && type->size() >= 9 && HeaderList::equals(type->substr(0, 9), "text/html");
}

}  // namespace sna::server
