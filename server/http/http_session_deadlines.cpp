// One HTTP/1.1 connection: its deadlines, the linger after a final response, and closing
// (http_session.cpp reads and writes).
#include "server/http/http_session.hpp"

#include "server/http/metrics.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <utility>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace sna::server::detail {

namespace {

/// After a final response, unread request bytes are drained for at most this long (and
/// linger_max_bytes) before closing, so the close does not reset the connection and destroy
/// the response in the client's receive buffer.
constexpr auto linger_time = std::chrono::seconds(2);
constexpr std::size_t linger_max_bytes = 1 << 20;

}  // namespace

// -------------------------------------------------------------------------------------------------
// Deadline and closing

/// Sets the deadline of the next wait and makes sure the timer covers it.
void Session::set_deadline(Clock::duration timeout) {
    m_deadline = Clock::now() + timeout;
    sync_timer();
}

/// Before a wait: arms the timer unless it is armed to fire no later than m_deadline.
void Session::sync_timer() {
    if (m_phase == Phase::closed) return;
    if (!m_timer_armed || m_deadline < m_timer_expiry) arm_timer();
}

void Session::arm_timer() {
    m_timer_armed = true;
    m_timer_expiry = m_deadline;
    const std::uint64_t generation = ++m_timer_generation;
    m_timer.expires_at(m_deadline);  // cancels a wait still pending: its handler is stale
    // A weak pointer: the timer must not keep an otherwise finished session alive.
    m_timer.async_wait([weak = weak_from_this(), generation](beast::error_code ec) {
        if (const auto self = weak.lock()) self->on_timer(ec, generation);
    });
}

void Session::on_timer(beast::error_code ec, std::uint64_t generation) {
    if (generation != m_timer_generation) return;  // replaced by a later arm_timer()
    m_timer_armed = false;
    if (ec || m_phase == Phase::closed) return;  // cancelled by close_now()
    if (Clock::now() < m_deadline) {
        arm_timer();  // the deadline moved on since the timer was armed
        return;
    }
    m_timed_out = true;
    close_now();  // pending operations complete with operation_aborted
}

/// The peer finished sending (or we stop): close once queued responses are out.
void Session::finish_after_writes() {
    stop_reading();
    if (m_writing) return;  // on_write comes back here
    beast::error_code ignored;
    m_socket.shutdown(tcp::socket::shutdown_send, ignored);
    close_now();
}

/// After a final response: send FIN, then drain what the client still sends for a moment.
void Session::do_linger() {
    stop_reading();
    if (m_reading) {
        close_now();  // a read is pending; nothing to drain into
        return;
    }
    beast::error_code ignored;
    m_socket.shutdown(tcp::socket::shutdown_send, ignored);
    if (m_state.stopping) {
        close_now();  // shutting down: do not hold run() for the drain
        return;
    }
    set_deadline(linger_time);  // one deadline for the whole drain
    m_reading = true;
    m_socket.async_read_some(net::buffer(m_drain),
                             beast::bind_front_handler(&Session::on_linger, shared_from_this()));
}

void Session::on_linger(beast::error_code ec, std::size_t bytes) {
    m_reading = false;
    m_drained += bytes;
    if (ec || m_phase == Phase::closed || m_drained > linger_max_bytes) {
        close_now();
        return;
    }
    m_reading = true;
    m_socket.async_read_some(net::buffer(m_drain),
                             beast::bind_front_handler(&Session::on_linger, shared_from_this()));
}

void Session::close_now() {
    if (m_phase == Phase::closed) return;
    m_phase = Phase::closed;
    cancel_work();
    beast::error_code ignored;
    m_timer.cancel();
    m_socket.close(ignored);  // pending operations complete with operation_aborted
}

}  // namespace sna::server::detail
