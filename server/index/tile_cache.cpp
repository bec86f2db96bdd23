#include "server/index/tile_cache.hpp"

#include "geo/core/sha256.hpp"
#include "geo/tiles/gzip.hpp"

#include <exception>
#include <iterator>
#include <utility>

namespace sna::server {

namespace {

constexpr std::size_t etag_hex_digits = 16;

std::string etag_of(std::string_view mvt, std::string_view data_version) {
    geo::Sha256 hash;
    hash.update(data_version);
    hash.update("\n");
    hash.update(mvt);
    return "\"" + hash.hex_digest().substr(0, etag_hex_digits) + "\"";
}

}  // namespace

CachedTile make_cached_tile(std::string_view mvt, std::string_view data_version) {
    CachedTile tile;
    // A large tile is a low-zoom tile over dense areas, made on its first request.
    if (!mvt.empty()) tile.gzip = geo::gzip_compress(mvt, geo::quick_gzip_level(mvt.size()));
    tile.etag = etag_of(mvt, data_version);
    tile.raw_size = mvt.size();
    return tile;
}

TileCache::TileCache(std::size_t budget_bytes) : m_budget(budget_bytes) {
    m_stats.budget_bytes = budget_bytes;
}

std::size_t TileCache::charge_of(const std::string& key, const CachedTile& tile) {
    // The key is held twice: in the list entry and in the index.
    return 2 * key.size() + tile.gzip.size() + tile.etag.size() + entry_overhead;
}

TileCache::TilePtr TileCache::get(const std::string& key) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    TilePtr tile = find_locked(key);
    ++(tile ? m_stats.hits : m_stats.misses);
    return tile;
}

TileCache::TilePtr TileCache::put(const std::string& key, CachedTile tile) {
    auto shared = std::make_shared<const CachedTile>(std::move(tile));
    const std::lock_guard<std::mutex> lock(m_mutex);
    store_locked(key, shared);
    return shared;
}

TileCache::TilePtr TileCache::put(const std::string& key, std::string_view mvt,
                                  std::string_view data_version) {
    return put(key, make_cached_tile(mvt, data_version));
}

TileCache::TilePtr TileCache::get_or_create(const std::string& key,
                                            const std::function<CachedTile()>& create) {
    std::shared_future<TilePtr> pending;
    std::promise<TilePtr> promise;
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (TilePtr hit = find_locked(key)) {
            ++m_stats.hits;
            return hit;
        }
        const auto in_flight = m_in_flight.find(key);
        if (in_flight != m_in_flight.end()) {
            ++m_stats.coalesced;
            pending = in_flight->second;
        } else {
            ++m_stats.misses;
            m_in_flight.emplace(key, promise.get_future().share());
        }
    }
    if (pending.valid()) return pending.get();  // rethrows the creator's exception

    try {
        auto tile = std::make_shared<const CachedTile>(create());
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            store_locked(key, tile);
            m_in_flight.erase(key);
        }
        promise.set_value(tile);
        return tile;
    } catch (...) {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_in_flight.erase(key);
        }
        promise.set_exception(std::current_exception());
        throw;
    }
}

void TileCache::clear() {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_index.clear();
    m_lru.clear();
    m_stats.bytes = 0;
    m_stats.entries = 0;
}

TileCacheStats TileCache::stats() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_stats;
}

TileCache::TilePtr TileCache::find_locked(const std::string& key) {
    const auto found = m_index.find(key);
    if (found == m_index.end()) return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, found->second);
    return found->second->tile;
}

void TileCache::store_locked(const std::string& key, const TilePtr& tile) {
    if (const auto old = m_index.find(key); old != m_index.end()) erase_locked(old->second);
    const std::size_t charge = charge_of(key, *tile);
    if (charge > m_budget) {
        ++m_stats.rejected;
        return;
    }
    while (m_stats.bytes + charge > m_budget) {
        erase_locked(std::prev(m_lru.end()));
        ++m_stats.evictions;
    }
    m_lru.push_front(Entry{key, tile, charge});
    m_index.emplace(key, m_lru.begin());
    m_stats.bytes += charge;
    ++m_stats.entries;
}

void TileCache::erase_locked(Lru::iterator entry) {
    m_stats.bytes -= entry->charge;
    --m_stats.entries;
    m_index.erase(entry->key);
    m_lru.erase(entry);
}

}  // namespace sna::server
