#pragma once
/// Internal to the HTTP transport: what the listener and every session share. No Beast here.

#include "server/config/server_config.hpp"
#include "server/http/http_message.hpp"
#include "server/http/http_server.hpp"
#include "server/http/work_pools.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sna::server {

class Metrics;

namespace detail {

using Clock = std::chrono::steady_clock;

class Session;

/// Bytes of response bodies the transport holds (queued or being written), counted against
/// config.response_memory_bytes for as long as this object lives.
class MemoryCharge {
public:
    MemoryCharge() = default;
    MemoryCharge(std::atomic<std::size_t>& total, std::size_t bytes)
        : m_total(&total), m_bytes(bytes) {
        total.fetch_add(bytes);
    }
    MemoryCharge(MemoryCharge&& other) noexcept { *this = std::move(other); }
    MemoryCharge& operator=(MemoryCharge&& other) noexcept {
        release();
        m_total = std::exchange(other.m_total, nullptr);
        m_bytes = std::exchange(other.m_bytes, 0);
        return *this;
    }
    MemoryCharge(const MemoryCharge&) = delete;
    MemoryCharge& operator=(const MemoryCharge&) = delete;
    ~MemoryCharge() { release(); }

private:
    void release() {
        if (m_total) m_total->fetch_sub(m_bytes);
        m_total = nullptr;
        m_bytes = 0;
    }
    std::atomic<std::size_t>* m_total = nullptr;
    std::size_t m_bytes = 0;
};

/// Connections and expensive requests per client address (config caps, trusted proxy exempt
/// from the connection cap). Thread-safe.
class AddressLoads {
public:
    /// Counts a connection from `address`; false (nothing counted) when it is over `cap`.
    bool open_connection(const std::string& address, std::size_t cap);
    void close_connection(const std::string& address);
    /// Counts an analysis/heavy request of `address`; false (nothing counted) when over `cap`.
    bool begin_expensive(const std::string& address, std::size_t cap);
    void end_expensive(const std::string& address);

private:
    struct Load {
        std::size_t connections = 0;
        std::size_t expensive = 0;
    };
    /// Counts one more in `counter` of `address` unless it is at `cap`.
    bool take(const std::string& address, std::size_t cap, std::size_t Load::*counter);
    void give_back(const std::string& address, std::size_t Load::*counter);
    void forget_if_idle(std::unordered_map<std::string, Load>::iterator it);
    std::mutex m_mutex;
    std::unordered_map<std::string, Load> m_loads;
};

/// State shared by the acceptor and every session.
struct ServerState {
    ServerState(const ServerConfig& c, HttpServer::Handler h, HttpServer::Classifier k, Metrics& m,
                std::ostream& l);

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

    /// The request's cost class (CostClass::cheap without a classifier or when it throws).
    CostClass cost_of(HttpRequest& req) const;
    /// When an analysis/heavy request started at `start` must be answered by.
    Clock::time_point deadline_of(CostClass cost, Clock::time_point start) const;
    /// Whether the bodies held for slow readers already use up config.response_memory_bytes.
    bool over_memory_budget() const { return held_bytes.load() >= config.response_memory_bytes; }

    void add_session(std::uint64_t id, const std::shared_ptr<Session>& session);
    void remove_session(std::uint64_t id);
    std::vector<std::shared_ptr<Session>> live_sessions();

    const ServerConfig config;
    const HttpServer::Handler handler;
    const HttpServer::Classifier classifier;
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
    AddressLoads addresses;
    std::atomic<std::size_t> held_bytes{0};  ///< response bodies queued or being written
    /// Last member: destroyed (threads joined) first, while everything a job uses still exists.
    WorkPools pools;
};

}  // namespace detail
}  // namespace sna::server
