// The only translation unit that includes Beast (STYLE.md §5). The session follows Beast's
// example/advanced/server: one strand per connection, a bounded queue of responses kept alive
// until async_write completes (Boost 1.74 has no message_generator), timeouts on the stream.
#include "server/http_server.hpp"

#include "geo/core/errors.hpp"
#include "server/metrics.hpp"
#include "server/server_config.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace sna::server {

namespace detail {

using Clock = std::chrono::steady_clock;

/// How long stop() waits for queued responses before dropping connections.
constexpr auto shutdown_grace = std::chrono::seconds(5);
/// After a final response, unread request bytes are drained for at most this long (and
/// linger_max_bytes) before closing, so the close does not reset the connection and destroy
/// the response in the client's receive buffer.
constexpr auto linger_time = std::chrono::seconds(2);
constexpr std::size_t linger_max_bytes = 1 << 20;
/// Pause before accepting again after an accept error such as EMFILE, instead of spinning.
constexpr auto accept_retry_delay = std::chrono::milliseconds(50);

// ---------------------------------------------------------------------------------------------
// Formatting helpers

constexpr std::array<const char*, 7> day_names = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::tm utc_now(std::chrono::system_clock::time_point now) {
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

/// IMF-fixdate (RFC 7231 §7.1.1.1), independent of the C locale.
std::string http_date(std::chrono::system_clock::time_point now) {
    const std::tm tm = utc_now(now);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                  day_names[static_cast<std::size_t>(tm.tm_wday) % 7], tm.tm_mday,
                  month_names[static_cast<std::size_t>(tm.tm_mon) % 12], tm.tm_year + 1900,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
}

std::string log_time(std::chrono::system_clock::time_point now) {
    const std::tm tm = utc_now(now);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms.count()));
    return buffer;
}

/// Client-controlled text in the log: no control characters, quotes or unbounded length, so a
/// request cannot forge or break log lines.
std::string log_safe(std::string_view text, std::size_t max = 512) {
    std::string out;
    for (const char ch : text.substr(0, max)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c >= 0x80) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        } else {
            out += ch;
        }
    }
    if (text.size() > max) out += "...";
    return out.empty() ? "-" : out;
}

std::string json_error_body(std::string_view error, std::string_view detail,
                            std::string_view request_id = {}) {
    nlohmann::json body{{"error", error}, {"detail", detail}};
    if (!request_id.empty()) body["request_id"] = request_id;
    return body.dump();
}

bool is_token_char(unsigned char c) {
    static constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
    return std::isalnum(c) || specials.find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_valid_header(const std::string& name, const std::string& value) {
    if (name.empty()) return false;
    for (const char c : name) {
        if (!is_token_char(static_cast<unsigned char>(c))) return false;
    }
    for (const char c : value) {
        if (c == '\r' || c == '\n' || c == '\0') return false;
    }
    return true;
}

/// Headers the transport owns; a handler's values for them are ignored.
bool is_transport_header(const std::string& name) {
    for (const char* owned :
         {"Content-Length", "Transfer-Encoding", "Connection", "Date", "Server", "Keep-Alive"}) {
        if (HeaderList::equals(name, owned)) return true;
    }
    return false;
}

bool has_no_body(int status) {
    return status < 200 || status == 204 || status == 304;
}

// ---------------------------------------------------------------------------------------------
// State shared by the acceptor and every session

class Session;

struct ServerState {
    ServerState(const ServerConfig& c, HttpServer::Handler h, Metrics& m, std::ostream& l)
        : config(c), handler(std::move(h)), metrics(m), log(l) {
        std::random_device random;
        id_prefix = random();
    }

    void write_log(const std::string& line) {
        const std::lock_guard<std::mutex> lock(log_mutex);
        log << line << '\n';
        log.flush();
    }

    std::string new_request_id() {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%08x-%llx", id_prefix,
                      static_cast<unsigned long long>(next_request_id.fetch_add(1)));
        return buffer;
    }

    void add_session(std::uint64_t id, const std::shared_ptr<Session>& session) {
        const std::lock_guard<std::mutex> lock(sessions_mutex);
        sessions.emplace(id, session);
    }
    void remove_session(std::uint64_t id) {
        const std::lock_guard<std::mutex> lock(sessions_mutex);
        sessions.erase(id);
    }
    std::vector<std::shared_ptr<Session>> live_sessions() {
        const std::lock_guard<std::mutex> lock(sessions_mutex);
        std::vector<std::shared_ptr<Session>> out;
        for (const auto& [id, weak] : sessions) {
            if (auto session = weak.lock()) out.push_back(std::move(session));
        }
        return out;
    }

    const ServerConfig config;
    const HttpServer::Handler handler;
    Metrics& metrics;
    std::ostream& log;
    std::mutex log_mutex;
    unsigned int id_prefix = 0;
    std::atomic<std::uint64_t> next_request_id{1};
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> active{0};     ///< sessions serving requests
    std::atomic<std::size_t> rejecting{0};  ///< sessions only answering 503
    std::mutex sessions_mutex;
    std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
};

