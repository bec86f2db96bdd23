#pragma once
/// The HTTP/1.1 server: accepts connections and calls one handler per request. Beast stays in
/// http_server.cpp and http_session.cpp (pimpl), so including this header costs nothing
/// (docs/style.md §5).

#include "server/http/http_message.hpp"
#include "server/http/work_pools.hpp"

#include <functional>
#include <iosfwd>
#include <memory>

namespace sna::server {

struct ServerConfig;
class Metrics;

/// Keep-alive, bounded pipelining, read/idle timeouts, header/body limits, a connection cap and
/// graceful shutdown, after Beast's example/advanced/server.
///
/// The handler runs on the io threads or, for requests the classifier calls analysis or heavy,
/// on a worker pool, concurrently for different connections (it must be thread-safe). Work in a
/// pool is bounded: beyond its queue, 503 with Retry-After; beyond a client address's share, 429;
/// past its deadline or when the client disconnects, the handler is told (HttpRequest::control)
/// and a late answer is dropped. HEAD requests reach it as GET; the server drops the body and keeps
/// the headers, Content-Length included. A handler exception becomes a 500 JSON body with a request
/// id; the exception text goes only to `log`. Every response gets Date, Server and Content-Length
/// (except 1xx/204/304). One access-log line per request when `config.access_log`, buffered: the
/// lines reach `log` within a second (or once 32 KB are waiting) and at the end of run(); error
/// lines are written at once. A handler may return its body as `shared_body` (e.g. bytes held by
/// a cache): it is written from there, never copied.
class HttpServer {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;
    /// Where a request's handler runs: cheap ones on the I/O thread, analysis and heavy ones in
    /// their bounded worker pools (config *_workers, *_queue, *_timeout_s). Must be fast and
    /// thread-safe; an exception counts as cheap.
    /// May record what it found in `HttpRequest::routing` for the handler.
    using Classifier = std::function<CostClass(HttpRequest&)>;

    /// Binds and listens on config.host:config.port (port 0 → an ephemeral port).
    /// `metrics` and `log` must outlive the server. Without `classify`, every request is cheap.
    /// @throws sna::geo::Error when the address cannot be resolved or bound.
    HttpServer(const ServerConfig& config, Handler handler, Metrics& metrics, std::ostream& log,
               Classifier classify = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// The bound port (useful with port 0).
    unsigned short port() const;

    /// Serves on config.threads threads (this one included) until SIGINT/SIGTERM or stop():
    /// then stops accepting, lets queued responses finish (at most a few seconds), and returns.
    /// Call once.
    void run();

    /// Asks run() to return; safe from any thread, also before run() (which then returns at once).
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace sna::server
