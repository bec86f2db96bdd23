// One HTTP/1.1 connection: reading requests and writing responses (deadlines and closing are in
// http_session_deadlines.cpp). With http_server.cpp, the only translation units that include Beast
// (docs/architecture.md). Responses are written by the session itself (http_wire.hpp builds the
// head), so a body shared with the tile cache goes to the socket without being copied.
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

// -------------------------------------------------------------------------------------------------
// Session: life cycle

Session::Session(tcp::socket&& socket, ServerState& state, std::uint64_t id, Admission admission,
                 std::string peer)
    : m_state(state),
      m_socket(std::move(socket)),
      m_timer(m_socket.get_executor()),
      // Bounds what Beast buffers while it cannot consume: a header (checked by check_header),
      // a chunk-size line or chunk trailers; beyond it reads fail with buffer_overflow (→ 431).
      m_buffer(2 * state.config.max_header_bytes + 64 * 1024),
      m_peer(std::move(peer)),
      m_id(id),
      m_admission(admission),
      m_rejected(admission != Admission::served) {
    (m_rejected ? m_state.rejecting : m_state.active).fetch_add(1);
    if (!m_rejected) {
        m_state.metrics.add_gauge("snamap_http_open_connections", "Connections being served.", 1);
    }
}

Session::~Session() {
    m_state.remove_session(m_id);
    if (!m_rejected) {
        m_state.metrics.add_gauge("snamap_http_open_connections", "Connections being served.", -1);
        if (m_peer != m_state.config.trusted_proxy) m_state.addresses.close_connection(m_peer);
    }
    (m_rejected ? m_state.rejecting : m_state.active).fetch_sub(1);
}

void Session::start() {
    net::dispatch(m_socket.get_executor(), [self = shared_from_this()] {
        if (self->m_rejected) {
            self->stop_reading();
            self->set_deadline(std::chrono::seconds(self->m_state.config.idle_timeout_s));
            const bool address = self->m_admission == Admission::over_address;
            self->enqueue(
                self->error_response("overloaded", 503, "service unavailable",
                                     address ? "too many connections from your address; retry later"
                                             : "too many connections; retry later",
                                     11, Clock::now()));
        } else {
            self->do_read();
        }
    });
}

void Session::shutdown() {
    net::dispatch(m_socket.get_executor(), [self = shared_from_this()] {
        self->stop_reading();
        if (!self->m_writing) {
            self->close_now();
        } else if (self->m_queue.size() > 1) {
            self->m_queue.back()->keep_alive = false;
        }
    });
}

// -------------------------------------------------------------------------------------------------
// Reading

