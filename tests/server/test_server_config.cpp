#include "server/config/server_config.hpp"

#include "geo/core/errors.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace sna::server;
using sna::geo::InvalidInput;
using sna::test::TempDir;

TEST_CASE("ServerConfig: defaults are usable", "[server]") {
    const ServerConfig config;
    CHECK(config.host == "127.0.0.1");
    CHECK(config.port == 8080);
    CHECK(config.max_body_bytes == 1u << 20);
    CHECK(config.tile_cache_bytes == 256u << 20);
    CHECK(config.max_xlsx_rows == 250000);
    CHECK(config.compression);
    CHECK(config.compression_min_bytes == 1024);
    CHECK_NOTHROW(validate_server_config(config));
}

TEST_CASE("load_server_config reads every key", "[server]") {
    TempDir dir;
    dir.write("site/web/index.html", "<html></html>");
    const auto file = dir.write("site/server.json", R"({
        "host": "0.0.0.0", "port": 9000, "threads": 4, "web_root": "web",
        "max_header_bytes": 16384, "max_body_bytes": 2048, "read_timeout_s": 5,
        "idle_timeout_s": 30, "max_connections": 100, "max_pipelined": 4,
        "tile_cache_bytes": 1048576, "cache_control_tiles": "public, max-age=60",
        "cache_control_api": "no-cache", "cors_origin": "https://example.org",
        "frame_ancestors": "'self'", "basemap_url": "https://tiles.example.org/style.json",
        "tile_buffer": 128, "headline_indicators": {"lsoa": ["imd_rank", "population"]},
        "layer_zooms": {"lsoa": [8, 14]}, "access_log": false, "max_xlsx_rows": 1000,
        "pmtiles_urls": {"lad": "https://cdn.example.org/lad.pmtiles", "ward22": "/t/w.pmtiles"},
        "compression": false, "compression_min_bytes": 4096, "compression_cache_bytes": 0,
        "public_url": "HTTPS://sna.example.org/base/", "session_hours": 8,
        "session_secret_file": "/etc/snamap/session.key" })");
    const ServerConfig c = load_server_config(file.string());
    CHECK(c.host == "0.0.0.0");
    CHECK(c.port == 9000);
    CHECK(c.threads == 4);
    // A relative web root is relative to the config file, not to the working directory.
    CHECK(c.web_root == (dir.path() / "site" / "web").string());
    CHECK(c.max_header_bytes == 16384);
    CHECK(c.max_body_bytes == 2048);
    CHECK(c.read_timeout_s == 5);
    CHECK(c.idle_timeout_s == 30);
    CHECK(c.max_connections == 100);
    CHECK(c.max_pipelined == 4);
    CHECK(c.tile_cache_bytes == 1048576);
    CHECK(c.cache_control_tiles == "public, max-age=60");
    CHECK(c.cache_control_api == "no-cache");
    CHECK(c.cors_origin == "https://example.org");
    CHECK(c.frame_ancestors == "'self'");
    CHECK(c.basemap_url == "https://tiles.example.org/style.json");
    CHECK(c.tile_buffer == 128);
    CHECK(c.headline_indicators.at("lsoa") == std::vector<std::string>{"imd_rank", "population"});
    CHECK(c.layer_zooms.at("lsoa") == std::make_pair(8, 14));
    CHECK_FALSE(c.access_log);
    CHECK_FALSE(c.compression);
    CHECK(c.compression_min_bytes == 4096);
    CHECK(c.compression_cache_bytes == 0);
    CHECK(c.max_xlsx_rows == 1000);
    CHECK(c.session_hours == 8);
    CHECK(c.session_secret_file == "/etc/snamap/session.key");
    CHECK(c.public_url == "https://sna.example.org/base");  // normalised
    CHECK(c.pmtiles_urls.at("lad") == "https://cdn.example.org/lad.pmtiles");
    CHECK(c.pmtiles_urls.at("ward22") == "/t/w.pmtiles");
}

