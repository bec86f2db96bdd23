// The listener: accepts connections within the connection limits, hands each to a Session
// (http_session.cpp), and stops on SIGINT/SIGTERM or stop() after a grace period. With
// http_session.cpp, the only translation units that include Beast (docs/style.md §5).
#include "server/http/http_server.hpp"

#include "geo/core/errors.hpp"
#include "server/config/server_config.hpp"
#include "server/http/http_session.hpp"
#include "server/http/metrics.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>

#include <chrono>
#include <csignal>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace sna::server {

namespace detail {

/// How long stop() waits for queued responses before dropping connections.
constexpr auto shutdown_grace = std::chrono::seconds(5);
/// Pause before accepting again after an accept error such as EMFILE, instead of spinning.
constexpr auto accept_retry_delay = std::chrono::milliseconds(50);
/// Buffered access-log lines are written at least this often.
constexpr auto log_flush_interval = std::chrono::seconds(1);

}  // namespace detail

// -------------------------------------------------------------------------------------------------
// Acceptor and lifecycle

struct HttpServer::Impl {
    Impl(const ServerConfig& config, Handler handler, Classifier classify, Metrics& metrics,
         std::ostream& log)
        : state(config, std::move(handler), std::move(classify), metrics, log),
          ioc(config.threads),
          control(net::make_strand(ioc)),
          acceptor(control),
          retry_timer(control),
          shutdown_timer(control),
          log_timer(control) {
        listen();
    }

    /// Worker threads post their answers to sessions on `ioc`: they stop before it goes.
    ~Impl() { state.pools.stop(); }

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
        beast::error_code peer_ec;
        const auto remote = socket.remote_endpoint(peer_ec);
        std::string peer = peer_ec ? "-" : remote.address().to_string();
        const auto admission = admit(peer);
        if (admission != detail::Admission::served &&
            state.rejecting.load() >= state.config.max_connections) {
            beast::error_code ignored;
            socket.close(ignored);  // even the 503 budget is used up
        } else {
            const std::uint64_t id = next_session_id++;
            auto session = std::make_shared<detail::Session>(std::move(socket), state, id,
                                                             admission, std::move(peer));
            state.add_session(id, session);
            session->start();
        }
        do_accept();
    }

    /// Whether a new connection from `peer` is served or only told 503: the total cap, then the
    /// per-address cap (not for the trusted proxy). A served connection is counted for `peer`.
    detail::Admission admit(const std::string& peer) {
        if (state.active.load() >= state.config.max_connections) {
            state.metrics.add_counter("snamap_http_connections_rejected_total",
                                      "Connections refused with 503 over max_connections.");
            return detail::Admission::over_total;
        }
        if (peer != state.config.trusted_proxy &&
            !state.addresses.open_connection(peer, state.config.max_connections_per_address)) {
            state.metrics.add_counter(
                "snamap_http_address_connections_rejected_total",
                "Connections refused with 503 over max_connections_per_address.");
            return detail::Admission::over_address;
        }
        return detail::Admission::served;
    }

    /// Writes buffered access-log lines every log_flush_interval until stop.
    void schedule_log_flush() {
        if (state.stopping) return;
        log_timer.expires_after(detail::log_flush_interval);
        log_timer.async_wait([this](beast::error_code ec) {
            if (ec) return;
            state.flush_log();
            schedule_log_flush();
        });
    }

    /// On the control strand: close the door, ask every session to finish, wait (bounded).
    void do_stop() {
        if (state.stopping.exchange(true)) return;
        beast::error_code ignored;
        acceptor.close(ignored);
        retry_timer.cancel();
        log_timer.cancel();
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
    net::steady_timer log_timer;
    std::optional<net::signal_set> signals;
};

HttpServer::HttpServer(const ServerConfig& config, Handler handler, Metrics& metrics,
                       std::ostream& log, Classifier classify)
    : m_impl(
          std::make_unique<Impl>(config, std::move(handler), std::move(classify), metrics, log)) {}

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
    net::dispatch(impl.control, [&impl] {
        impl.do_accept();
        impl.schedule_log_flush();
    });

    std::vector<std::thread> threads;
    for (int i = 1; i < impl.state.config.threads; ++i) {
        threads.emplace_back([&impl] { impl.run_worker(); });
    }
    impl.run_worker();
    for (auto& thread : threads) thread.join();
    impl.state.pools.stop();
    impl.signals.reset();
    impl.state.flush_log();
}

void HttpServer::stop() {
    Impl& impl = *m_impl;
    net::post(impl.control, [&impl] { impl.do_stop(); });
}

}  // namespace sna::server