void Session::do_read() {
    if (m_phase != Phase::open || m_reading) return;
    if (m_queue.size() >= m_state.config.max_pipelined) return;  // resumed by on_write
    m_reading = true;
    if (m_buffer.size() > 0) {
        start_header();
        return;
    }
    // Wait for the first byte under the idle timeout; the request itself then has to arrive
    // within the read timeout. A fresh connection gets the read timeout throughout.
    // While a worker computes an answer the wait has no deadline of its own: the work's deadline
    // bounds it, and a read still notices a client that disconnects (cancel_work).
    const int wait_s = m_served_any ? m_state.config.idle_timeout_s : m_state.config.read_timeout_s;
    const bool working =
        std::any_of(m_queue.begin(), m_queue.end(), [](const PendingPtr& p) { return !p->ready; });
    if (working) {
        m_deadline = Clock::time_point::max();
        sync_timer();
    } else {
        set_deadline(std::chrono::seconds(wait_s));
    }
    m_socket.async_read_some(
        m_buffer.prepare(4096),
        beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
}

void Session::on_first_bytes(beast::error_code ec, std::size_t bytes) {
    m_reading = false;
    if (m_phase == Phase::closed) return;
    if (ec == net::error::eof) {
        finish_after_writes();
        return;
    }
    if (ec) {
        close_now();  // idle timeout, reset, or aborted by shutdown
        return;
    }
    m_buffer.commit(bytes);
    if (m_phase != Phase::open) return;
    m_reading = true;
    start_header();
}

void Session::start_header() {
    // Recorded only: the timer is armed for it when check_header() has to wait for more bytes.
    m_deadline = Clock::now() + std::chrono::seconds(m_state.config.read_timeout_s);
    check_header();
}

/// Beast 1.74's parser applies header_limit to each put() separately, so a header that arrives in
/// small pieces escapes it. We therefore buffer until the blank line ourselves, bounded by
/// max_header_bytes, and hand Beast the complete header in one put().
void Session::check_header() {
    const auto data = m_buffer.data();
    const std::string_view seen(static_cast<const char*>(data.data()), data.size());
    // A bare-LF blank line also ends the wait: Beast then rejects it (400) at once.
    if (seen.find("\r\n\r\n") != std::string_view::npos ||
        seen.find("\n\n") != std::string_view::npos) {
        do_read_request();
        return;
    }
    if (seen.size() > m_state.config.max_header_bytes) {
        m_reading = false;
        reject_request(http::error::header_limit, Clock::now());
        return;
    }
    sync_timer();
    m_socket.async_read_some(
        m_buffer.prepare(4096),
        beast::bind_front_handler(&Session::on_header_bytes, shared_from_this()));
}

void Session::on_header_bytes(beast::error_code ec, std::size_t bytes) {
    if (ec) {
        on_read(ec, 0);
        return;
    }
    m_buffer.commit(bytes);
    if (m_phase == Phase::closed) return;
    check_header();
}

/// The whole header is buffered, so it is parsed here and now rather than through an
/// asynchronous read that would only post its completion.
void Session::do_read_request() {
    m_parser.emplace();
    const auto header_limit = std::min<std::size_t>(m_state.config.max_header_bytes,
                                                    std::numeric_limits<std::uint32_t>::max());
    m_parser->header_limit(static_cast<std::uint32_t>(header_limit));
    m_parser->body_limit(static_cast<std::uint64_t>(m_state.config.max_body_bytes));
    // The body gets its own read timeout (armed by sync_timer() if a wait comes).
    m_deadline = Clock::now() + std::chrono::seconds(m_state.config.read_timeout_s);
    m_message_bytes = 0;
    beast::error_code ec;
    const std::size_t used = m_parser->put(m_buffer.data(), ec);
    m_buffer.consume(used);
    if (ec == http::error::need_more && !m_parser->is_header_done()) {
        m_message_bytes += used;
        sync_timer();
        http::async_read_header(
            m_socket, m_buffer, *m_parser,
            beast::bind_front_handler(&Session::on_read_header, shared_from_this()));
        return;
    }
    if (ec == http::error::need_more) ec = {};
    on_read_header(ec, used);
}

/// RFC 7231 §5.1.1: a client that sent "Expect: 100-continue" waits for 100 before the body
/// (curl waits a second). Sent only when no earlier response is still queued, since it must not
/// overtake them; otherwise the client's own timeout sends the body.
void Session::on_read_header(beast::error_code ec, std::size_t bytes) {
    m_message_bytes += bytes;
    if (ec || m_phase == Phase::closed || m_parser->is_done()) {
        on_read(ec, m_message_bytes);
        return;
    }
    const auto& header = m_parser->get();
    if (header.version() == 11 && m_queue.empty() && !m_writing &&
        beast::iequals(header[http::field::expect], "100-continue")) {
        static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
        m_writing = true;
        set_deadline(std::chrono::seconds(m_state.config.read_timeout_s));
        net::async_write(
            m_socket, net::buffer(continue_line.data(), continue_line.size()),
            beast::bind_front_handler(&Session::on_continue_written, shared_from_this()));
        return;
    }
    do_read_message();
}

void Session::on_continue_written(beast::error_code ec, std::size_t /*bytes*/) {
    m_writing = false;
    if (ec || m_phase == Phase::closed) {
        close_now();
        return;
    }
    do_read_message();
}

void Session::do_read_message() {
    sync_timer();
    http::async_read_some(m_socket, m_buffer, *m_parser,
                          beast::bind_front_handler(&Session::on_read_message, shared_from_this()));
}

/// Bounds the bytes of one message, framing included: chunk trailers are fields that Beast stores,
/// and like the header they escape header_limit when they arrive in pieces.
void Session::on_read_message(beast::error_code ec, std::size_t bytes) {
    m_message_bytes += bytes;
    const std::size_t cap =
        2 * m_state.config.max_header_bytes + 2 * m_state.config.max_body_bytes + 64 * 1024;
    if (!ec && m_phase != Phase::closed && m_message_bytes > cap) {
        m_reading = false;
        reject_request(http::error::body_limit, Clock::now());
        return;
    }
    if (ec || m_phase == Phase::closed || m_parser->is_done()) {
        on_read(ec, m_message_bytes);
        return;
    }
    do_read_message();
}

/// Answers a request we could not parse with 4xx and closes; 0 → just close.
void Session::reject_request(const beast::error_code& ec, Clock::time_point start) {
    const int status = status_for_parse_error(ec);
    if (status == 0) {
        close_now();  // reset, partial message at EOF, aborted
        return;
    }
    stop_reading();
    enqueue(error_response("bad_request", status, short_reason(status),
                           "malformed or oversized request: " + ec.message(), 11, start));
}

void Session::on_read(beast::error_code ec, std::size_t /*bytes*/) {
    m_reading = false;
    const auto start = Clock::now();
    if (m_timed_out) {
        // The deadline closed the socket; there is no way left to send a 408.
        m_state.metrics.add_counter("snamap_http_read_timeouts_total",
                                    "Connections closed because a request arrived too slowly.");
        close_now();
        return;
    }
    if (m_phase == Phase::closed) return;
    if (ec == http::error::end_of_stream) {
        finish_after_writes();
        return;
    }
    if (ec) {
        reject_request(ec, start);
        return;
    }
    m_served_any = true;
    handle_request(m_parser->release(), start);
    do_read();
}

/// 4xx for a request we can answer, 0 when the connection is simply gone.
int Session::status_for_parse_error(const beast::error_code& ec) const {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
        // No line break at all: the request line alone is too long.
        const auto data = m_buffer.data();
        const std::string_view seen(static_cast<const char*>(data.data()), data.size());
        return seen.find("\r\n") == std::string_view::npos ? 414 : 431;
    }
    if (ec == http::error::body_limit) return 413;
    if (ec == http::error::partial_message) return 0;
    if (ec.category() == http::make_error_code(http::error::bad_method).category()) return 400;
    return 0;
}