// ---------------------------------------------------------------------------------------------
// One connection

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, ServerState& state, std::uint64_t id, bool rejected)
        : m_state(state),
          m_stream(std::move(socket)),
          // Bounds what Beast buffers while it cannot consume: a header (checked by
          // check_header), a chunk-size line or chunk trailers; beyond it reads fail with
          // buffer_overflow (→ 431).
          m_buffer(2 * state.config.max_header_bytes + 64 * 1024),
          m_id(id),
          m_rejected(rejected) {
        beast::error_code ec;
        const auto remote = m_stream.socket().remote_endpoint(ec);
        m_peer = ec ? "-" : remote.address().to_string();
        (m_rejected ? m_state.rejecting : m_state.active).fetch_add(1);
        if (!m_rejected) {
            m_state.metrics.add_gauge("snamap_http_open_connections", "Connections being served.",
                                      1);
        }
    }

    ~Session() {
        m_state.remove_session(m_id);
        if (!m_rejected) {
            m_state.metrics.add_gauge("snamap_http_open_connections", "Connections being served.",
                                      -1);
        }
        (m_rejected ? m_state.rejecting : m_state.active).fetch_sub(1);
    }

    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// Starts serving on the session's strand; a rejected session only answers 503.
    void start() {
        net::dispatch(m_stream.get_executor(), [self = shared_from_this()] {
            if (self->m_rejected) {
                self->m_closing = true;
                self->enqueue(self->error_response("overloaded", 503, "service unavailable",
                                                   "too many connections; retry later", 11,
                                                   Clock::now()));
            } else {
                self->do_read();
            }
        });
    }

    /// Server shutdown: no more requests; queued responses still go out.
    void shutdown() {
        net::dispatch(m_stream.get_executor(), [self = shared_from_this()] {
            self->m_closing = true;
            if (!self->m_writing) {
                self->close_now();
            } else if (self->m_queue.size() > 1) {
                self->m_queue.back()->res.keep_alive(false);
            }
        });
    }

