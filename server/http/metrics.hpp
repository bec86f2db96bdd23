#pragma once
/// Thread-safe Prometheus metrics, rendered in the text exposition format 0.0.4.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace sna::server {

/// Request counters and latency histograms per route, plus named counters, gauges and histograms
/// that other modules bump (tile cache hits, bytes cached, render time). One mutex; cheap enough
/// for a few updates per request. Names must match [a-zA-Z_:][a-zA-Z0-9_:]* (asserted).
class Metrics {
public:
    /// Content-Type for the /metrics response.
    static constexpr const char* content_type = "text/plain; version=0.0.4; charset=utf-8";

    /// Upper bounds of the latency buckets in seconds; +Inf is implicit.
    static constexpr std::array<double, 12> latency_buckets = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

    /// Counts one answered request: snamap_http_requests_total{route,status} and
    /// snamap_http_request_duration_seconds{route}.
    void record_request(std::string_view route, int status, double seconds);

    /// Adds `amount` (≥ 0) to the counter `name`, creating it on first use.
    void add_counter(std::string_view name, std::string_view help, double amount = 1.0);

    /// Sets the gauge `name` to `value`, creating it on first use.
    void set_gauge(std::string_view name, std::string_view help, double value);

    /// Adds `delta` (may be negative) to the gauge `name`, e.g. open connections.
    void add_gauge(std::string_view name, std::string_view help, double delta);

    /// Adds one observation (seconds) to the histogram `name` (latency_buckets).
    void observe(std::string_view name, std::string_view help, double seconds);

    /// All metrics, sorted by name, with # HELP and # TYPE lines.
    std::string render() const;

private:
    struct Histogram {
        std::array<std::uint64_t, latency_buckets.size()> buckets{};  ///< non-cumulative
        std::uint64_t count = 0;
        double sum = 0;
        void add(double seconds);
    };
    enum class Kind { counter, gauge, histogram };
    struct Named {
        Kind kind;
        std::string help;
        double value = 0;
        Histogram histogram;
    };

    Named* find_or_create(std::string_view name, std::string_view help, Kind kind);

    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, int>, std::uint64_t> m_requests;  ///< (route, status) → count
    std::map<std::string, Histogram> m_latency;                       ///< route → histogram
    std::map<std::string, Named, std::less<>> m_named;
};

}  // namespace sna::server
