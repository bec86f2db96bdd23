#include "server/config/server_config.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <utility>

namespace sna::server {

namespace {

using geo::InvalidInput;
using nlohmann::json;

/// "server.json: 'port'" — the prefix every message about one key uses.
std::string where(const std::string& file, const std::string& key) {
    return file + ": '" + key + "'";
}

std::string describe(const json& value) {
    std::string text = value.dump();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

std::uint64_t read_uint(const json& value, const std::string& at, std::uint64_t max) {
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max) {
        throw InvalidInput(at + " must be a whole number from 0 to " + std::to_string(max) +
                           ", got " + describe(value));
    }
    return value.get<std::uint64_t>();
}

std::string read_string(const json& value, const std::string& at) {
    if (!value.is_string()) throw InvalidInput(at + " must be a string, got " + describe(value));
    return value.get<std::string>();
}

bool read_bool(const json& value, const std::string& at) {
    if (!value.is_boolean())
        throw InvalidInput(at + " must be true or false, got " + describe(value));
    return value.get<bool>();
}

int read_int(const json& value, const std::string& at) {
    return static_cast<int>(read_uint(value, at, std::numeric_limits<int>::max()));
}

std::size_t read_size(const json& value, const std::string& at) {
    return static_cast<std::size_t>(read_uint(value, at, std::numeric_limits<std::size_t>::max()));
}

std::map<std::string, std::vector<std::string>> read_headlines(const json& value,
                                                               const std::string& at) {
    if (!value.is_object()) {
        throw InvalidInput(at + " must be an object of string arrays, got " + describe(value));
    }
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [key, list] : value.items()) {
        const std::string item_at = at + "['" + key + "']";
        if (!list.is_array()) throw InvalidInput(item_at + " must be an array of strings");
        std::vector<std::string> ids;
        for (const auto& id : list) ids.push_back(read_string(id, item_at + " element"));
        out.emplace(key, std::move(ids));
    }
    return out;
}

std::map<std::string, std::string> read_urls(const json& value, const std::string& at) {
    if (!value.is_object())
        throw InvalidInput(at + " must be an object of layer id → URL, got " + describe(value));
    std::map<std::string, std::string> out;
    for (const auto& [key, url] : value.items()) {
        const std::string item_at = at + "['" + key + "']";
        const std::string text = read_string(url, item_at);
        const bool absolute = text.rfind("https://", 0) == 0 || text.rfind("http://", 0) == 0;
        if (!absolute && text.rfind('/', 0) != 0)
            throw InvalidInput(item_at +
                               " must be an http(s) URL or a path starting with '/', got '" + text +
                               "'");
        out.emplace(key, text);
    }
    return out;
}

std::map<std::string, std::pair<int, int>> read_zooms(const json& value, const std::string& at) {
    if (!value.is_object()) {
        throw InvalidInput(at + " must be an object of [min, max] zoom pairs, got " +
                           describe(value));
    }
    std::map<std::string, std::pair<int, int>> out;
    for (const auto& [key, pair] : value.items()) {
        const std::string item_at = at + "['" + key + "']";
        if (!pair.is_array() || pair.size() != 2) {
            throw InvalidInput(item_at + " must be [min_zoom, max_zoom], got " + describe(pair));
        }
        out.emplace(key, std::make_pair(static_cast<int>(read_uint(pair[0], item_at + "[0]", 24)),
                                        static_cast<int>(read_uint(pair[1], item_at + "[1]", 24))));
    }
    return out;
}

/// normalise_public_url with messages that start with `name` (a key with its file, or a flag).
std::string checked_public_url(const std::string& url, const std::string& name) {
    if (url.empty()) return url;
    const auto bad = [&](const std::string& why) {
        return InvalidInput(name + " " + why + ", got '" + geo::excerpt(url, 80) +
                            "' (e.g. https://sna.example.org/base)");
    };
    for (const char c : url) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '\\' || c == '"' || c == '<' || c == '>')
            throw bad("must be printable ASCII without spaces (percent-encode the rest)");
    }
    const std::size_t sep = url.find("://");
    const std::string scheme = geo::to_lower(url.substr(0, sep));
    if (sep == std::string::npos || (scheme != "http" && scheme != "https"))
        throw bad("must start with http:// or https://");
    if (url.find_first_of("?#") != std::string::npos)
        throw bad("must not have a query or a fragment");
    const std::size_t path_at = std::min(url.find('/', sep + 3), url.size());
    const std::string authority = url.substr(sep + 3, path_at - sep - 3);
    if (authority.find('@') != std::string::npos) throw bad("must not contain user info");
    const std::size_t bracket = authority.rfind(']');
    const std::size_t colon = authority.find(':', bracket == std::string::npos ? 0 : bracket);
    const std::string host = authority.substr(0, colon);
    const std::string port = colon == std::string::npos ? "" : authority.substr(colon + 1);
    const bool host_ok = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '[' ||
               c == ']' || c == ':';
    });
    const bool port_ok =
        colon == std::string::npos ||
        (!port.empty() && port.size() <= 5 &&
         std::all_of(port.begin(), port.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
         std::stoul(port) <= 65535);
    if (!host_ok || !port_ok) throw bad("needs a host name or address and an optional port");
    std::string path = url.substr(path_at);
    while (!path.empty() && path.back() == '/') path.pop_back();
    return scheme + "://" + authority + path;
}

