#pragma once
/// Internal to the HTTP transport: what the listener and every session share. No Beast here.

#include "server/config/server_config.hpp"
#include "server/http/http_message.hpp"
#include "server/http/http_server.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

namespace sna::server {

class Metrics;

namespace detail {

using Clock = std::chrono::steady_clock;

class Session;

/// State shared by the acceptor and every session.
struct ServerState {
    ServerState(const ServerConfig& c, HttpServer::Handler h, Metrics& m, std::ostream& l);

    /// One line to the log, written and flushed at once (errors, lifecycle).
    void write_log(const std::string& line);
    /// One access-log line: buffered, written when the buffer fills or flush_log() runs.
    void write_access_log(const std::string& line);
    /// Writes buffered access-log lines and flushes the stream.
    void flush_log();

    std::string new_request_id();

    /// Calls the handler (HEAD as GET) and checks what it returns. Never throws: an exception
    /// or an invalid response becomes a generic 500 with the request id, details to the log.
    HttpResponse call_handler(HttpRequest req, bool is_head, const std::string& request_id);

    void add_session(std::uint64_t id, const std::shared_ptr<Session>& session);
    void remove_session(std::uint64_t id);
    std::vector<std::shared_ptr<Session>> live_sessions();

    const ServerConfig config;
    const HttpServer::Handler handler;
    Metrics& metrics;
    std::ostream& log;
    std::mutex log_mutex;
    std::string log_buffer;  ///< access-log lines not yet written (guarded by log_mutex)
    unsigned int id_prefix = 0;
    std::atomic<std::uint64_t> next_request_id{1};
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> active{0};     ///< sessions serving requests
    std::atomic<std::size_t> rejecting{0};  ///< sessions only answering 503
    std::mutex sessions_mutex;
    std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
};

}  // namespace detail
}  // namespace sna::server
