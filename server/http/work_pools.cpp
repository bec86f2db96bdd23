#include "server/http/work_pools.hpp"

#include <algorithm>
#include <utility>

namespace sna::server {

const char* to_string(CostClass cost) {
    switch (cost) {
        case CostClass::cheap:
            return "cheap";
        case CostClass::analysis:
            return "analysis";
        case CostClass::heavy:
            return "heavy";
    }
    return "unknown";
}

WorkPool::WorkPool(PoolLimits limits) : m_limits(limits) {
    const std::size_t count = std::max<std::size_t>(1, limits.workers);
    m_threads.reserve(count);
    for (std::size_t i = 0; i < count; ++i) m_threads.emplace_back([this] { work(); });
}

WorkPool::~WorkPool() {
    stop();
}

bool WorkPool::submit(std::function<void()> job) {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopping || m_jobs.size() >= m_limits.queue) return false;
        m_jobs.push_back(std::move(job));
    }
    m_ready.notify_one();
    return true;
}

std::size_t WorkPool::queued() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_jobs.size();
}

std::size_t WorkPool::running() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_running;
}

void WorkPool::stop() {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopping && m_threads.empty()) return;
        m_stopping = true;
        m_jobs.clear();
    }
    m_ready.notify_all();
    for (auto& thread : m_threads) {
        if (thread.joinable()) thread.join();
    }
    m_threads.clear();
}

void WorkPool::work() {
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_ready.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
        if (m_stopping) return;
        std::function<void()> job = std::move(m_jobs.front());
        m_jobs.pop_front();
        ++m_running;
        lock.unlock();
        job();
        job = nullptr;  // release what the job captured before taking the lock
        lock.lock();
        --m_running;
    }
}

}  // namespace sna::server
