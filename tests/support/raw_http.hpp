#pragma once
// Test support: a minimal HTTP/1.1 client over plain POSIX sockets (so tests stay free of Beast)
// and an HttpServer running on a background thread. Servers bind 127.0.0.1 and are stopped by
// the test.
#include "server/config/server_config.hpp"
#include "server/http/http_server.hpp"
#include "server/http/metrics.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <future>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace sna::test {

using namespace std::chrono_literals;

struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;  ///< lower-case names
    std::string body;
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class Client {
public:
    /// Connects to 127.0.0.1:port, from `source` (another loopback address such as "127.0.0.2",
    /// to act as a second client address) when given.
    explicit Client(unsigned short port, std::chrono::milliseconds timeout = 3000ms,
                    const char* source = nullptr) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (m_fd < 0) throw std::runtime_error("socket() failed");
        if (source) {
            sockaddr_in from{};
            from.sin_family = AF_INET;
            ::inet_pton(AF_INET, source, &from.sin_addr);
            if (::bind(m_fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0) {
                ::close(m_fd);
                throw std::runtime_error("bind() to the source address failed");
            }
        }
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
            ::close(m_fd);
            throw std::runtime_error("connect() failed");
        }
        timeval tv{};
        tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
        tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    ~Client() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    /// Sends everything it can; false when the server closed or stopped reading.
    bool send(const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const ssize_t n = ::send(m_fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }

    /// One response; nullopt when the connection closed or timed out first.
    std::optional<Reply> read_reply(bool head = false) {
        std::size_t end;
        while ((end = m_buffer.find("\r\n\r\n")) == std::string::npos) {
            if (!fill()) return std::nullopt;
        }
        Reply reply;
        std::istringstream lines(m_buffer.substr(0, end));
        std::string line;
        std::getline(lines, line);
        if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) return std::nullopt;
        reply.status = std::stoi(line.substr(9, 3));
        while (std::getline(lines, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const std::size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::size_t start = colon + 1;
            while (start < line.size() && line[start] == ' ') ++start;
            reply.headers[name] = line.substr(start);
        }
        m_buffer.erase(0, end + 4);
        const bool bodiless = head || reply.status == 304 || reply.status == 204;
        if (!bodiless && reply.header("transfer-encoding") == "chunked") {
            if (!read_chunks(reply.body)) return std::nullopt;
            return reply;
        }
        const std::size_t length = bodiless || reply.header("content-length").empty()
                                       ? 0
                                       : std::stoul(reply.header("content-length"));
        while (m_buffer.size() < length) {
            if (!fill()) return std::nullopt;
        }
        reply.body = m_buffer.substr(0, length);
        m_buffer.erase(0, length);
        return reply;
    }

    /// The rest of the stream until the server closes (an HTTP/1.0 body without a length).
    std::string read_to_close() {
        while (fill()) {
        }
        return std::exchange(m_buffer, std::string());
    }

    /// Shrinks the receive buffer (before the server writes), so a large body stalls on this
    /// client instead of landing in the kernel.
    void shrink_receive_buffer() {
        const int bytes = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
    }

    /// True when the server closes the connection (EOF or reset) within the receive timeout;
    /// bytes arriving before that are ignored.
    bool closed_by_server() {
        char scratch[4096];
        for (;;) {
            const ssize_t n = ::recv(m_fd, scratch, sizeof scratch, 0);
            if (n == 0) return true;
            if (n < 0) return errno == ECONNRESET || errno == EPIPE;
        }
    }

    /// A 4xx response, or the connection closed without one.
    bool rejected() {
        if (const auto reply = read_reply()) {
            m_last_status = reply->status;
            return reply->status >= 400 && reply->status < 500;
        }
        m_last_status = 0;
        return m_eof;
    }
    int last_status() const { return m_last_status; }

private:
    /// A chunked body (RFC 9112 §7.1) without extensions or trailers; false when it is cut off.
    bool read_chunks(std::string& body) {
        for (;;) {
            std::size_t eol;
            while ((eol = m_buffer.find("\r\n")) == std::string::npos) {
                if (!fill()) return false;
            }
            const std::size_t size = std::stoul(m_buffer.substr(0, eol), nullptr, 16);
            while (m_buffer.size() < eol + 2 + size + 2) {
                if (!fill()) return false;
            }
            body.append(m_buffer, eol + 2, size);
            m_buffer.erase(0, eol + 2 + size + 2);
            if (size == 0) return true;
        }
    }

    bool fill() {
        char chunk[16384];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            m_buffer.append(chunk, static_cast<std::size_t>(n));
            return true;
        }
        m_eof = n == 0 || errno == ECONNRESET;
        return false;
    }

    int m_fd = -1;
    std::string m_buffer;
    bool m_eof = false;
    int m_last_status = -1;
};

inline std::string get(const std::string& target, const std::string& extra = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
}

/// HttpServer running on a background thread; stopped (and checked to stop) on destruction.
class RunningServer {
public:
    RunningServer(const server::ServerConfig& config, server::HttpServer::Handler handler,
                  server::HttpServer::Classifier classify = {})
        : m_server(config, std::move(handler), m_metrics, m_log, std::move(classify)),
          m_done(std::async(std::launch::async, [this] { m_server.run(); })) {}
    ~RunningServer() { stop(); }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    unsigned short port() const { return m_server.port(); }
    server::HttpServer& server() { return m_server; }
    server::Metrics& metrics() { return m_metrics; }

    /// stop() and wait for run() to return; true when it did within the timeout.
    bool stop(std::chrono::seconds timeout = 8s) {
        if (!m_done.valid()) return true;
        m_server.stop();
        const bool returned = m_done.wait_for(timeout) == std::future_status::ready;
        if (returned) m_done.get();
        return returned;
    }
    /// Waits for run() to return by itself (signal); true when it did.
    bool wait(std::chrono::seconds timeout) {
        if (!m_done.valid()) return true;
        const bool returned = m_done.wait_for(timeout) == std::future_status::ready;
        if (returned) m_done.get();
        return returned;
    }
    /// The access log; only valid after stop().
    std::string log() const { return m_log.str(); }

private:
    server::Metrics m_metrics;
    std::ostringstream m_log;
    server::HttpServer m_server;
    std::future<void> m_done;
};

}  // namespace sna::test
