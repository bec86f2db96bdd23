#pragma once
/// A thread-safe LRU cache of encoded tiles with a byte budget (pure std: no Beast, no I/O).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sna::server {

/// One tile as the server sends it: compressed once, shared by every response.
struct CachedTile {
    /// gzip-compressed MVT bytes; empty for a tile without features (the server answers 204).
    /// Clients that do not accept gzip get geo::gzip_decompress(gzip).
    std::string gzip;
    /// Strong validator with its quotes, e.g. "\"3f2a9c0d41be77e5\"": the first 16 hex digits of
    /// SHA-256 over the data version, a newline and the uncompressed MVT bytes. It names the
    /// tile's content, so it survives a change of gzip level; the data version in it makes a
    /// rebuilt database change every tag even where the bytes happen to be equal.
    std::string etag;
    std::size_t raw_size = 0;  ///< MVT bytes before compression

    bool empty() const { return gzip.empty(); }
};

/// Compresses an encoded tile and computes its ETag. An empty `mvt` gives an empty tile.
/// @throws geo::Error if zlib fails
CachedTile make_cached_tile(std::string_view mvt, std::string_view data_version);

/// Counters for /metrics. `bytes` counts what the budget counts (see TileCache::charge_of).
struct TileCacheStats {
    std::uint64_t hits = 0;       ///< get() or get_or_create() found the key
    std::uint64_t misses = 0;     ///< get() did not; or get_or_create() had to create
    std::uint64_t coalesced = 0;  ///< get_or_create() waited for another thread's creation
    std::uint64_t evictions = 0;  ///< entries pushed out by the budget
    std::uint64_t rejected = 0;   ///< tiles larger than the whole budget, never stored
    std::size_t bytes = 0;
    std::size_t entries = 0;
    std::size_t budget_bytes = 0;
};

/// Least-recently-used tiles up to a byte budget. The router keeps a second instance for the
/// gzip variants of response bodies (Services::compressed; `etag` and `raw_size` unused there).
/// Every method may be called from any thread (one mutex, held only for map and list updates, never
/// while compressing or encoding).
///
/// Concurrent generation: with get() then put(), two threads missing the same key both encode
/// it and the second put() replaces the first (same bytes, so harmless, only wasted work).
/// get_or_create() coalesces instead: one thread creates, the others wait for its result.
class TileCache {
public:
    using TilePtr = std::shared_ptr<const CachedTile>;

    /// Per-entry bookkeeping (list node, hash node, shared_ptr control block) added to the bytes
    /// of the key, the compressed tile and the ETag when charging an entry to the budget.
    static constexpr std::size_t entry_overhead = 160;

    /// A budget of 0 stores nothing (get_or_create still coalesces).
    explicit TileCache(std::size_t budget_bytes);

    /// The cached tile, marked most recently used; nullptr if absent. Counts a hit or a miss.
    TilePtr get(const std::string& key);

    /// Stores a tile (replacing one with the same key), evicting the least recently used
    /// entries to stay within the budget. A tile larger than the whole budget is not stored.
    /// Returns the tile either way, for the caller to send.
    TilePtr put(const std::string& key, CachedTile tile);

    /// put(key, make_cached_tile(mvt, data_version)); compresses outside the lock.
    TilePtr put(const std::string& key, std::string_view mvt, std::string_view data_version);

    /// The cached tile, or the result of `create()` stored under the key. If another thread is
    /// already creating this key, waits for it rather than creating it twice; if that creation
    /// throws, every waiter gets the same exception and nothing is stored.
    /// @pre `create` does not call get_or_create() for the same key (it would wait on itself)
    TilePtr get_or_create(const std::string& key, const std::function<CachedTile()>& create);

    /// Drops every entry (counters are kept).
    void clear();

    TileCacheStats stats() const;

    /// What an entry costs against the budget.
    static std::size_t charge_of(const std::string& key, const CachedTile& tile);

private:
    struct Entry {
        std::string key;
        TilePtr tile;
        std::size_t charge = 0;
    };
    using Lru = std::list<Entry>;  // front: most recently used

    TilePtr find_locked(const std::string& key);
    void store_locked(const std::string& key, const TilePtr& tile);
    void erase_locked(Lru::iterator entry);

    mutable std::mutex m_mutex;
    std::size_t m_budget;
    Lru m_lru;
    std::unordered_map<std::string, Lru::iterator> m_index;
    std::unordered_map<std::string, std::shared_future<TilePtr>> m_in_flight;
    TileCacheStats m_stats;
};

}  // namespace sna::server