private:
    /// A response waiting to be written, with what the access log needs.
    struct Pending {
        http::response<http::string_body> res;
        std::string request_id;
        std::string method;
        std::string target;
        std::string route;
        std::size_t body_bytes = 0;
        Clock::time_point start;
    };

    // --- reading ---------------------------------------------------------------------------

    void do_read() {
        if (m_closing || m_closed || m_reading) return;
        if (m_queue.size() >= m_state.config.max_pipelined) return;  // resumed by on_write
        m_reading = true;
        if (m_buffer.size() > 0) {
            start_header();
            return;
        }
        // Wait for the first byte under the idle timeout; the request itself then has to
        // arrive within the read timeout. A fresh connection gets the read timeout throughout.
        const int wait_s =
            m_served_any ? m_state.config.idle_timeout_s : m_state.config.read_timeout_s;
        m_stream.expires_after(std::chrono::seconds(wait_s));
        m_stream.async_read_some(
            m_buffer.prepare(4096),
            beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
    }

    void on_first_bytes(beast::error_code ec, std::size_t bytes) {
        m_reading = false;
        if (m_closed) return;
        if (ec == net::error::eof) {
            finish_after_writes();
            return;
        }
        if (ec) {
            close_now();  // idle timeout, reset, or aborted by shutdown
            return;
        }
        m_buffer.commit(bytes);
        if (m_closing) return;
        m_reading = true;
        start_header();
    }

    void start_header() {
        m_stream.expires_after(std::chrono::seconds(m_state.config.read_timeout_s));
        check_header();
    }

    /// Beast 1.74's parser applies header_limit to each put() separately, so a header that
    /// arrives in small pieces escapes it. We therefore buffer until the blank line ourselves,
    /// bounded by max_header_bytes, and hand Beast the complete header in one put().
    void check_header() {
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
        m_stream.async_read_some(
            m_buffer.prepare(4096),
            beast::bind_front_handler(&Session::on_header_bytes, shared_from_this()));
    }

    void on_header_bytes(beast::error_code ec, std::size_t bytes) {
        if (ec) {
            on_read(ec, 0);
            return;
        }
        m_buffer.commit(bytes);
        if (m_closed) return;
        check_header();
    }

    void do_read_request() {
        m_parser.emplace();
        const auto header_limit = std::min<std::size_t>(m_state.config.max_header_bytes,
                                                        std::numeric_limits<std::uint32_t>::max());
        m_parser->header_limit(static_cast<std::uint32_t>(header_limit));
        m_parser->body_limit(static_cast<std::uint64_t>(m_state.config.max_body_bytes));
        // The body gets its own read timeout.
        m_stream.expires_after(std::chrono::seconds(m_state.config.read_timeout_s));
        m_message_bytes = 0;
        http::async_read_header(
            m_stream, m_buffer, *m_parser,
            beast::bind_front_handler(&Session::on_read_header, shared_from_this()));
    }

    /// RFC 7231 §5.1.1: a client that sent "Expect: 100-continue" waits for 100 before the
    /// body (curl waits a second). Sent only when no earlier response is still queued, since
    /// it must not overtake them; otherwise the client's own timeout sends the body.
    void on_read_header(beast::error_code ec, std::size_t bytes) {
        m_message_bytes += bytes;
        if (ec || m_closed || m_parser->is_done()) {
            on_read(ec, m_message_bytes);
            return;
        }
        const auto& header = m_parser->get();
        if (header.version() == 11 && m_queue.empty() && !m_writing &&
            beast::iequals(header[http::field::expect], "100-continue")) {
            static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
            m_writing = true;
            m_stream.expires_after(std::chrono::seconds(m_state.config.read_timeout_s));
            net::async_write(
                m_stream, net::buffer(continue_line.data(), continue_line.size()),
                beast::bind_front_handler(&Session::on_continue_written, shared_from_this()));
            return;
        }
        do_read_message();
    }

    void on_continue_written(beast::error_code ec, std::size_t /*bytes*/) {
        m_writing = false;
        if (ec || m_closed) {
            close_now();
            return;
        }
        do_read_message();
    }

    void do_read_message() {
        http::async_read_some(
            m_stream, m_buffer, *m_parser,
            beast::bind_front_handler(&Session::on_read_message, shared_from_this()));
    }

    /// Bounds the bytes of one message, framing included: chunk trailers are fields that Beast
    /// stores, and like the header they escape header_limit when they arrive in pieces.
    void on_read_message(beast::error_code ec, std::size_t bytes) {
        m_message_bytes += bytes;
        const std::size_t cap =
            2 * m_state.config.max_header_bytes + 2 * m_state.config.max_body_bytes + 64 * 1024;
        if (!ec && !m_closed && m_message_bytes > cap) {
            m_reading = false;
            reject_request(http::error::body_limit, Clock::now());
            return;
        }
        if (ec || m_closed || m_parser->is_done()) {
            on_read(ec, m_message_bytes);
            return;
        }
        do_read_message();
    }

    /// Answers a request we could not parse with 4xx and closes; 0 → just close.
    void reject_request(const beast::error_code& ec, Clock::time_point start) {
        const int status = status_for_parse_error(ec);
        if (status == 0) {
            close_now();  // reset, partial message at EOF, aborted
            return;
        }
        m_closing = true;
        enqueue(error_response("bad_request", status, reason_for(status),
                               "malformed or oversized request: " + ec.message(), 11, start));
    }

    void on_read(beast::error_code ec, std::size_t /*bytes*/) {
        m_reading = false;
        if (m_closed) return;
        const auto start = Clock::now();
        if (ec == http::error::end_of_stream) {
            finish_after_writes();
            return;
        }
        if (ec == beast::error::timeout) {
            // The stream has closed the socket; there is no way left to send a 408.
            m_state.metrics.add_counter("snamap_http_read_timeouts_total",
                                        "Connections closed because a request arrived too slowly.");
            close_now();
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
    int status_for_parse_error(const beast::error_code& ec) const {
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

    static const char* reason_for(int status) {
        switch (status) {
            case 413:
                return "payload too large";
            case 414:
                return "URI too long";
            case 431:
                return "request header fields too large";
            default:
                return "bad request";
        }
    }

    // --- handling --------------------------------------------------------------------------

    void handle_request(http::request<http::string_body>&& in, Clock::time_point start) {
        HttpRequest req;
        req.method = std::string(in.method_string());
        req.target = origin_form(in.target());
        for (const auto& field : in) {
            req.headers.add(std::string(field.name_string()), std::string(field.value()));
        }
        req.body = std::move(in.body());
        const bool keep_alive = in.keep_alive() && !m_closing && !m_state.stopping.load();
        const unsigned version = in.version();

        if (req.target.empty() || (version == 11 && in.find(http::field::host) == in.end())) {
            m_closing = true;
            enqueue(error_response("bad_request", 400, "bad request",
                                   req.target.empty() ? "the target must be a path"
                                                      : "HTTP/1.1 requests need a Host header",
                                   version, start));
            return;
        }

        const bool is_head = req.method == "HEAD";
        auto pending = std::make_unique<Pending>();
        pending->request_id = m_state.new_request_id();
        pending->method = req.method;
        pending->target = req.target;
        pending->start = start;

        HttpResponse out = call_handler(std::move(req), is_head, pending->request_id);
        pending->route = out.route;
        fill_response(*pending, std::move(out), version, is_head);
        pending->res.keep_alive(keep_alive);
        if (!keep_alive) m_closing = true;
        enqueue(std::move(pending));
    }

    /// Accepts absolute-form targets (RFC 7230 §5.3.2) by dropping scheme and authority; any
    /// other target not starting with '/' ("*", garbage) yields "".
    static std::string origin_form(std::string_view target) {
        if (!target.empty() && target[0] == '/') return std::string(target);
        for (const std::string_view scheme : {"http://", "https://"}) {
            if (target.substr(0, scheme.size()) == scheme) {
                const std::size_t slash = target.find('/', scheme.size());
                return slash == std::string_view::npos ? "/" : std::string(target.substr(slash));
            }
        }
        return {};
    }

    HttpResponse call_handler(HttpRequest req, bool is_head, const std::string& request_id) {
        if (is_head) req.method = "GET";
        try {
            HttpResponse out = m_state.handler(req);
            if (out.status < 100 || out.status > 599) {
                throw std::logic_error("handler returned status " + std::to_string(out.status));
            }
            for (const auto& [name, value] : out.headers.items()) {
                if (!is_valid_header(name, value)) {
                    throw std::logic_error("handler returned an invalid header '" +
                                           log_safe(name, 64) + "'");
                }
            }
            if (has_no_body(out.status)) out.body.clear();
            return out;
        } catch (const std::exception& e) {
            m_state.write_log(log_time(std::chrono::system_clock::now()) + " " + request_id +
                              " error: handler failed: " + log_safe(e.what(), 2000));
        } catch (...) {
            m_state.write_log(log_time(std::chrono::system_clock::now()) + " " + request_id +
                              " error: handler threw a non-standard exception");
        }
        m_state.metrics.add_counter("snamap_http_handler_errors_total",
                                    "Requests whose handler threw an exception.");
        HttpResponse failed;
        failed.status = 500;
        failed.route = "handler_error";
        failed.headers.set("Content-Type", "application/json");
        failed.headers.set("Cache-Control", "no-store");
        failed.body = json_error_body("internal server error",
                                      "the error has been logged with this request id", request_id);
        return failed;
    }

    /// Beast response from the handler's: transport headers, and for HEAD the GET's
    /// Content-Length without the body.
    static void fill_response(Pending& p, HttpResponse&& out, unsigned version, bool is_head) {
        auto& res = p.res;
        res.version(version);
        res.result(static_cast<unsigned>(out.status));
        for (auto& [name, value] : out.headers.items()) {
            if (!is_transport_header(name)) res.insert(name, value);
        }
        res.set(http::field::server, "snamap");
        res.set(http::field::date, http_date(std::chrono::system_clock::now()));
        if (!has_no_body(out.status)) res.content_length(out.body.size());
        if (!is_head) {
            p.body_bytes = out.body.size();
            res.body() = std::move(out.body);
        }
    }

    std::unique_ptr<Pending> error_response(const char* route, int status, std::string_view error,
                                            std::string_view detail, unsigned version,
                                            Clock::time_point start) {
        auto p = std::make_unique<Pending>();
        p->request_id = m_state.new_request_id();
        p->method = "-";
        p->target = "-";
        p->route = route;
        p->start = start;
        HttpResponse out;
        out.status = status;
        out.headers.set("Content-Type", "application/json");
        out.headers.set("Cache-Control", "no-store");
        if (status == 503) out.headers.set("Retry-After", "1");
        out.body = json_error_body(error, detail);
        fill_response(*p, std::move(out), version == 10 ? 10 : 11, false);
        p->res.keep_alive(false);
        return p;
    }

    // --- writing ---------------------------------------------------------------------------

    void enqueue(std::unique_ptr<Pending> pending) {
        m_queue.push_back(std::move(pending));
        if (!m_writing) do_write();
    }

    void do_write() {
        m_writing = true;
        m_stream.expires_after(std::chrono::seconds(m_state.config.idle_timeout_s));
        http::async_write(m_stream, m_queue.front()->res,
                          beast::bind_front_handler(&Session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t bytes) {
        m_writing = false;
        std::unique_ptr<Pending> done = std::move(m_queue.front());
        m_queue.pop_front();
        record(*done, ec, bytes);
        if (ec || m_closed) {
            close_now();
            return;
        }
        if (!done->res.keep_alive()) {
            m_queue.clear();
            do_linger();
            return;
        }
        if (!m_queue.empty()) {
            do_write();
        } else if (m_closing) {
            finish_after_writes();
        } else {
            do_read();  // no-op when a read is already pending
        }
    }

    void record(const Pending& p, const beast::error_code& ec, std::size_t bytes) {
        const double seconds = std::chrono::duration<double>(Clock::now() - p.start).count();
        const int status = static_cast<int>(p.res.result_int());
        m_state.metrics.record_request(p.route, status, seconds);
        if (!m_state.config.access_log) return;
        std::ostringstream line;
        line
            << log_time(std::chrono::system_clock::now()) << ' ' << p.request_id << ' ' << m_peer
            << " \"" << log_safe(p.method, 32) << ' ' << log_safe(p.target) << "\" " << status
            << ' ' << p.body_bytes << ' '
            << std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - p.start).count()
            << "us route=" << log_safe(p.route, 64);
        if (ec) line << " write_error=\"" << log_safe(ec.message(), 80) << "\" sent=" << bytes;
        m_state.write_log(line.str());
    }

    // --- closing ---------------------------------------------------------------------------

    /// The peer finished sending (or we stop): close once queued responses are out.
    void finish_after_writes() {
        m_closing = true;
        if (m_writing) return;  // on_write comes back here
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        close_now();
    }

    /// After a final response: send FIN, then drain what the client still sends for a moment.
    void do_linger() {
        m_closing = true;
        if (m_reading) {
            close_now();  // a read is pending; nothing to drain into
            return;
        }
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        if (m_state.stopping) {
            close_now();  // shutting down: do not hold run() for the drain
            return;
        }
        m_stream.expires_after(linger_time);  // one deadline for the whole drain
        m_reading = true;
        m_stream.async_read_some(
            net::buffer(m_drain),
            beast::bind_front_handler(&Session::on_linger, shared_from_this()));
    }

    void on_linger(beast::error_code ec, std::size_t bytes) {
        m_reading = false;
        m_drained += bytes;
        if (ec || m_closed || m_drained > linger_max_bytes) {
            close_now();
            return;
        }
        m_reading = true;
        m_stream.async_read_some(
            net::buffer(m_drain),
            beast::bind_front_handler(&Session::on_linger, shared_from_this()));
    }

    void close_now() {
        if (m_closed) return;
        m_closed = true;
        m_closing = true;
        m_stream.close();  // pending operations complete with operation_aborted
    }

    ServerState& m_state;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::deque<std::unique_ptr<Pending>> m_queue;  ///< front is being written
    std::array<char, 4096> m_drain{};
    std::size_t m_drained = 0;
    std::size_t m_message_bytes = 0;  ///< consumed by the parser for the current request
    std::string m_peer;
    std::uint64_t m_id;
    bool m_rejected;
    bool m_reading = false;
    bool m_writing = false;
    bool m_closing = false;  ///< read no more requests
    bool m_closed = false;
    bool m_served_any = false;
};

}  // namespace detail

// -------------------------------------------------------------------------------------------------
// Acceptor and lifecycle

struct HttpServer::Impl {
    Impl(const ServerConfig& config, Handler handler, Metrics& metrics, std::ostream& log)
        : state(config, std::move(handler), metrics, log),
          ioc(config.threads),
          control(net::make_strand(ioc)),
          acceptor(control),
          retry_timer(control),
          shutdown_timer(control) {
        listen();
    }

    void listen() {
        const ServerConfig& config = state.config;
        const std::string where = config.host + ":" + std::to_string(config.port);
        beast::error_code ec;
        tcp::resolver resolver(ioc);
        const auto endpoints =
            resolver.resolve(config.host, std::to_string(config.port),
                             tcp::resolver::passive | tcp::resolver::numeric_service, ec);
        if (ec || endpoints.empty()) {
            throw geo::Error("cannot resolve listen address " + where + ": " + ec.message());
        }
        const tcp::endpoint endpoint = endpoints.begin()->endpoint();
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (ec) throw geo::Error("cannot listen on " + where + ": " + ec.message());
        bound_port = acceptor.local_endpoint().port();
    }

    void do_accept() {
        if (state.stopping || !acceptor.is_open()) return;
        acceptor.async_accept(net::make_strand(ioc),
                              beast::bind_front_handler(&Impl::on_accept, this));
    }

    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (state.stopping) return;
        if (ec) {
            if (ec == net::error::operation_aborted) return;
            state.write_log(detail::log_time(std::chrono::system_clock::now()) +
                            " error: accept failed: " + ec.message());
            retry_timer.expires_after(detail::accept_retry_delay);
            retry_timer.async_wait([this](beast::error_code wait_ec) {
                if (!wait_ec) do_accept();
            });
            return;
        }
        const bool over = state.active.load() >= state.config.max_connections;
        if (over) {
            state.metrics.add_counter("snamap_http_connections_rejected_total",
                                      "Connections refused with 503 over max_connections.");
        }
        if (over && state.rejecting.load() >= state.config.max_connections) {
            beast::error_code ignored;
            socket.close(ignored);  // even the 503 budget is used up
        } else {
            const std::uint64_t id = next_session_id++;
            auto session = std::make_shared<detail::Session>(std::move(socket), state, id, over);
            state.add_session(id, session);
            session->start();
        }
        do_accept();
    }

    /// On the control strand: close the door, ask every session to finish, wait (bounded).
    void do_stop() {
        if (state.stopping.exchange(true)) return;
        beast::error_code ignored;
        acceptor.close(ignored);
        retry_timer.cancel();
        if (signals) signals->cancel();
        for (const auto& session : state.live_sessions()) session->shutdown();
        shutdown_deadline = detail::Clock::now() + detail::shutdown_grace;
        poll_shutdown();
    }

    void poll_shutdown() {
        const std::size_t left = state.active.load() + state.rejecting.load();
        if (left == 0) return;  // nothing holds the io_context any more: run() returns
        if (detail::Clock::now() >= shutdown_deadline) {
            state.write_log(detail::log_time(std::chrono::system_clock::now()) +
                            " shutdown: dropping " + std::to_string(left) +
                            " connection(s) after the grace period");
            ioc.stop();
            return;
        }
        shutdown_timer.expires_after(std::chrono::milliseconds(20));
        shutdown_timer.async_wait([this](beast::error_code ec) {
            if (!ec) poll_shutdown();
        });
    }

    void run_worker() {
        for (;;) {
            try {
                ioc.run();
                return;
            } catch (const std::exception& e) {
                // One connection's bug must not end the server; its session is gone with the
                // unwound handler.
                state.write_log(detail::log_time(std::chrono::system_clock::now()) +
                                " error: unexpected exception on an io thread: " + e.what());
            }
        }
    }

    // Declaration order is destruction order reversed: the io_context (and with it every pending
    // session) goes before `state`, which sessions use in their destructors.
    detail::ServerState state;
    unsigned short bound_port = 0;
    std::uint64_t next_session_id = 1;
    detail::Clock::time_point shutdown_deadline;
    bool ran = false;
    net::io_context ioc;
    net::strand<net::io_context::executor_type> control;
    tcp::acceptor acceptor;
    net::steady_timer retry_timer;
    net::steady_timer shutdown_timer;
    std::optional<net::signal_set> signals;
};

HttpServer::HttpServer(const ServerConfig& config, Handler handler, Metrics& metrics,
                       std::ostream& log)
    : m_impl(std::make_unique<Impl>(config, std::move(handler), metrics, log)) {}

HttpServer::~HttpServer() = default;

unsigned short HttpServer::port() const {
    return m_impl->bound_port;
}

void HttpServer::run() {
    Impl& impl = *m_impl;
    if (impl.ran) throw std::logic_error("HttpServer::run() called twice");
    impl.ran = true;
    impl.signals.emplace(impl.control, SIGINT, SIGTERM);
    impl.signals->async_wait([&impl](beast::error_code ec, int signal_number) {
        if (ec) return;
        impl.state.write_log(detail::log_time(std::chrono::system_clock::now()) + " signal " +
                             std::to_string(signal_number) + ": shutting down");
        impl.do_stop();
    });
    net::dispatch(impl.control, [&impl] { impl.do_accept(); });

    std::vector<std::thread> threads;
    for (int i = 1; i < impl.state.config.threads; ++i) {
        threads.emplace_back([&impl] { impl.run_worker(); });
    }
    impl.run_worker();
    for (auto& thread : threads) thread.join();
    impl.signals.reset();
}

void HttpServer::stop() {
    Impl& impl = *m_impl;
    net::post(impl.control, [&impl] { impl.do_stop(); });
}

}  // namespace sna::server
