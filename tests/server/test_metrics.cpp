#include "server/http/metrics.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

using sna::server::Metrics;

namespace {

bool has_line(const std::string& text, const std::string& line) {
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        if (l == line) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("Metrics: request counters and latency histograms per route", "[server]") {
    Metrics m;
    m.record_request("tile", 200, 0.0004);
    m.record_request("tile", 200, 0.003);
    m.record_request("tile", 304, 0.2);
    m.record_request("api_area", 404, 3.0);
    const std::string text = m.render();

    CHECK(has_line(text, "# TYPE snamap_http_requests_total counter"));
    CHECK(has_line(text, "snamap_http_requests_total{route=\"tile\",status=\"200\"} 2"));
    CHECK(has_line(text, "snamap_http_requests_total{route=\"tile\",status=\"304\"} 1"));
    CHECK(has_line(text, "snamap_http_requests_total{route=\"api_area\",status=\"404\"} 1"));

    CHECK(has_line(text, "# TYPE snamap_http_request_duration_seconds histogram"));
    // Buckets are cumulative.
    CHECK(has_line(text,
                   "snamap_http_request_duration_seconds_bucket{route=\"tile\",le=\"0.0005\"} 1"));
    CHECK(has_line(text,
                   "snamap_http_request_duration_seconds_bucket{route=\"tile\",le=\"0.0025\"} 1"));
    CHECK(has_line(text,
                   "snamap_http_request_duration_seconds_bucket{route=\"tile\",le=\"0.005\"} 2"));
    CHECK(has_line(text,
                   "snamap_http_request_duration_seconds_bucket{route=\"tile\",le=\"0.25\"} 3"));
    CHECK(has_line(text,
                   "snamap_http_request_duration_seconds_bucket{route=\"tile\",le=\"+Inf\"} 3"));
    CHECK(has_line(text, "snamap_http_request_duration_seconds_count{route=\"tile\"} 3"));
    CHECK(has_line(text,
                   "snamap_http_request_duration_seconds_bucket{route=\"api_area\",le=\"2.5\"} 0"));
    CHECK(has_line(
        text, "snamap_http_request_duration_seconds_bucket{route=\"api_area\",le=\"+Inf\"} 1"));
    CHECK(has_line(text, "snamap_http_request_duration_seconds_sum{route=\"api_area\"} 3"));
}

TEST_CASE("Metrics: named counters, gauges and histograms render with HELP and TYPE", "[server]") {
    Metrics m;
    m.add_counter("tile_cache_hits_total", "Tiles served from the cache.");
    m.add_counter("tile_cache_hits_total", "Tiles served from the cache.", 2);
    m.set_gauge("tile_cache_bytes", "Bytes held by the tile cache.", 1024);
    m.set_gauge("tile_cache_bytes", "Bytes held by the tile cache.", 512);
    m.add_gauge("open_connections", "Open.", 3);
    m.add_gauge("open_connections", "Open.", -1);
    m.observe("image_render_seconds", "Time to render a static map.", 0.07);
    const std::string text = m.render();

    CHECK(has_line(text, "# HELP tile_cache_hits_total Tiles served from the cache."));
    CHECK(has_line(text, "# TYPE tile_cache_hits_total counter"));
    CHECK(has_line(text, "tile_cache_hits_total 3"));
    CHECK(has_line(text, "# TYPE tile_cache_bytes gauge"));
    CHECK(has_line(text, "tile_cache_bytes 512"));
    CHECK(has_line(text, "open_connections 2"));
    CHECK(has_line(text, "# TYPE image_render_seconds histogram"));
    CHECK(has_line(text, "image_render_seconds_bucket{le=\"0.05\"} 0"));
    CHECK(has_line(text, "image_render_seconds_bucket{le=\"0.1\"} 1"));
    CHECK(has_line(text, "image_render_seconds_count 1"));
    CHECK(has_line(text, "image_render_seconds_sum 0.07"));
}

TEST_CASE("Metrics: label values and help text are escaped", "[server]") {
    Metrics m;
    m.record_request("we\"ird\\route\n", 200, 0.001);
    m.add_counter("x_total", "line one\nline two \\ end");
    const std::string text = m.render();
    CHECK(has_line(text,
                   "snamap_http_requests_total{route=\"we\\\"ird\\\\route\\n\",status=\"200\"} 1"));
    CHECK(has_line(text, "# HELP x_total line one\\nline two \\\\ end"));
}

TEST_CASE("Metrics: metrics are safe to update from many threads", "[server]") {
    Metrics m;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&m] {
            for (int i = 0; i < 1000; ++i) {
                m.record_request("tile", 200, 0.001);
                m.add_counter("tiles_generated_total", "Tiles encoded.");
                if (i % 100 == 0) (void)m.render();
            }
        });
    }
    for (auto& thread : threads) thread.join();
    const std::string text = m.render();
    CHECK(has_line(text, "snamap_http_requests_total{route=\"tile\",status=\"200\"} 4000"));
    CHECK(has_line(text, "snamap_http_request_duration_seconds_count{route=\"tile\"} 4000"));
    CHECK(has_line(text, "tiles_generated_total 4000"));
}
