#pragma once
/// Server settings: a JSON file, then command-line flags on top (osmium-tool's setup() step).

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sna::server {

/// Everything the server needs to know at start-up; passed by const& (docs/style.md §1: no
/// globals).
struct ServerConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;  ///< 0 picks an ephemeral port (tests)
    int threads = 2;             ///< io threads running the handlers
    std::string web_root;        ///< static files; empty disables them
    std::size_t max_header_bytes = 8192;
    std::size_t max_body_bytes = 1 << 20;
    int read_timeout_s = 15;  ///< a started request must arrive completely within this
    int idle_timeout_s = 60;  ///< keep-alive connections idle longer than this are closed
    std::size_t max_connections = 1024;
    std::size_t max_pipelined = 8;  ///< queued responses per connection before reading pauses
    /// Connections one client address may hold; beyond it, 503 (not for trusted_proxy).
    std::size_t max_connections_per_address = 128;
    /// Worker pools (docs/architecture.md, "Scheduling"): analyses computed per request, and
    /// heavy renders/exports/reports. Beyond workers + queue, 503 with Retry-After.
    std::size_t analysis_workers = 2;
    std::size_t analysis_queue = 32;
    std::size_t heavy_workers = 1;
    std::size_t heavy_queue = 4;
    /// Deadline of an analysis or heavy request, queueing included: then its work is abandoned
    /// and the client gets 503.
    int analysis_timeout_s = 20;
    int heavy_timeout_s = 60;
    /// Analysis and heavy requests one client address may have queued or running; beyond it, 429.
    std::size_t max_expensive_per_address = 4;
    /// The address of a reverse proxy in front of the server: its connections are not capped
    /// per address, and the client address is the last one in its X-Forwarded-For. Empty: none.
    std::string trusted_proxy;
    /// API tokens (`snamap token add`, docs/access.md); empty: no tokens are accepted.
    std::string tokens_file;
    /// Addresses of single-sign-on proxies whose user and groups headers are believed; the
    /// headers are ignored on connections from anywhere else.
    std::vector<std::string> sso_proxies;
    std::string sso_user_header = "X-Auth-Request-Email";
    std::string sso_groups_header = "X-Auth-Request-Groups";
    /// The key that signs browser session cookies (at least 32 bytes); empty: a random key made
    /// at start-up, so sessions end when the server restarts.
    std::string session_secret_file;
    /// How long a browser session lasts (it never outlives its token).
    int session_hours = 12;
    /// Bytes of finished response bodies the server may hold for clients that have not read them
    /// yet; beyond it, new analysis and heavy requests get 503 until readers catch up.
    std::size_t response_memory_bytes = std::size_t{256} << 20;
    std::size_t tile_cache_bytes = std::size_t{256} << 20;
    /// gzip for clients that accept it (RFC 9110 content coding) of JSON, HTML, CSV, JavaScript,
    /// CSS and SVG bodies of at least compression_min_bytes; tiles are gzip either way.
    bool compression = true;
    std::size_t compression_min_bytes = 1024;
    /// LRU budget of gzip variants of bodies kept so that no body is compressed twice.
    std::size_t compression_cache_bytes = std::size_t{32} << 20;
    /// LRU budget of area profiles kept gzip-compressed per tier (0: each computed per request).
    std::size_t profile_cache_bytes = std::size_t{64} << 20;
    std::string cache_control_tiles = "public, max-age=3600";
    std::string cache_control_api = "public, max-age=300";
    std::string cors_origin = "*";
    /// The address clients reach the server at ("https://sna.example.org/base", no trailing
    /// slash, no query): absolute URLs in TileJSON, the catalog, styles, oEmbed and reports start
    /// with it, never with the request's Host. Empty: the listening address (public_base_url).
    std::string public_url;
    /// CSP frame-ancestors of /embed: which sites may show the map in an iframe.
    std::string frame_ancestors = "*";
    /// Optional raster basemap for deployments with internet: an XYZ template
    /// ("https://…/{z}/{x}/{y}.png") and its attribution; empty = no basemap (offline).
    std::string basemap_url;
    std::string basemap_attribution;
    /// Tile layers the web client reads from PMTiles archives made by `snamap export-tiles` and
    /// hosted on a static server, CDN or object store: layer id → URL of its `.pmtiles` file
    /// (http(s)://… or a path on this site). /catalog passes them on; /tiles/… still answers.
    std::map<std::string, std::string> pmtiles_urls;
    /// Earlier databases served side by side, so pinned links can say what changed since.
    std::vector<std::string> archives;
    int tile_buffer = 64;
    /// Zoom range per tile layer id, overriding the layer's default: {"lsoa": [8, 14]}.
    std::map<std::string, std::pair<int, int>> layer_zooms;
    /// Indicator ids shown first, per dataset/layer key.
    std::map<std::string, std::vector<std::string>> headline_indicators;
    bool access_log = true;
    /// Rows an XLSX export may hold (1 to 1,048,575, Excel's sheet limit less the header):
    /// beyond it /api/export.xlsx answers 413 and points to the CSV export, which streams.
    std::size_t max_xlsx_rows = 250000;
    /// Where catchments (POST /api/catchments) are kept, one file each, written atomically;
    /// empty: in memory only, lost when the server stops (tests, demos).
    std::string catchments_dir;
    /// Catchments the store may hold (files or memory); beyond it new ones get 507.
    std::size_t max_catchments = 10000;
    /// Vertices a catchment's shape may have (after a union of areas too).
    std::size_t max_catchment_vertices = 20000;
    /// Catchment profiles (their apportionment weights) kept in a least-recently-used cache.
    std::size_t catchment_cache_entries = 64;
};