TEST_CASE("ServerConfig: pmtiles_urls must be URLs or site paths", "[server]") {
    TempDir dir;
    const auto file = dir.write("server.json", R"({"pmtiles_urls": {"lad": "lad.pmtiles"}})");
    CHECK_THROWS_WITH(load_server_config(file.string()),
                      Catch::Contains("'pmtiles_urls'['lad']") &&
                          Catch::Contains("http(s) URL or a path starting with '/'") &&
                          Catch::Contains("'lad.pmtiles'"));
    const auto list = dir.write("list.json", R"({"pmtiles_urls": ["https://a.org/x.pmtiles"]})");
    CHECK_THROWS_WITH(load_server_config(list.string()),
                      Catch::Contains("must be an object of layer id"));
}

TEST_CASE("ServerConfig: unknown keys are rejected with a suggestion", "[server]") {
    TempDir dir;
    const auto file = dir.write("server.json", R"({"prot": 80})");
    CHECK_THROWS_AS(load_server_config(file.string()), InvalidInput);
    CHECK_THROWS_WITH(load_server_config(file.string()),
                      Catch::Contains("unknown key 'prot'") &&
                          Catch::Contains("did you mean 'port'?") &&
                          Catch::Contains("server.json"));
    const auto other = dir.write("other.json", R"({"completely_unrelated": 1})");
    CHECK_THROWS_WITH(
        load_server_config(other.string()),
        Catch::Contains("unknown key 'completely_unrelated'") && !Catch::Contains("did you mean"));
}

TEST_CASE("ServerConfig: bad values name the key and the value", "[server]") {
    TempDir dir;
    const auto check = [&](const std::string& json, const std::string& expected) {
        const auto file = dir.write("server.json", json);
        CHECK_THROWS_WITH(load_server_config(file.string()), Catch::Contains(expected));
    };
    check(R"({"port": 70000})", "'port' must be a whole number from 0 to 65535, got 70000");
    check(R"({"port": "80"})", "'port' must be a whole number");
    check(R"({"port": 80.5})", "got 80.5");
    check(R"({"threads": -1})", "'threads' must be a whole number");
    check(R"({"threads": 0})", "'threads' must be from 1 to 256");
    check(R"({"host": 1})", "'host' must be a string");
    check(R"({"access_log": "yes"})", "'access_log' must be true or false");
    check(R"({"compression": 1})", "'compression' must be true or false");
    check(R"({"max_pipelined": 0})", "'max_pipelined' must be at least 1");
    check(R"({"read_timeout_s": 0})", "'read_timeout_s' must be at least 1");
    check(R"({"headline_indicators": {"lsoa": "imd"}})",
          "'headline_indicators'['lsoa'] must be an array");
    check(R"({"layer_zooms": {"lsoa": [14, 8]}})", "'layer_zooms' for 'lsoa' must satisfy");
    check(R"({"layer_zooms": {"lsoa": [8]}})", "must be [min_zoom, max_zoom]");
    check(R"({"max_xlsx_rows": 0})", "'max_xlsx_rows' must be from 1 to 1048575");
    check(R"({"max_xlsx_rows": 1048576})", "an XLSX sheet holds 1,048,576 rows");
    check(R"({"session_hours": 0})", "'session_hours' must be from 1 to 2160");
    check(R"({"web_root": "does-not-exist"})", "'web_root' is not a directory");
    check(R"([1, 2])", "the top level must be a JSON object");
    check(R"({"port": 80,})", "not valid JSON");
}

TEST_CASE("ServerConfig: a missing file is reported with its path", "[server]") {
    CHECK_THROWS_WITH(load_server_config("/nonexistent/snamap.json"),
                      Catch::Contains("cannot read server config '/nonexistent/snamap.json'"));
}

TEST_CASE("ServerConfig: flags override the file", "[server]") {
    TempDir dir;
    ServerConfig c;
    apply_flag(c, "--host", "0.0.0.0");
    apply_flag(c, "--port", "0");
    apply_flag(c, "--threads", "8");
    apply_flag(c, "--web", dir.path().string());
    CHECK(c.host == "0.0.0.0");
    CHECK(c.port == 0);
    CHECK(c.threads == 8);
    CHECK(c.web_root == dir.path().string());
    CHECK_NOTHROW(validate_server_config(c));

    CHECK_THROWS_WITH(apply_flag(c, "--port", "80x"),
                      Catch::Contains("--port expects a whole number from 0 to 65535, got '80x'"));
    CHECK_THROWS_WITH(apply_flag(c, "--port", "65536"), Catch::Contains("got '65536'"));
    CHECK_THROWS_WITH(apply_flag(c, "--port", ""), Catch::Contains("--port"));
    CHECK_THROWS_WITH(apply_flag(c, "--threads", "0"),
                      Catch::Contains("--threads expects a whole number from 1 to 256"));
    CHECK_THROWS_WITH(apply_flag(c, "--prot", "80"),
                      Catch::Contains("unknown server option --prot; did you mean --port?"));
    CHECK_THROWS_AS(apply_flag(c, "--config", "x.json"), InvalidInput);
    CHECK(server_flags() == std::vector<std::string>{"--config", "--host", "--port", "--threads",
                                                     "--web", "--archive", "--public-url"});
    apply_flag(c, "--archive", "old.sqlite");
    CHECK(c.archives == std::vector<std::string>{"old.sqlite"});
}

TEST_CASE("ServerConfig: public_url is checked and normalised, else the listening address",
          "[server][http]") {
    CHECK(normalise_public_url("") == "");
    CHECK(normalise_public_url("https://sna.example.org") == "https://sna.example.org");
    CHECK(normalise_public_url("https://sna.example.org/") == "https://sna.example.org");
    CHECK(normalise_public_url("Http://sna.example.org:8443/a/b//") ==
          "http://sna.example.org:8443/a/b");
    CHECK(normalise_public_url("http://[::1]:8080/") == "http://[::1]:8080");
    for (const char* bad :
         {"sna.example.org", "ftp://sna.example.org", "https://", "https:///base",
          "https://sna.example.org/?a=1", "https://sna.example.org/#top",
          "https://user:pw@sna.example.org", "https://sna.example.org:99999",
          "https://sna.example.org:x", "https://sna example.org", "https://sna.example.org/a b",
          "javascript://alert(1)", "https://sna.example.org/\"><script>"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH(normalise_public_url(bad), Catch::Contains("'public_url'"));
    }

    TempDir dir;
    const auto file = dir.write("server.json", R"({"public_url": "https://a.org/x?y=1"})");
    CHECK_THROWS_WITH(load_server_config(file.string()),
                      Catch::Contains("server.json: 'public_url' must not have a query"));

    ServerConfig c;
    apply_flag(c, "--public-url", "https://a.org/base/");
    CHECK(c.public_url == "https://a.org/base");
    CHECK(public_base_url(c) == "https://a.org/base");
    CHECK_THROWS_WITH(apply_flag(c, "--public-url", "a.org"),
                      Catch::Contains("--public-url must start with http:// or https://"));
    c.public_url = "https://a.org/";
    CHECK_THROWS_WITH(validate_server_config(c), Catch::Contains("'public_url' must not end"));

    ServerConfig fallback;
    fallback.host = "10.0.0.5";
    fallback.port = 9000;
    CHECK(public_base_url(fallback) == "http://10.0.0.5:9000");
    CHECK(listening_url("::1", 8080) == "http://[::1]:8080");
    CHECK(listening_url("localhost", 80) == "http://localhost:80");
    CHECK(listening_url("0.0.0.0", 8080) == "http://localhost:8080");
    CHECK(listening_url("::", 8080) == "http://localhost:8080");
}
