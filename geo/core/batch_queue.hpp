#pragma once
/// Batches handed from one producer thread to one consumer, with at most `capacity` batches in
/// flight (the producer waits rather than running ahead and filling memory). The producer's
/// exception reaches the consumer after every batch made before it; a consumer that stops early
/// cancels, and the producer's next push returns false so it can end.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace sna::geo {

template <class T>
class BatchQueue {
public:
    explicit BatchQueue(std::size_t capacity) : m_capacity(capacity) {}

    /// Waits for room; false when the consumer has cancelled (drop the batch and stop).
    bool push(std::vector<T> batch) {
        std::unique_lock lock(m_mutex);
        m_room.wait(lock, [&] { return m_cancelled || m_batches.size() < m_capacity; });
        if (m_cancelled) return false;
        m_batches.push_back(std::move(batch));
        m_ready.notify_one();
        return true;
    }

    /// The producer is done: normally, or with the exception it stopped on.
    void close(std::exception_ptr error = nullptr) {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_error = std::move(error);
        m_ready.notify_one();
    }

    /// The consumer stops taking batches; a producer waiting in push() returns false.
    void cancel() {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_room.notify_all();
    }

    /// The next batch; nothing once the producer closed and every batch was taken.
    /// @throws whatever the producer closed with, after the batches it made before
    std::optional<std::vector<T>> pop() {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return m_closed || !m_batches.empty(); });
        if (!m_batches.empty()) {
            std::vector<T> batch = std::move(m_batches.front());
            m_batches.pop_front();
            m_room.notify_one();
            return batch;
        }
        if (m_error) std::rethrow_exception(m_error);
        return std::nullopt;
    }

private:
    std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_room, m_ready;
    std::deque<std::vector<T>> m_batches;
    bool m_closed = false, m_cancelled = false;
    std::exception_ptr m_error;
};

}  // namespace sna::geo
