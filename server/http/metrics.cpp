#include "server/http/metrics.hpp"

#include <cassert>
#include <charconv>
#include <cmath>

namespace sna::server {

namespace {

bool is_valid_name(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        const bool digit = c >= '0' && c <= '9';
        if (!alpha && !(digit && i > 0)) return false;
    }
    return true;
}

/// Shortest text that reads back as the same double; Prometheus spells infinities "+Inf".
std::string format_number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general);
    return std::string(buffer, result.ptr);
}

/// Label values escape backslash, double quote and newline (exposition format 0.0.4).
std::string escape_label(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

/// HELP text escapes backslash and newline only.
std::string escape_help(std::string_view help) {
    std::string out;
    for (const char c : help) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void write_header(std::string& out, std::string_view name, std::string_view help,
                  std::string_view type) {
    out.append("# HELP ").append(name).append(" ").append(escape_help(help)).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

template <typename H>
void write_histogram(std::string& out, std::string_view name, const std::string& labels, const H& h,
                     const std::array<double, 12>& bounds) {
    const std::string sep = labels.empty() ? "" : ",";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        cumulative += h.buckets[i];
        out.append(name).append("_bucket{").append(labels).append(sep);
        out.append("le=\"").append(format_number(bounds[i])).append("\"} ");
        out.append(std::to_string(cumulative)).append("\n");
    }
    out.append(name).append("_bucket{").append(labels).append(sep).append("le=\"+Inf\"} ");
    out.append(std::to_string(h.count)).append("\n");
    const std::string braces = labels.empty() ? "" : "{" + labels + "}";
    out.append(name)
        .append("_sum")
        .append(braces)
        .append(" ")
        .append(format_number(h.sum))
        .append("\n");
    out.append(name)
        .append("_count")
        .append(braces)
        .append(" ")
        .append(std::to_string(h.count))
        .append("\n");
}

}  // namespace

void Metrics::Histogram::add(double seconds) {
    if (!(seconds >= 0)) seconds = 0;  // also catches NaN
    std::size_t i = 0;
    while (i < latency_buckets.size() && seconds > latency_buckets[i]) ++i;
    if (i < latency_buckets.size()) ++buckets[i];
    ++count;
    sum += seconds;
}

void Metrics::record_request(std::string_view route, int status, double seconds) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    ++m_requests[{std::string(route), status}];
    m_latency[std::string(route)].add(seconds);
}

Metrics::Named* Metrics::find_or_create(std::string_view name, std::string_view help, Kind kind) {
    assert(is_valid_name(name) && "metric names match [a-zA-Z_:][a-zA-Z0-9_:]*");
    if (!is_valid_name(name)) return nullptr;
    auto it = m_named.find(name);
    if (it == m_named.end()) {
        it = m_named.emplace(std::string(name), Named{kind, std::string(help), 0, {}}).first;
    }
    assert(it->second.kind == kind && "one metric name, one type");
    return it->second.kind == kind ? &it->second : nullptr;
}

void Metrics::add_counter(std::string_view name, std::string_view help, double amount) {
    assert(amount >= 0 && "counters only go up");
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (Named* metric = find_or_create(name, help, Kind::counter); metric && amount >= 0) {
        metric->value += amount;
    }
}

void Metrics::set_gauge(std::string_view name, std::string_view help, double value) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (Named* metric = find_or_create(name, help, Kind::gauge)) metric->value = value;
}

void Metrics::add_gauge(std::string_view name, std::string_view help, double delta) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (Named* metric = find_or_create(name, help, Kind::gauge)) metric->value += delta;
}

void Metrics::observe(std::string_view name, std::string_view help, double seconds) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (Named* metric = find_or_create(name, help, Kind::histogram)) metric->histogram.add(seconds);
}

std::string Metrics::render() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    std::string out;
    write_header(out, "snamap_http_requests_total", "HTTP requests answered, by route and status.",
                 "counter");
    for (const auto& [key, count] : m_requests) {
        out.append("snamap_http_requests_total{route=\"").append(escape_label(key.first));
        out.append("\",status=\"").append(std::to_string(key.second)).append("\"} ");
        out.append(std::to_string(count)).append("\n");
    }
    write_header(out, "snamap_http_request_duration_seconds",
                 "Time from a complete request to its response written, by route.", "histogram");
    for (const auto& [route, histogram] : m_latency) {
        write_histogram(out, "snamap_http_request_duration_seconds",
                        "route=\"" + escape_label(route) + "\"", histogram, latency_buckets);
    }
    for (const auto& [name, metric] : m_named) {
        switch (metric.kind) {
            case Kind::counter:
                write_header(out, name, metric.help, "counter");
                out.append(name).append(" ").append(format_number(metric.value)).append("\n");
                break;
            case Kind::gauge:
                write_header(out, name, metric.help, "gauge");
                out.append(name).append(" ").append(format_number(metric.value)).append("\n");
                break;
            case Kind::histogram:
                write_header(out, name, metric.help, "histogram");
                write_histogram(out, name, "", metric.histogram, latency_buckets);
                break;
        }
    }
    return out;
}

}  // namespace sna::server
