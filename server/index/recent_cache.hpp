#pragma once
/// A small least-recently-used cache of immutable results shared between threads: analysis
/// results that depend on request parameters (custom composite weights, other periods), kept
/// so that repeating a request is a lookup, while memory stays bounded by the capacity.

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace sna::server {

template <typename T>
class RecentCache {
public:
    /// @pre capacity >= 1
    explicit RecentCache(std::size_t capacity) : m_capacity(capacity) {}

    /// The value for `key`, computed with `make` (outside the lock; two threads asking for the
    /// same new key at once may both compute it, and get equal values) when absent. `make` may
    /// throw; then nothing is stored.
    std::shared_ptr<const T> get(const std::string& key, const std::function<T()>& make) {
        if (auto hit = find(key)) return hit;
        auto value = std::make_shared<const T>(make());
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_entries.count(key) == 0) {
            m_order.push_front(key);
            m_entries[key] = {value, m_order.begin()};
            if (m_entries.size() > m_capacity) {
                m_entries.erase(m_order.back());
                m_order.pop_back();
            }
        }
        return value;
    }

    std::size_t size() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_entries.size();
    }

private:
    std::shared_ptr<const T> find(const std::string& key) {
        std::lock_guard<std::mutex> lock(m_mutex);
        const auto it = m_entries.find(key);
        if (it == m_entries.end()) return nullptr;
        m_order.splice(m_order.begin(), m_order, it->second.second);  // now the most recent
        return it->second.first;
    }

    std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::list<std::string> m_order;  ///< most recent first
    std::map<std::string, std::pair<std::shared_ptr<const T>, std::list<std::string>::iterator>>
        m_entries;
};

}  // namespace sna::server
