#include "server/http/server_state.hpp"

#include "server/http/http_wire.hpp"
#include "server/http/metrics.hpp"

#include <random>
#include <stdexcept>
#include <utility>

namespace sna::server::detail {

namespace {

/// Access-log bytes buffered before they are written without waiting for the periodic flush.
constexpr std::size_t log_buffer_bytes = 32 * 1024;

/// The work stopped (deadline passed or client gone): 503, which only a client still there sees.
HttpResponse abandoned_response(const std::string& why) {
    HttpResponse out;
    out.status = 503;
    out.route = "abandoned";
    out.headers.set("Content-Type", "application/json");
    out.headers.set("Cache-Control", "no-store");
    out.headers.set("Retry-After", "2");
    out.body = json_error_body("service unavailable", "the work was abandoned: " + why);
    return out;
}

}  // namespace

ServerState::ServerState(const ServerConfig& c, HttpServer::Handler h, HttpServer::Classifier k,
                         Metrics& m, std::ostream& l)
    : config(c),
      handler(std::move(h)),
      classifier(std::move(k)),
      metrics(m),
      log(l),
      pools({c.analysis_workers, c.analysis_queue}, {c.heavy_workers, c.heavy_queue}) {
    std::random_device random;
    id_prefix = random();
}

void ServerState::write_log(const std::string& line) {
    const std::lock_guard<std::mutex> lock(log_mutex);
    log << log_buffer << line << '\n';
    log_buffer.clear();
    log.flush();
}

void ServerState::write_access_log(const std::string& line) {
    const std::lock_guard<std::mutex> lock(log_mutex);
    log_buffer.append(line).push_back('\n');
    if (log_buffer.size() >= log_buffer_bytes) {
        log << log_buffer;
        log_buffer.clear();
        log.flush();
    }
}

void ServerState::flush_log() {
    const std::lock_guard<std::mutex> lock(log_mutex);
    log << log_buffer;
    log_buffer.clear();
    log.flush();
}

std::string ServerState::new_request_id() {
    return request_id(id_prefix, next_request_id.fetch_add(1));
}

void ServerState::add_session(std::uint64_t id, const std::shared_ptr<Session>& session) {
    const std::lock_guard<std::mutex> lock(sessions_mutex);
    sessions.emplace(id, session);
}

void ServerState::remove_session(std::uint64_t id) {
    const std::lock_guard<std::mutex> lock(sessions_mutex);
    sessions.erase(id);
}

std::vector<std::shared_ptr<Session>> ServerState::live_sessions() {
    const std::lock_guard<std::mutex> lock(sessions_mutex);
    std::vector<std::shared_ptr<Session>> out;
    for (const auto& [id, weak] : sessions) {
        if (auto session = weak.lock()) out.push_back(std::move(session));
    }
    return out;
}

CostClass ServerState::cost_of(HttpRequest& req) const {
    if (!classifier) return CostClass::cheap;
    try {
        return classifier(req);
    } catch (const std::exception&) {
        return CostClass::cheap;  // the handler will answer the bad request, quickly
    }
}

Clock::time_point ServerState::deadline_of(CostClass cost, Clock::time_point start) const {
    const int seconds =
        cost == CostClass::heavy ? config.heavy_timeout_s : config.analysis_timeout_s;
    return start + std::chrono::seconds(seconds);
}

bool AddressLoads::open_connection(const std::string& address, std::size_t cap) {
    return take(address, cap, &Load::connections);
}

void AddressLoads::close_connection(const std::string& address) {
    give_back(address, &Load::connections);
}

bool AddressLoads::begin_expensive(const std::string& address, std::size_t cap) {
    return take(address, cap, &Load::expensive);
}

void AddressLoads::end_expensive(const std::string& address) {
    give_back(address, &Load::expensive);
}

bool AddressLoads::take(const std::string& address, std::size_t cap, std::size_t Load::*counter) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_loads.try_emplace(address).first;
    if (it->second.*counter >= cap) {
        forget_if_idle(it);
        return false;
    }
    ++(it->second.*counter);
    return true;
}

void AddressLoads::give_back(const std::string& address, std::size_t Load::*counter) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_loads.find(address);
    if (it == m_loads.end() || it->second.*counter == 0) return;
    --(it->second.*counter);
    forget_if_idle(it);
}

void AddressLoads::forget_if_idle(std::unordered_map<std::string, Load>::iterator it) {
    if (it != m_loads.end() && it->second.connections == 0 && it->second.expensive == 0)
        m_loads.erase(it);
}

HttpResponse ServerState::call_handler(HttpRequest req, bool is_head,
                                       const std::string& request_id) {
    if (is_head) req.method = "GET";
    try {
        HttpResponse out = handler(req);
        if (out.status < 100 || out.status > 599) {
            throw std::logic_error("handler returned status " + std::to_string(out.status));
        }
        for (const auto& [name, value] : out.headers.items()) {
            if (!is_valid_header(name, value)) {
                throw std::logic_error("handler returned an invalid header '" + log_safe(name, 64) +
                                       "'");
            }
        }
        if (has_no_body(out.status)) out.clear_body();
        return out;
    } catch (const RequestAbandoned& e) {
        return abandoned_response(e.what());
    } catch (const std::exception& e) {
        write_log(log_time(std::chrono::system_clock::now()) + " " + request_id +
                  " error: handler failed: " + log_safe(e.what(), 2000));
    } catch (...) {
        write_log(log_time(std::chrono::system_clock::now()) + " " + request_id +
                  " error: handler threw a non-standard exception");
    }
    metrics.add_counter("snamap_http_handler_errors_total",
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

}  // namespace sna::server::detail
