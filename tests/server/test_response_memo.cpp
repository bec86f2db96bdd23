#include "server/index/response_memo.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

using sna::server::ResponseMemo;

TEST_CASE("ResponseMemo computes each key once and retries after a throw") {
    ResponseMemo memo;
    int calls = 0;
    const auto make = [&] { return "body " + std::to_string(++calls); };
    CHECK(memo.get("a", make) == "body 1");
    CHECK(memo.get("a", make) == "body 1");
    CHECK(memo.get("b", make) == "body 2");
    CHECK_THROWS_AS(memo.get("c", []() -> std::string { throw std::runtime_error("no"); }),
                    std::runtime_error);
    CHECK(memo.get("c", make) == "body 3");
}

TEST_CASE("ResponseMemo: a slow key does not hold up other keys") {
    ResponseMemo memo;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> started{false};
    auto slow = std::async(std::launch::async, [&] {
        return memo.get("slow", [&] {
            started = true;
            released.wait();
            return std::string("slow body");
        });
    });
    while (!started) std::this_thread::yield();
    // Would deadlock (the slow computation waits for `release`) if one lock guarded every key.
    CHECK(memo.get("fast", [] { return std::string("fast body"); }) == "fast body");
    release.set_value();
    CHECK(slow.get() == "slow body");
}
