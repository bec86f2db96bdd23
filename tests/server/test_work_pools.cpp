#include "server/http/work_pools.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>

using namespace sna::server;

TEST_CASE("WorkPool runs jobs on its threads and refuses beyond its queue", "[server]") {
    WorkPool pool({1, 2});
    std::mutex mutex;
    std::condition_variable changed;
    bool release = false;
    int started = 0;
    std::atomic<int> finished{0};
    const auto job = [&] {
        std::unique_lock<std::mutex> lock(mutex);
        ++started;
        changed.notify_all();
        changed.wait(lock, [&] { return release; });
        ++finished;
    };
    REQUIRE(pool.submit(job));
    {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return started == 1; });  // the worker holds job 1
    }
    CHECK(pool.running() == 1);
    CHECK(pool.submit(job));
    CHECK(pool.submit(job));
    CHECK(pool.queued() == 2);
    CHECK_FALSE(pool.submit(job));  // one worker busy, two queued: full
    {
        const std::lock_guard<std::mutex> lock(mutex);
        release = true;
    }
    changed.notify_all();
    pool.stop();  // waits for the running job; may discard queued ones
    CHECK(finished.load() >= 1);
    CHECK_FALSE(pool.submit(job));  // stopped
}

TEST_CASE("WorkPool::stop discards queued jobs and returns", "[server]") {
    std::atomic<int> ran{0};
    WorkPool pool({1, 100});
    for (int i = 0; i < 50; ++i) pool.submit([&] { ++ran; });
    pool.stop();
    CHECK(ran.load() <= 50);
    CHECK(pool.queued() == 0);
}
