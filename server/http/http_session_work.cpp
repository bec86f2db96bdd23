// One HTTP/1.1 connection: turning a parsed request into a response, on the I/O thread for cheap
// routes or in a bounded worker pool for analysis and heavy ones (http_session.cpp reads and
// writes; docs/architecture.md, "Scheduling").
#include "server/http/http_session.hpp"

#include "server/http/metrics.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/message.hpp>

#include <utility>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace sna::server::detail {

namespace {

/// Seconds a refused client is asked to wait before retrying.
constexpr const char* retry_after_s = "2";

HttpResponse overload_response(int status, std::string_view detail) {
    HttpResponse out;
    out.status = status;
    out.route = status == 429 ? "too_many_requests" : "overloaded";
    out.headers.set("Content-Type", "application/json");
    out.headers.set("Cache-Control", "no-store");
    out.headers.set("Retry-After", retry_after_s);
    out.body = json_error_body(status == 429 ? "too many requests" : "service unavailable", detail);
    return out;
}

}  // namespace

void Session::handle_request(http::request<http::string_body>&& in, Clock::time_point start) {
    HttpRequest req;
    req.method = std::string(in.method_string());
    req.target = origin_form(in.target());
    req.headers.reserve(16);
    for (const auto& field : in) {
        req.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
    req.body = std::move(in.body());
    const bool keep_alive = in.keep_alive() && m_phase == Phase::open && !m_state.stopping.load();
    const unsigned version = in.version();

    if (req.target.empty() || (version == 11 && in.find(http::field::host) == in.end())) {
        stop_reading();
        enqueue(error_response("bad_request", 400, "bad request",
                               req.target.empty() ? "the target must be a path"
                                                  : "HTTP/1.1 requests need a Host header",
                               version, start));
        return;
    }
    if (const auto problem = request_framing_problem(req.headers, version)) {
        stop_reading();  // the parser may have misjudged the body: nothing after it is trusted
        enqueue(error_response("bad_request", problem->status, short_reason(problem->status),
                               problem->detail, version, start));
        return;
    }

    auto slot = std::make_shared<Pending>();
    slot->request_id = m_state.new_request_id();
    slot->method = req.method;
    slot->target = req.target;
    slot->start = start;
    slot->version = version == 10 ? 10 : 11;
    slot->is_head = req.method == "HEAD";
    slot->keep_alive = keep_alive;
    slot->client = client_address(m_peer, m_state.config.trusted_proxy, req.headers);
    req.peer = m_peer;
    if (!keep_alive) stop_reading();

    const CostClass cost = m_state.cost_of(req);
    if (cost == CostClass::cheap) {
        fill_pending(*slot, m_state.call_handler(std::move(req), slot->is_head, slot->request_id));
    } else if (auto refusal = refuse_work(cost, slot->client)) {
        fill_pending(*slot, std::move(*refusal));
    } else {
        slot->counted_expensive = true;
        start_work(slot, std::move(req), cost);
    }
    enqueue(std::move(slot));
}

/// Why an analysis/heavy request cannot be taken now (429 or 503), or nullopt: the client's own
/// share of the pools, then the memory held for slow readers. Counts the request for `client`
/// when it is taken.
std::optional<HttpResponse> Session::refuse_work(CostClass cost, const std::string& client) {
    const ServerConfig& config = m_state.config;
    if (!m_state.addresses.begin_expensive(client, config.max_expensive_per_address)) {
        m_state.metrics.add_counter("snamap_http_refused_per_address_total",
                                    "Analysis/heavy requests refused with 429 over "
                                    "max_expensive_per_address.");
        return overload_response(429, "too many " + std::string(to_string(cost)) +
                                          " requests from your address at once; retry later");
    }
    if (m_state.over_memory_budget()) {
        m_state.addresses.end_expensive(client);
        m_state.metrics.add_counter("snamap_http_refused_memory_total",
                                    "Analysis/heavy requests refused with 503 while unread "
                                    "responses hold response_memory_bytes.");
        return overload_response(503, "the server is busy sending earlier answers; retry later");
    }
    return std::nullopt;
}

/// Hands the request to its pool; the answer comes back to this session's strand. A full queue
/// is answered 503 at once; a job that starts after its deadline or for a client that has gone
/// does not run the handler.
void Session::start_work(const PendingPtr& slot, HttpRequest&& req, CostClass cost) {
    slot->ready = false;
    slot->control = std::make_shared<RequestControl>(m_state.deadline_of(cost, slot->start));
    req.control = slot->control;
    auto job = [self = shared_from_this(), slot, req = std::move(req)]() mutable {
        HttpResponse out;
        if (slot->control->cancelled()) {
            out.status = 499;  // nginx's "client closed request": never sent, only logged
            out.route = "abandoned";
        } else if (slot->control->past_deadline()) {
            out =
                overload_response(503, "the request waited longer than its deadline; retry later");
        } else {
            out = self->m_state.call_handler(std::move(req), slot->is_head, slot->request_id);
        }
        net::post(self->m_socket.get_executor(), [self, slot, out = std::move(out)]() mutable {
            self->on_work_done(slot, std::move(out));
        });
    };
    if (!m_state.pools.pool(cost).submit(std::move(job))) {
        m_state.metrics.add_counter("snamap_http_refused_queue_full_total",
                                    "Analysis/heavy requests refused with 503: pool queue full.");
        on_work_done(slot, overload_response(503, std::string("too many ") + to_string(cost) +
                                                      " requests queued; retry later"));
    }
}

void Session::on_work_done(const PendingPtr& slot, HttpResponse&& out) {
    if (slot->counted_expensive) {
        m_state.addresses.end_expensive(slot->client);
        slot->counted_expensive = false;
    }
    if (slot->ready) return;  // already answered
    fill_pending(*slot, std::move(out));
    slot->ready = true;
    write_front_if_ready();
}

/// The client has gone (or the connection ends): work still computing for it is abandoned.
void Session::cancel_work() {
    for (const auto& slot : m_queue) {
        if (!slot->ready && slot->control) slot->control->cancel();
    }
}

/// For HEAD, the GET's Content-Length without the body; the body's bytes are charged against
/// the response memory budget until the response is written.
void Session::fill_pending(Pending& p, HttpResponse&& out) const {
    p.streamed = static_cast<bool>(out.stream) && out.body.empty() && !out.shared_body;
    p.content_length = out.body_size();
    if (p.is_head) out.clear_body();
    if (p.streamed && p.version == 10) p.keep_alive = false;  // the close ends the body
    p.body_bytes = out.body_size();
    if (!out.shared_body) p.charge = MemoryCharge(m_state.held_bytes, out.body.size());
    p.response = std::move(out);
}

Session::PendingPtr Session::error_response(const char* route, int status, std::string_view error,
                                            std::string_view detail, unsigned version,
                                            Clock::time_point start) {
    auto p = std::make_shared<Pending>();
    p->request_id = m_state.new_request_id();
    p->method = "-";
    p->target = "-";
    p->start = start;
    p->version = version == 10 ? 10 : 11;
    HttpResponse out;
    out.status = status;
    out.route = route;
    out.headers.set("Content-Type", "application/json");
    out.headers.set("Cache-Control", "no-store");
    if (status == 503) out.headers.set("Retry-After", "1");
    out.body = json_error_body(error, detail);
    fill_pending(*p, std::move(out));
    p->keep_alive = false;
    return p;
}

}  // namespace sna::server::detail