using Setter = std::function<void(ServerConfig&, const json&, const std::string&)>;

/// A field read by `read(value, where)` into the member `member`.
template <typename T, typename Reader>
std::pair<std::string, Setter> field(std::string name, T ServerConfig::*member, Reader read) {
    return {std::move(name), [member, read](ServerConfig& c, const json& v, const std::string& at) {
                c.*member = static_cast<T>(read(v, at));
            }};
}

std::vector<std::string> read_list(const json& v, const std::string& at, const char* what) {
    if (!v.is_array()) throw InvalidInput(at + " must be a list of " + what);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i)
        out.push_back(read_string(v[i], at + "[" + std::to_string(i) + "]"));
    return out;
}

std::vector<std::string> read_paths(const json& v, const std::string& at) {
    return read_list(v, at, "database paths");
}

std::vector<std::string> read_addresses(const json& v, const std::string& at) {
    return read_list(v, at, "addresses");
}

const std::vector<std::pair<std::string, Setter>>& json_fields() {
    using C = ServerConfig;
    const auto port = [](const json& v, const std::string& at) { return read_uint(v, at, 65535); };
    static const std::vector<std::pair<std::string, Setter>> fields = {
        field("host", &C::host, read_string),
        field("port", &C::port, port),
        field("threads", &C::threads, read_int),
        field("web_root", &C::web_root, read_string),
        field("max_header_bytes", &C::max_header_bytes, read_size),
        field("max_body_bytes", &C::max_body_bytes, read_size),
        field("read_timeout_s", &C::read_timeout_s, read_int),
        field("idle_timeout_s", &C::idle_timeout_s, read_int),
        field("max_connections", &C::max_connections, read_size),
        field("max_pipelined", &C::max_pipelined, read_size),
        field("max_connections_per_address", &C::max_connections_per_address, read_size),
        field("analysis_workers", &C::analysis_workers, read_size),
        field("analysis_queue", &C::analysis_queue, read_size),
        field("heavy_workers", &C::heavy_workers, read_size),
        field("heavy_queue", &C::heavy_queue, read_size),
        field("analysis_timeout_s", &C::analysis_timeout_s, read_int),
        field("heavy_timeout_s", &C::heavy_timeout_s, read_int),
        field("max_expensive_per_address", &C::max_expensive_per_address, read_size),
        field("trusted_proxy", &C::trusted_proxy, read_string),
        field("response_memory_bytes", &C::response_memory_bytes, read_size),
        field("tile_cache_bytes", &C::tile_cache_bytes, read_size),
        field("compression", &C::compression, read_bool),
        field("compression_min_bytes", &C::compression_min_bytes, read_size),
        field("compression_cache_bytes", &C::compression_cache_bytes, read_size),
        field("profile_cache_bytes", &C::profile_cache_bytes, read_size),
        field("cache_control_tiles", &C::cache_control_tiles, read_string),
        field("cache_control_api", &C::cache_control_api, read_string),
        field("cors_origin", &C::cors_origin, read_string),
        field("public_url", &C::public_url,
              [](const json& v, const std::string& at) {
                  return checked_public_url(read_string(v, at), at);
              }),
        field("frame_ancestors", &C::frame_ancestors, read_string),
        field("basemap_url", &C::basemap_url, read_string),
        field("archives", &C::archives, read_paths),
        field("pmtiles_urls", &C::pmtiles_urls, read_urls),
        field("basemap_attribution", &C::basemap_attribution, read_string),
        field("tile_buffer", &C::tile_buffer, read_int),
        field("layer_zooms", &C::layer_zooms, read_zooms),
        field("headline_indicators", &C::headline_indicators, read_headlines),
        field("access_log", &C::access_log, read_bool),
        field("tokens_file", &C::tokens_file, read_string),
        field("sso_proxies", &C::sso_proxies, read_addresses),
        field("sso_user_header", &C::sso_user_header, read_string),
        field("sso_groups_header", &C::sso_groups_header, read_string),
        field("session_secret_file", &C::session_secret_file, read_string),
        field("session_hours", &C::session_hours, read_int),
        field("max_xlsx_rows", &C::max_xlsx_rows, read_size),
        field("catchments_dir", &C::catchments_dir, read_string),
        field("max_catchments", &C::max_catchments, read_size),
        field("max_catchment_vertices", &C::max_catchment_vertices, read_size),
        field("catchment_cache_entries", &C::catchment_cache_entries, read_size),
    };
    return fields;
}

