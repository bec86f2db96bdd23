#include "server/http/static_files.hpp"

#include "geo/core/text.hpp"
#include "server/http/content_encoding.hpp"
#include "server/http/url.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace sna::server {

namespace {

namespace fs = std::filesystem;

constexpr const char* route_label = "static";

HttpResponse json_error(int status, std::string_view error, std::string_view detail) {
    HttpResponse res;
    res.status = status;
    res.route = route_label;
    res.headers.set("Content-Type", "application/json");
    res.headers.set("Cache-Control", "no-store");
    // error_handler_t::replace: a detail quoting bytes from the request may not be UTF-8.
    res.body = nlohmann::json{{"error", error}, {"detail", detail}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    return res;
}

HttpResponse not_found() {
    return json_error(404, "not found", "no such file");
}

/// Splits the decoded path (without its leading '/') into segments; nullopt when a segment is
/// unsafe. An empty first segment means the path was absolute ("//etc/passwd").
std::optional<std::vector<std::string>> safe_segments(const std::string& relative) {
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= relative.size()) {
        const std::size_t slash = std::min(relative.find('/', start), relative.size());
        std::string segment = relative.substr(start, slash - start);
        const bool last = slash == relative.size();
        if (segment.empty() && !last) return std::nullopt;  // "//x" or "a//b"
        if (segment == "." || segment == "..") return std::nullopt;
        if (!segment.empty() && segment[0] == '.') return std::nullopt;  // .git, .env
        if (!segment.empty()) segments.push_back(std::move(segment));
        start = slash + 1;
    }
    return segments;
}

/// The web root holds more than the client (README.md, the vendoring tool in tools/, whatever a
/// deployment leaves there); only what the pages load is served: files at the top level and in
/// these folders, with these extensions.
constexpr std::string_view client_folders[] = {"css", "js", "embed", "vendor"};
constexpr std::string_view client_extensions[] = {".html", ".js",  ".mjs",   ".css", ".ico",
                                                  ".png",  ".svg", ".woff2", ".woff"};

/// True when the file named by `segments` (index.html already appended for a directory) is one
/// the client may load; checked before the file system is touched, so nothing else is revealed.
bool is_client_file(const std::vector<std::string>& segments) {
    if (segments.empty()) return false;
    if (segments.size() > 1 && std::find(std::begin(client_folders), std::end(client_folders),
                                         segments.front()) == std::end(client_folders)) {
        return false;
    }
    const std::string& name = segments.back();
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos) return false;
    const std::string extension = geo::to_lower(std::string_view(name).substr(dot));
    return std::find(std::begin(client_extensions), std::end(client_extensions), extension) !=
           std::end(client_extensions);
}

/// True when `path` equals `root` or lies below it, compared element by element so that
/// "/srv/web2" is not taken to be inside "/srv/web".
bool is_within(const fs::path& root, const fs::path& path) {
    auto r = root.begin();
    auto p = path.begin();
    for (; r != root.end(); ++r, ++p) {
        if (r->empty() && std::next(r) == root.end()) break;  // trailing separator
        if (p == path.end() || *p != *r) return false;
    }
    return true;
}

std::string make_etag(std::uintmax_t size, fs::file_time_type mtime) {
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    std::ostringstream out;
    out << '"' << std::hex << size << '-' << ns << '"';
    return out.str();
}

std::string cache_control_for(const std::string& decoded_path, const std::string& mime) {
    if (mime.rfind("text/html", 0) == 0) return "no-cache";
    if (decoded_path.rfind("/vendor/", 0) == 0) return "public, max-age=86400";
    return "public, max-age=3600";
}

}  // namespace

std::string mime_type(std::string_view path) {
    static const std::vector<std::pair<std::string_view, std::string_view>> types = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".json", "application/json"},
        {".geojson", "application/geo+json"},
        {".map", "application/json"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".mvt", "application/vnd.mapbox-vector-tile"},
        {".pbf", "application/x-protobuf"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".csv", "text/csv; charset=utf-8"},
        {".wasm", "application/wasm"},
    };
    const std::size_t slash = path.rfind('/');
    const std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
        return "application/octet-stream";
    }
    const std::string extension = geo::to_lower(path.substr(dot));
    for (const auto& [ext, type] : types) {
        if (ext == extension) return std::string(type);
    }
    return "application/octet-stream";
}

namespace {

/// A regular file under the root: ETag from size and mtime, 304, the body.
HttpResponse file_response(const HttpRequest& req, const fs::path& resolved,
                           const std::string& decoded) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(resolved, ec);
    if (ec) return not_found();
    const fs::file_time_type mtime = fs::last_write_time(resolved, ec);
    if (ec) return not_found();

    HttpResponse res;
    res.route = route_label;
    const std::string type = mime_type(resolved.filename().string());
    const std::string etag = make_etag(size, mtime);
    res.headers.set("ETag", etag);
    res.headers.set("Cache-Control", cache_control_for(decoded, type));
    if (const auto inm = req.headers.get("If-None-Match"); inm && etag_list_matches(*inm, etag)) {
        res.status = 304;
        return res;
    }
    res.headers.set("Content-Type", type);
    res.headers.set("X-Content-Type-Options", "nosniff");
    std::ifstream in(resolved, std::ios::binary);
    if (!in) return not_found();
    // HEAD keeps the body too: the transport sends its length and drops it, and the router
    // negotiates the coding of both alike, so HEAD has the GET's headers.
    res.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return res;
}

}  // namespace

HttpResponse serve_static(const HttpRequest& req, const std::string& web_root) {
    if (req.method != "GET" && req.method != "HEAD") {
        HttpResponse res =
            json_error(405, "method not allowed", "static files accept GET and HEAD");
        res.headers.set("Allow", "GET, HEAD");
        return res;
    }
    const std::string_view raw_path = split_target(req.target).path;
    if (raw_path.empty() || raw_path[0] != '/') {
        return json_error(400, "bad request", "the path must start with '/'");
    }
    const std::optional<std::string> decoded = percent_decode(raw_path);
    if (!decoded) return json_error(400, "bad request", "malformed percent-encoding in the path");
    if (decoded->find('\\') != std::string::npos) {
        return json_error(400, "bad request", "backslashes are not allowed in paths");
    }
    auto segments = safe_segments(decoded->substr(1));
    if (!segments) return not_found();
    if (decoded->back() == '/') segments->push_back("index.html");
    if (!is_client_file(*segments)) return not_found();
    if (web_root.empty()) return not_found();

    std::error_code ec;
    const fs::path root = fs::canonical(web_root, ec);
    if (ec) return not_found();
    fs::path wanted = root;
    for (const auto& segment : *segments) wanted /= segment;

    const fs::path resolved = fs::weakly_canonical(wanted, ec);
    if (ec || !is_within(root, resolved)) return not_found();
    const fs::file_status status = fs::status(resolved, ec);
    if (ec) return not_found();
    if (fs::is_directory(status)) {
        HttpResponse res = json_error(301, "moved permanently", "directory; add a trailing '/'");
        res.headers.set("Location", std::string(raw_path) + "/");
        return res;
    }
    if (!fs::is_regular_file(status)) return not_found();

    return file_response(req, resolved, *decoded);
}

}  // namespace sna::server
