#pragma once
/// Lets long work notice that its answer is no longer wanted: the client disconnected, or the
/// request's deadline passed. The transport owns one per request; handlers poll it in their loops
/// (RouteContext::check_alive) and stop by throwing RequestAbandoned. No Beast here.

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>

namespace sna::server {

/// Thrown by RequestControl::check(): the work stops and nothing useful is sent (the transport
/// answers 503 when the client is still there, i.e. the deadline passed).
class RequestAbandoned : public std::runtime_error {
public:
    explicit RequestAbandoned(const std::string& why) : std::runtime_error(why) {}
};

class RequestControl {
public:
    using Clock = std::chrono::steady_clock;

    explicit RequestControl(Clock::time_point deadline = Clock::time_point::max())
        : m_deadline(deadline) {}

    /// The client went away: abandon the work (safe from any thread).
    void cancel() noexcept { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return m_cancelled.load(std::memory_order_relaxed); }
    bool past_deadline() const { return Clock::now() >= m_deadline; }

    /// @throws RequestAbandoned when the client is gone or the deadline has passed.
    void check() const {
        if (cancelled()) throw RequestAbandoned("the client disconnected");
        if (past_deadline()) throw RequestAbandoned("the request's deadline passed");
    }

private:
    std::atomic<bool> m_cancelled{false};
    Clock::time_point m_deadline;
};

}  // namespace sna::server