json parse_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InvalidInput("cannot read server config '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return json::parse(text.str());
    } catch (const json::parse_error& e) {
        // nlohmann's message carries the byte offset and what it expected.
        throw InvalidInput(path + ": not valid JSON: " + e.what());
    }
}

template <typename T>
T parse_flag_number(const std::string& flag, const std::string& value, T min, T max) {
    T out{};
    const char* const end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, out);
    if (value.empty() || ec != std::errc() || ptr != end || out < min || out > max) {
        throw InvalidInput(flag + " expects a whole number from " + std::to_string(min) + " to " +
                           std::to_string(max) + ", got '" + value + "'");
    }
    return out;
}

/// Excel's rows per sheet (1,048,576) less the header row.
constexpr std::size_t max_xlsx_sheet_rows = 1048575;

void require(bool ok, const std::string& message) {
    if (!ok) throw InvalidInput(message);
}

}  // namespace

ServerConfig load_server_config(const std::string& path) {
    const json root = parse_file(path);
    if (!root.is_object()) throw InvalidInput(path + ": the top level must be a JSON object");

    std::vector<std::string> known;
    for (const auto& field : json_fields()) known.push_back(field.first);

    ServerConfig config;
    for (const auto& [key, value] : root.items()) {
        const auto& fields = json_fields();
        const auto field = std::find_if(fields.begin(), fields.end(),
                                        [&key = key](const auto& f) { return f.first == key; });
        if (field == fields.end()) {
            const auto near = geo::nearest_match(key, known);
            throw InvalidInput(path + ": unknown key '" + key + "'" +
                               (near ? " (did you mean '" + *near + "'?)" : ""));
        }
        field->second(config, value, where(path, key));
    }

    if (!config.web_root.empty()) {
        const std::filesystem::path web(config.web_root);
        if (web.is_relative()) {
            config.web_root =
                (std::filesystem::path(path).parent_path() / web).lexically_normal().string();
        }
    }
    try {
        validate_server_config(config);
    } catch (const InvalidInput& e) {
        throw InvalidInput(path + ": " + e.what());
    }
    return config;
}

void apply_flag(ServerConfig& config, const std::string& flag, const std::string& value) {
    if (flag == "--host") {
        require(!value.empty(), "--host needs a value");
        config.host = value;
    } else if (flag == "--port") {
        config.port = parse_flag_number<unsigned short>(flag, value, 0, 65535);
    } else if (flag == "--threads") {
        config.threads = parse_flag_number<int>(flag, value, 1, 256);
    } else if (flag == "--web") {
        require(!value.empty(), "--web needs a directory");
        config.web_root = value;
    } else if (flag == "--archive") {
        require(!value.empty(), "--archive needs a database path");
        config.archives.push_back(value);
    } else if (flag == "--public-url") {
        require(!value.empty(), "--public-url needs a URL");
        config.public_url = checked_public_url(value, flag);
    } else if (flag == "--config") {
        throw InvalidInput(
            "--config is read before the other flags; load it with load_server_config");
    } else {
        const auto near = geo::nearest_match(flag, server_flags());
        throw InvalidInput("unknown server option " + flag +
                           (near ? "; did you mean " + *near + "?" : ""));
    }
}

