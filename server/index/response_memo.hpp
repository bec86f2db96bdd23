#pragma once
/// Bodies that are costly to compute and depend only on the loaded data (e.g. the full
/// priority-school list a report draws on, the preset composite, an indicator's values map),
/// computed once per key and shared by all threads.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace sna::server {

class ResponseMemo {
public:
    /// The body for `key`, computing it with `make` the first time; `make` may throw, and then
    /// nothing is stored (the next caller tries again). Callers of the same key wait for one
    /// computation; callers of other keys do not wait for it (a values map requested on the I/O
    /// thread never waits for a composite being computed in the analysis pool).
    std::string get(const std::string& key, const std::function<std::string()>& make) {
        std::shared_ptr<Entry> entry;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            auto& slot = m_entries[key];
            if (!slot) slot = std::make_shared<Entry>();
            entry = slot;
        }
        std::lock_guard<std::mutex> lock(entry->mutex);
        if (!entry->ready) {
            entry->body = make();
            entry->ready = true;
        }
        return entry->body;
    }

private:
    struct Entry {
        std::mutex mutex;  ///< held while computing and while copying the body out
        bool ready = false;
        std::string body;
    };
    std::mutex m_mutex;  ///< guards the map only
    std::map<std::string, std::shared_ptr<Entry>> m_entries;
};

}  // namespace sna::server
