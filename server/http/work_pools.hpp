#pragma once
/// Bounded worker pools, one per cost class, so expensive requests never run on the I/O threads
/// and never queue without limit. No Beast here.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sna::server {

/// How much work a request may cause, declared per route (route_table.hpp): cheap answers from
/// memory run on the I/O thread; analyses computed per request and heavy renders and exports run
/// in their own bounded pools.
enum class CostClass { cheap, analysis, heavy };

/// "cheap", "analysis", "heavy" (metrics labels, messages).
const char* to_string(CostClass cost);

/// Threads and queue length of one pool.
struct PoolLimits {
    std::size_t workers = 1;
    std::size_t queue = 8;  ///< jobs waiting beyond the running ones
};

/// A fixed set of threads taking jobs from a bounded queue.
class WorkPool {
public:
    /// Starts `limits.workers` threads (at least one).
    explicit WorkPool(PoolLimits limits);
    /// Discards queued jobs and waits for the running ones (stop()).
    ~WorkPool();
    WorkPool(const WorkPool&) = delete;
    WorkPool& operator=(const WorkPool&) = delete;

    /// Queues `job`; false (and the job is dropped) when the queue is full or the pool stopped.
    /// Jobs must not throw.
    bool submit(std::function<void()> job);

    /// Jobs queued and not yet started.
    std::size_t queued() const;
    /// Jobs running now.
    std::size_t running() const;

    /// Stops taking jobs; queued jobs are discarded; returns when the running ones finished.
    void stop();

private:
    void work();

    const PoolLimits m_limits;
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::function<void()>> m_jobs;
    std::size_t m_running = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

/// The analysis and heavy pools (cheap work has no pool: it runs on the I/O thread).
class WorkPools {
public:
    WorkPools(PoolLimits analysis, PoolLimits heavy) : m_analysis(analysis), m_heavy(heavy) {}

    /// @pre cost != CostClass::cheap
    WorkPool& pool(CostClass cost) { return cost == CostClass::heavy ? m_heavy : m_analysis; }

    void stop() {
        m_analysis.stop();
        m_heavy.stop();
    }

private:
    WorkPool m_analysis;
    WorkPool m_heavy;
};

}  // namespace sna::server
