#pragma once
/// Internal to the HTTP transport: one connection's session (the shared state is in
/// server_state.hpp). Includes Beast and Asio, so only http_session.cpp and http_server.cpp
/// include it (STYLE §5).

#include "server/http/http_message.hpp"
#include "server/http/http_wire.hpp"
#include "server/http/server_state.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace sna::server {

namespace detail {

using tcp = boost::asio::ip::tcp;

/// What the listener decided for a new connection.
enum class Admission {
    served,        ///< read and answer requests
    over_total,    ///< over max_connections: answer one 503 and close
    over_address,  ///< over max_connections_per_address: answer one 503 and close
};

/// One connection, after Beast's example/advanced/server: its handlers run on one strand, a
/// bounded queue of responses is kept alive until written, and one deadline timer per
/// connection bounds reads and writes.
class Session : public std::enable_shared_from_this<Session> {
public:
    /// @pre the socket's executor is a strand (or an io_context run by one thread); a served
    /// connection has been counted for `peer` in state.addresses (released by the destructor).
    Session(tcp::socket&& socket, ServerState& state, std::uint64_t id, Admission admission,
            std::string peer);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// Starts serving on the session's strand; a rejected session only answers 503.
    void start();

    /// Server shutdown: no more requests; queued responses still go out.
    void shutdown();

private:
    /// A response waiting to be written (or, until `ready`, being computed by a worker), with
    /// what the access log needs. Shared with the worker computing it.
    struct Pending {
        HttpResponse response;  ///< body empty for HEAD (content_length keeps the GET's)
        unsigned version = 11;
        bool keep_alive = true;
        bool is_head = false;
        bool ready = true;      ///< false while a worker computes the response
        bool streamed = false;  ///< the body comes from response.stream (chunked or until close)
        bool stream_done = false;
        std::size_t content_length = 0;
        std::size_t body_bytes = 0;  ///< body bytes sent
        std::string head;            ///< status line and headers, built when the write starts
        std::string frame;           ///< a streamed body's current piece, framed
        std::string request_id;
        std::string method;
        std::string target;
        std::string client;  ///< client address, counted in state.addresses while expensive
        bool counted_expensive = false;
        std::shared_ptr<RequestControl> control;  ///< set for work in a pool
        MemoryCharge charge;  ///< the body's bytes, against config.response_memory_bytes
        Clock::time_point start;
    };
    using PendingPtr = std::shared_ptr<Pending>;

    // reading
    void do_read();
    void on_first_bytes(boost::beast::error_code ec, std::size_t bytes);
    void start_header();
    void check_header();
    void on_header_bytes(boost::beast::error_code ec, std::size_t bytes);
    void do_read_request();
    void on_read_header(boost::beast::error_code ec, std::size_t bytes);
    void on_continue_written(boost::beast::error_code ec, std::size_t bytes);
    void do_read_message();
    void on_read_message(boost::beast::error_code ec, std::size_t bytes);
    void reject_request(const boost::beast::error_code& ec, Clock::time_point start);
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    int status_for_parse_error(const boost::beast::error_code& ec) const;

    // handling (http_session_work.cpp)
    void handle_request(boost::beast::http::request<boost::beast::http::string_body>&& in,
                        Clock::time_point start);
    std::optional<HttpResponse> refuse_work(CostClass cost, const std::string& client);
    void start_work(const PendingPtr& slot, HttpRequest&& req, CostClass cost);
    void on_work_done(const PendingPtr& slot, HttpResponse&& out);
    void cancel_work();
    void fill_pending(Pending& p, HttpResponse&& out) const;
    PendingPtr error_response(const char* route, int status, std::string_view error,
                              std::string_view detail, unsigned version, Clock::time_point start);

    // writing
    void enqueue(PendingPtr pending);
    void write_front_if_ready();
    void do_write();
    bool next_frame(Pending& p);
    void on_write(boost::beast::error_code ec, std::size_t bytes);
    void on_response_written(boost::beast::error_code ec);
    void record(const Pending& p, const boost::beast::error_code& ec, std::size_t bytes);

    // deadline and closing
    void set_deadline(Clock::duration timeout);
    void sync_timer();
    void arm_timer();
    void on_timer(boost::beast::error_code ec, std::uint64_t generation);
    void finish_after_writes();
    void do_linger();
    void on_linger(boost::beast::error_code ec, std::size_t bytes);
    void close_now();

    ServerState& m_state;
    tcp::socket m_socket;
    /// Fires at m_deadline at the latest before any wait. Moving the deadline later costs no timer
    /// operation (the handler re-arms when it fires early), and a deadline set for a wait that
    /// never happens (a request complete in the first read) arms nothing: no timer work on the
    /// per-request path of a keep-alive connection.
    boost::asio::steady_timer m_timer;
    Clock::time_point m_deadline = Clock::time_point::max();
    Clock::time_point m_timer_expiry = Clock::time_point::max();  ///< while m_timer_armed
    std::uint64_t m_timer_generation = 0;                         ///< identifies the current wait
    boost::beast::flat_buffer m_buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> m_parser;
    std::deque<PendingPtr> m_queue;  ///< front is being written
    DateCache m_dates;
    std::array<char, 4096> m_drain{};
    std::size_t m_drained = 0;
    std::size_t m_message_bytes = 0;  ///< consumed by the parser for the current request
    std::size_t m_sent_bytes = 0;     ///< of the response being written
    std::string m_peer;
    std::uint64_t m_id;
    const Admission m_admission;
    const bool m_rejected;  ///< over a connection cap: answers 503 and closes
    /// open → closing (read no more requests; queued responses still go out) → closed.
    enum class Phase { open, closing, closed };
    Phase m_phase = Phase::open;
    /// Read no more requests (a closed connection stays closed).
    void stop_reading() {
        if (m_phase == Phase::open) m_phase = Phase::closing;
    }
    // Operations in flight and what has happened so far; independent of each other.
    bool m_timer_armed = false;
    bool m_timed_out = false;  ///< the deadline passed and closed the socket
    bool m_reading = false;
    bool m_writing = false;
    bool m_served_any = false;
};

}  // namespace detail
}  // namespace sna::server