// -------------------------------------------------------------------------------------------------
// Writing

void Session::enqueue(PendingPtr pending) {
    m_queue.push_back(std::move(pending));
    write_front_if_ready();
}

/// Responses go out in request order: the front waits for its worker, later ones wait for it.
void Session::write_front_if_ready() {
    if (!m_writing && !m_queue.empty() && m_queue.front()->ready && m_phase != Phase::closed)
        do_write();
}

/// The head is built when the write starts, so shutdown() can still turn keep-alive off. A
/// streamed body follows piece by piece (on_write), each piece under its own write deadline.
void Session::do_write() {
    m_writing = true;
    set_deadline(std::chrono::seconds(m_state.config.idle_timeout_s));
    Pending& p = *m_queue.front();
    HeadOptions options;
    options.version = p.version;
    options.keep_alive = p.keep_alive;
    options.framing = !p.streamed       ? Framing::length
                      : p.version == 10 ? Framing::close
                                        : Framing::chunked;
    options.content_length = p.content_length;
    options.date = m_dates.get(std::chrono::system_clock::now());
    p.head.reserve(256);
    append_response_head(p.head, p.response, options);
    if (p.streamed && !p.is_head && !next_frame(p)) {
        close_now();  // the body failed before its first byte; the client sees a cut response
        return;
    }
    const std::string_view body = p.streamed ? std::string_view(p.frame) : p.response.body_view();
    const std::array<net::const_buffer, 2> buffers = {net::buffer(p.head),
                                                      net::buffer(body.data(), body.size())};
    net::async_write(m_socket, buffers,
                     beast::bind_front_handler(&Session::on_write, shared_from_this()));
}