std::vector<std::string> server_flags() {
    return {"--config", "--host", "--port", "--threads", "--web", "--archive", "--public-url"};
}

std::string normalise_public_url(const std::string& url) {
    return checked_public_url(url, "'public_url'");
}

std::string listening_url(const std::string& host, unsigned short port) {
    // "Every address" is no address a client can use (browsers refuse 0.0.0.0); this machine's
    // own name is the one that works from here.
    const bool wildcard = host == "0.0.0.0" || host == "::" || host == "[::]";
    const bool ipv6 = host.find(':') != std::string::npos && host.front() != '[';
    const std::string name = wildcard ? "localhost" : ipv6 ? "[" + host + "]" : host;
    return "http://" + name + ":" + std::to_string(port);
}

std::string public_base_url(const ServerConfig& config) {
    return config.public_url.empty() ? listening_url(config.host, config.port) : config.public_url;
}

void validate_server_config(const ServerConfig& c) {
    require(!c.host.empty(), "'host' must not be empty");
    require(c.threads >= 1 && c.threads <= 256,
            "'threads' must be from 1 to 256, got " + std::to_string(c.threads));
    require(c.max_header_bytes >= 1024, "'max_header_bytes' must be at least 1024");
    require(c.read_timeout_s >= 1, "'read_timeout_s' must be at least 1");
    require(c.idle_timeout_s >= 1, "'idle_timeout_s' must be at least 1");
    require(c.max_connections >= 1, "'max_connections' must be at least 1");
    require(c.max_pipelined >= 1, "'max_pipelined' must be at least 1");
    require(c.max_connections_per_address >= 1, "'max_connections_per_address' must be at least 1");
    require(c.analysis_workers >= 1 && c.analysis_workers <= 256,
            "'analysis_workers' must be from 1 to 256");
    require(c.heavy_workers >= 1 && c.heavy_workers <= 256,
            "'heavy_workers' must be from 1 to 256");
    require(c.analysis_timeout_s >= 1, "'analysis_timeout_s' must be at least 1");
    require(c.heavy_timeout_s >= 1, "'heavy_timeout_s' must be at least 1");
    require(c.max_expensive_per_address >= 1, "'max_expensive_per_address' must be at least 1");
    require(c.response_memory_bytes >= (std::size_t{1} << 20),
            "'response_memory_bytes' must be at least 1048576 (1 MiB)");
    require(
        c.session_hours >= 1 && c.session_hours <= 24 * 90,
        "'session_hours' must be from 1 to 2160 (90 days), got " + std::to_string(c.session_hours));
    require(c.tile_buffer <= 4096, "'tile_buffer' must be from 0 to 4096 (tile extent units)");
    require(c.max_xlsx_rows >= 1 && c.max_xlsx_rows <= max_xlsx_sheet_rows,
            "'max_xlsx_rows' must be from 1 to " + std::to_string(max_xlsx_sheet_rows) +
                " (an XLSX sheet holds 1,048,576 rows, one of them the header), got " +
                std::to_string(c.max_xlsx_rows));
    require(c.max_catchments >= 1, "'max_catchments' must be at least 1");
    require(c.max_catchment_vertices >= 4, "'max_catchment_vertices' must be at least 4");
    require(c.catchment_cache_entries >= 1, "'catchment_cache_entries' must be at least 1");
    for (const auto& [layer, zooms] : c.layer_zooms) {
        require(zooms.first >= 0 && zooms.first <= zooms.second && zooms.second <= 24,
                "'layer_zooms' for '" + layer + "' must satisfy 0 <= min <= max <= 24");
    }
    require(normalise_public_url(c.public_url) == c.public_url,
            "'public_url' must not end with '/' and its scheme must be lower case, got '" +
                c.public_url + "'");
    if (!c.web_root.empty()) {
        std::error_code ec;
        require(std::filesystem::is_directory(c.web_root, ec),
                "'web_root' is not a directory: '" + c.web_root + "'");
    }
}

}  // namespace sna::server
