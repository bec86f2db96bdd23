// The transport's bounds over real sockets (issue: hardening): analysis and heavy work in bounded
// pools off the I/O threads, 503/429 with Retry-After beyond them, deadlines, abandoning work for
// clients that left, per-address caps, the response memory budget, and streamed bodies.
// No assertion on wall time: ordering is forced with gates the test opens itself.
#include "server/config/server_config.hpp"
#include "server/http/http_server.hpp"
#include "tests/support/raw_http.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

using namespace sna::server;
using namespace std::chrono_literals;
using sna::test::Client;
using sna::test::get;
using sna::test::RunningServer;

namespace {

/// A door the test opens: handlers wait at it (at most `limit`), so the test decides when work
/// ends without sleeping for a guessed time.
class Gate {
public:
    void open() {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_open = true;
        }
        m_changed.notify_all();
    }
    /// Waits until open(); false when `limit` passed first.
    bool wait(std::chrono::milliseconds limit = 10000ms) {
        std::unique_lock<std::mutex> lock(m_mutex);
        ++m_waiting;
        m_changed.notify_all();
        return m_changed.wait_for(lock, limit, [this] { return m_open; });
    }
    /// Waits until `count` handlers are at the gate; false after `limit`.
    bool wait_for_waiters(int count, std::chrono::milliseconds limit = 5000ms) {
        std::unique_lock<std::mutex> lock(m_mutex);
        return m_changed.wait_for(lock, limit, [&] { return m_waiting >= count; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_open = false;
    int m_waiting = 0;
};

ServerConfig pool_config() {
    ServerConfig config;
    config.host = "127.0.0.1";
    config.port = 0;
    config.threads = 1;  // one I/O thread: anything blocking it would block every client
    config.read_timeout_s = 5;
    config.idle_timeout_s = 10;
    config.heavy_workers = 1;
    config.heavy_queue = 1;
    config.analysis_workers = 1;
    config.analysis_queue = 4;
    config.max_expensive_per_address = 8;
    return config;
}

/// /heavy/… and /analysis/… are expensive; everything else is cheap.
CostClass classify(const HttpRequest& req) {
    if (req.target.rfind("/heavy", 0) == 0) return CostClass::heavy;
    if (req.target.rfind("/analysis", 0) == 0) return CostClass::analysis;
    return CostClass::cheap;
}

HttpResponse text(std::string body, int status = 200) {
    HttpResponse out;
    out.status = status;
    out.headers.set("Content-Type", "text/plain");
    out.body = std::move(body);
    return out;
}

}  // namespace

TEST_CASE("Scheduling: heavy work runs off the I/O thread, cheap requests answer meanwhile",
          "[server][hostile]") {
    Gate gate;
    RunningServer running(
        pool_config(),
        [&](const HttpRequest& req) {
            if (req.target == "/heavy/wait") gate.wait();
            return text("done " + req.target);
        },
        classify);
    Client heavy(running.port(), 10000ms);
    REQUIRE(heavy.send(get("/heavy/wait")));
    REQUIRE(gate.wait_for_waiters(1));

    // With the handler inline on the single I/O thread, this would wait for the gate.
    Client health(running.port(), 5000ms);
    REQUIRE(health.send(get("/health")));
    const auto quick = health.read_reply();
    REQUIRE(quick);
    CHECK(quick->body == "done /health");

    gate.open();
    const auto slow = heavy.read_reply();
    REQUIRE(slow);
    CHECK(slow->status == 200);
    CHECK(slow->body == "done /heavy/wait");
}

TEST_CASE("Scheduling: beyond workers and queue, 503 with Retry-After without running",
          "[server][hostile]") {
    Gate gate;
    std::atomic<int> ran{0};
    RunningServer running(
        pool_config(),
        [&](const HttpRequest& req) {
            ++ran;
            if (req.target.rfind("/heavy", 0) == 0) gate.wait();
            return text("done " + req.target);
        },
        classify);
    Client first(running.port(), 10000ms);
    REQUIRE(first.send(get("/heavy/1")));
    REQUIRE(gate.wait_for_waiters(1));  // the one worker is busy
    // Pipelined, so the server takes them in this order: /heavy/2 fills the queue of one,
    // /heavy/3 finds it full.
    Client second(running.port(), 10000ms);
    REQUIRE(second.send(get("/heavy/2") + get("/heavy/3") + get("/after")));
    // /after is cheap and runs inline once /heavy/2 and /heavy/3 have been taken or refused.
    for (int i = 0; i < 1000 && ran.load() < 2; ++i) std::this_thread::sleep_for(5ms);
    REQUIRE(ran.load() == 2);
    gate.open();
    const auto one = first.read_reply();
    const auto two = second.read_reply();
    const auto three = second.read_reply();
    const auto after = second.read_reply();  // the connection is still served
    REQUIRE(one);
    REQUIRE(two);
    REQUIRE(three);
    REQUIRE(after);
    CHECK(one->body == "done /heavy/1");
    CHECK(two->body == "done /heavy/2");
    CHECK(three->status == 503);
    CHECK(three->header("retry-after") == "2");
    CHECK(three->body.find("too many heavy requests queued") != std::string::npos);
    CHECK(after->body == "done /after");
    CHECK(ran.load() == 3);  // /heavy/3 never reached the handler
}

TEST_CASE("Scheduling: a request past its deadline is abandoned with 503", "[server][hostile]") {
    ServerConfig config = pool_config();
    config.analysis_timeout_s = 1;
    std::atomic<int> polls{0};
    RunningServer running(
        config,
        [&](const HttpRequest& req) {
            // Long work that checks, as handlers do, whether it is still wanted.
            for (int i = 0; i < 3000; ++i) {
                req.control->check();
                ++polls;
                std::this_thread::sleep_for(5ms);
            }
            return text("finished late");
        },
        classify);
    Client client(running.port(), 10000ms);
    REQUIRE(client.send(get("/analysis/long")));
    const auto reply = client.read_reply();
    REQUIRE(reply);
    CHECK(reply->status == 503);
    CHECK(reply->header("retry-after").size() > 0);
    CHECK(reply->body.find("deadline") != std::string::npos);
    CHECK(polls.load() < 3000);  // stopped early, not run to the end
}

TEST_CASE("Scheduling: work for a client that disconnected is abandoned", "[server][hostile]") {
    Gate started;
    std::atomic<bool> saw_cancel{false};
    std::atomic<bool> returned{false};
    RunningServer running(
        pool_config(),
        [&](const HttpRequest& req) {
            if (!req.control) return text("cheap: no control");
            started.open();
            for (int i = 0; i < 2000 && !req.control->cancelled(); ++i)
                std::this_thread::sleep_for(5ms);
            saw_cancel = req.control->cancelled();
            returned = true;
            return text("nobody reads this");
        },
        classify);
    {
        Client leaving(running.port());
        REQUIRE(leaving.send(get("/heavy/leave")));
        REQUIRE(started.wait());
    }  // the client closes its socket
    for (int i = 0; i < 500 && !returned; ++i) std::this_thread::sleep_for(10ms);
    CHECK(returned.load());
    CHECK(saw_cancel.load());
    // The worker is free again for others.
    Client next(running.port(), 5000ms);
    REQUIRE(next.send(get("/cheap")));
    REQUIRE(next.read_reply());
}

TEST_CASE("Scheduling: one address's share of expensive work is capped with 429",
          "[server][hostile]") {
    ServerConfig config = pool_config();
    config.max_expensive_per_address = 1;
    config.heavy_queue = 4;
    Gate gate;
    RunningServer running(
        config,
        [&](const HttpRequest&) {
            gate.wait();
            return text("ok");
        },
        classify);
    Client first(running.port(), 10000ms);
    REQUIRE(first.send(get("/heavy/a")));
    REQUIRE(gate.wait_for_waiters(1));
    Client second(running.port(), 5000ms);
    REQUIRE(second.send(get("/heavy/b")));
    const auto refused = second.read_reply();
    REQUIRE(refused);
    CHECK(refused->status == 429);
    CHECK(refused->header("retry-after") == "2");

    // Another address still gets its share (it queues behind the running job).
    Client other(running.port(), 10000ms, "127.0.0.2");
    REQUIRE(other.send(get("/heavy/c")));
    gate.open();
    const auto a = first.read_reply();
    const auto c = other.read_reply();
    REQUIRE(a);
    REQUIRE(c);
    CHECK(a->status == 200);
    CHECK(c->status == 200);
}

TEST_CASE("Scheduling: behind a trusted proxy, X-Forwarded-For is the client address",
          "[server][hostile]") {
    ServerConfig config = pool_config();
    config.max_expensive_per_address = 1;
    config.heavy_queue = 4;
    config.trusted_proxy = "127.0.0.1";
    Gate gate;
    RunningServer running(
        config,
        [&](const HttpRequest&) {
            gate.wait();
            return text("ok");
        },
        classify);
    Client alice(running.port(), 10000ms);
    REQUIRE(alice.send(get("/heavy/a", "X-Forwarded-For: 203.0.113.7\r\n")));
    REQUIRE(gate.wait_for_waiters(1));
    Client alice_again(running.port(), 5000ms);
    REQUIRE(alice_again.send(get("/heavy/a2", "X-Forwarded-For: 198.51.100.1, 203.0.113.7\r\n")));
    const auto refused = alice_again.read_reply();
    REQUIRE(refused);
    CHECK(refused->status == 429);
    Client bob(running.port(), 10000ms);
    REQUIRE(bob.send(get("/heavy/b", "X-Forwarded-For: 203.0.113.8\r\n")));
    gate.open();
    const auto b = bob.read_reply();
    REQUIRE(b);
    CHECK(b->status == 200);
    REQUIRE(alice.read_reply());
}

TEST_CASE("Scheduling: connections per address are capped, other addresses still get in",
          "[server][hostile]") {
    ServerConfig config = pool_config();
    config.max_connections_per_address = 2;
    RunningServer running(
        config, [](const HttpRequest& req) { return text("hello " + req.target); }, classify);
    Client a(running.port());
    Client b(running.port());
    REQUIRE(a.send(get("/a")));
    REQUIRE(a.read_reply());
    REQUIRE(b.send(get("/b")));
    REQUIRE(b.read_reply());
    Client over(running.port());
    over.send(get("/c"));
    const auto refused = over.read_reply();
    REQUIRE(refused);
    CHECK(refused->status == 503);
    CHECK(refused->body.find("from your address") != std::string::npos);
    CHECK(over.closed_by_server());

    Client elsewhere(running.port(), 3000ms, "127.0.0.3");
    REQUIRE(elsewhere.send(get("/health")));
    const auto served = elsewhere.read_reply();
    REQUIRE(served);
    CHECK(served->status == 200);
}

TEST_CASE("Scheduling: bodies held for a reader that does not read count against the budget",
          "[server][hostile]") {
    ServerConfig config = pool_config();
    config.response_memory_bytes = 1 << 20;
    config.heavy_queue = 4;
    RunningServer running(
        config,
        [](const HttpRequest& req) {
            if (req.target == "/heavy/big") return text(std::string(16 << 20, 'x'));
            return text("small");
        },
        classify);
    Client stalled(running.port(), 10000ms);
    stalled.shrink_receive_buffer();
    REQUIRE(stalled.send(get("/heavy/big")));  // never read: 16 MiB wait in the server
    // Until the big body is computed, a heavy request may still be taken: poll for the refusal.
    int status = 0;
    for (int i = 0; i < 100 && status != 503; ++i) {
        Client other(running.port(), 5000ms, "127.0.0.4");
        REQUIRE(other.send(get("/heavy/small")));
        const auto reply = other.read_reply();
        REQUIRE(reply);
        status = reply->status;
        if (status != 503) std::this_thread::sleep_for(20ms);
    }
    CHECK(status == 503);
    // Cheap requests are not refused: they hold nothing for long.
    Client cheap(running.port(), 5000ms, "127.0.0.4");
    REQUIRE(cheap.send(get("/health")));
    const auto health = cheap.read_reply();
    REQUIRE(health);
    CHECK(health->status == 200);
}

TEST_CASE("Streaming: a streamed body goes out chunked, or until close on HTTP/1.0", "[server]") {
    const auto streamed = [](const HttpRequest&) {
        HttpResponse out;
        out.headers.set("Content-Type", "text/csv");
        auto row = std::make_shared<int>(0);
        out.stream = [row](std::string& piece, std::size_t max_bytes) {
            while (piece.size() < max_bytes && *row < 50000)
                piece += std::to_string((*row)++) + "\n";
            return *row < 50000;
        };
        return out;
    };
    std::string expected;
    for (int i = 0; i < 50000; ++i) expected += std::to_string(i) + "\n";
    RunningServer running(pool_config(), streamed, classify);

    SECTION("HTTP/1.1: chunked, and the connection stays usable") {
        Client client(running.port());
        REQUIRE(client.send(get("/heavy/csv")));
        const auto reply = client.read_reply();
        REQUIRE(reply);
        CHECK(reply->header("transfer-encoding") == "chunked");
        CHECK(reply->header("content-length").empty());
        CHECK(reply->body == expected);
        REQUIRE(client.send(get("/again")));
        const auto again = client.read_reply();
        REQUIRE(again);
        CHECK(again->body == expected);
    }
    SECTION("HEAD: the head only") {
        Client client(running.port());
        REQUIRE(client.send("HEAD /csv HTTP/1.1\r\nHost: test\r\n\r\n"));
        const auto head = client.read_reply(true);
        REQUIRE(head);
        CHECK(head->status == 200);
        CHECK(head->header("transfer-encoding") == "chunked");
        REQUIRE(client.send(get("/small")));
        const auto next = client.read_reply();
        REQUIRE(next);
        CHECK(next->body == expected);
    }
    SECTION("HTTP/1.0: no chunked framing; the close ends the body") {
        Client client(running.port());
        REQUIRE(client.send("GET /csv HTTP/1.0\r\n\r\n"));
        const std::string raw = client.read_to_close();
        const auto end = raw.find("\r\n\r\n");
        REQUIRE(end != std::string::npos);
        CHECK(raw.find("Transfer-Encoding") == std::string::npos);
        CHECK(raw.substr(end + 4) == expected);
    }
}