/// Reads a JSON object whose keys are the ServerConfig field names; absent keys keep defaults.
/// A relative `web_root` is resolved against the directory of the config file.
/// @throws sna::geo::InvalidInput naming the file and key (unknown keys suggest the nearest one).
ServerConfig load_server_config(const std::string& path);

/// Applies one command-line flag: `--host`, `--port`, `--threads`, `--web`, `--archive` or
/// `--public-url`.
/// `--config` is not a setting: the caller loads that file first, then applies the other flags.
/// @throws sna::geo::InvalidInput for an unknown flag or a bad value.
void apply_flag(ServerConfig& config, const std::string& flag, const std::string& value);

/// The flags apply_flag accepts, plus `--config`; for building a usage text or an argument parser.
std::vector<std::string> server_flags();

/// `url` checked and normalised for ServerConfig::public_url: an http or https URL with a host,
/// an optional port and path, no user info, query or fragment; the scheme lower-cased and
/// trailing slashes dropped ("HTTPS://a.org/base/" → "https://a.org/base"). Empty stays empty.
/// @throws sna::geo::InvalidInput naming the setting and the value.
std::string normalise_public_url(const std::string& url);

/// "http://HOST:PORT" for a listening address; an IPv6 host gets brackets ("http://[::1]:8080");
/// the wildcard addresses (0.0.0.0, ::) become "localhost", since no client can use them.
std::string listening_url(const std::string& host, unsigned short port);

/// The base of every absolute URL the server writes: config.public_url, else the listening
/// address (serve sets public_url to it once the port is bound, so port 0 is resolved).
std::string public_base_url(const ServerConfig& config);

/// Range checks shared by the file and the flags (threads 1–256, limits and timeouts ≥ 1,
/// tile_buffer ≤ 4096, layer_zooms within 0–24 and min ≤ max, max_xlsx_rows 1–1,048,575,
/// max_catchments, max_catchment_vertices and catchment_cache_entries ≥ 1,
/// session_hours 1–2160,
/// web_root a directory when set, public_url as normalise_public_url accepts it).
/// @throws sna::geo::InvalidInput naming the setting.
void validate_server_config(const ServerConfig& config);

}  // namespace sna::server
