#pragma once
/// Bodies that are costly to compute and depend only on the loaded data (e.g. the full
/// priority-school list a report draws on), computed once per key and shared by all threads.

#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace sna::server {

class ResponseMemo {
public:
    /// The body for `key`, computing it with `make` the first time (under the lock, so it runs
    /// once); `make` may throw, and then nothing is stored.
    std::string get(const std::string& key, const std::function<std::string()>& make) {
        std::lock_guard<std::mutex> lock(m_mutex);
        const auto it = m_bodies.find(key);
        if (it != m_bodies.end()) return it->second;
        return m_bodies.emplace(key, make()).first->second;
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::string> m_bodies;
};

}  // namespace sna::server