/// Produces the next piece of a streamed body into p.frame (chunk-framed on HTTP/1.1); false when
/// the stream failed (logged). Sets p.stream_done with the last piece.
bool Session::next_frame(Pending& p) {
    constexpr std::size_t piece_bytes = 64 * 1024;
    std::string piece;
    try {
        bool more = true;
        while (piece.empty() && more) more = p.response.stream(piece, piece_bytes);
        p.stream_done = !more;
    } catch (const std::exception& e) {
        m_state.write_log(log_time(std::chrono::system_clock::now()) + " " + p.request_id +
                          " error: streamed body failed: " + log_safe(e.what(), 2000));
        return false;
    }
    p.body_bytes += piece.size();
    p.frame.clear();
    if (p.version == 10) {
        p.frame = std::move(piece);
    } else {
        append_chunk(p.frame, piece, p.stream_done);
    }
    return true;
}

void Session::on_write(beast::error_code ec, std::size_t bytes) {
    m_writing = false;
    Pending& p = *m_queue.front();
    m_sent_bytes += bytes;
    const bool more = p.streamed && !p.is_head && !p.stream_done;
    if (!ec && more && m_phase != Phase::closed) {
        if (!next_frame(p)) {
            close_now();
        } else {
            m_writing = true;
            set_deadline(std::chrono::seconds(m_state.config.idle_timeout_s));
            net::async_write(m_socket, net::buffer(p.frame.data(), p.frame.size()),
                             beast::bind_front_handler(&Session::on_write, shared_from_this()));
        }
        return;
    }
    on_response_written(ec);
}

void Session::on_response_written(beast::error_code ec) {
    PendingPtr done = std::move(m_queue.front());
    m_queue.pop_front();
    if (m_timed_out && ec) ec = beast::error::timeout;
    record(*done, ec, std::exchange(m_sent_bytes, 0));
    if (ec || m_phase == Phase::closed) {
        close_now();
        return;
    }
    if (!done->keep_alive) {
        cancel_work();
        m_queue.clear();
        do_linger();
        return;
    }
    if (!m_queue.empty()) {
        write_front_if_ready();
        do_read();  // no-op when a read is pending or the queue is full
    } else if (m_phase != Phase::open) {
        finish_after_writes();
    } else {
        do_read();  // no-op when a read is already pending
    }
}

void Session::record(const Pending& p, const beast::error_code& ec, std::size_t bytes) {
    const auto now = Clock::now();
    const int status = p.response.status;
    m_state.metrics.record_request(p.response.route, status,
                                   std::chrono::duration<double>(now - p.start).count());
    // Authenticated requests are always logged (the audit trail); others with access_log.
    if (!m_state.config.access_log && p.response.caller.empty()) return;
    AccessLogLine line;
    line.time = std::chrono::system_clock::now();
    line.request_id = p.request_id;
    line.peer = m_peer;
    line.method = p.method;
    line.target = p.target;
    line.status = status;
    line.body_bytes = p.body_bytes;
    line.duration = std::chrono::duration_cast<std::chrono::microseconds>(now - p.start);
    line.route = p.response.route;
    line.caller = p.response.caller;
    const std::string error = ec ? ec.message() : std::string();
    line.write_error = error;
    line.bytes_sent = bytes;
    m_state.write_access_log(format_access_line(line));
}

}  // namespace sna::server::detail
