#include "server/index/tile_cache.hpp"

#include "geo/core/sha256.hpp"
#include "geo/tiles/gzip.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using sna::server::CachedTile;
using sna::server::make_cached_tile;
using sna::server::TileCache;

namespace {

/// A tile of `size` incompressible-enough bytes whose gzip size is known after the fact.
CachedTile tile_of(std::size_t size, char seed) {
    CachedTile tile;
    tile.gzip.assign(size, seed);
    tile.etag = "\"0123456789abcdef\"";
    tile.raw_size = size;
    return tile;
}

}  // namespace

TEST_CASE("make_cached_tile compresses once and tags the content with the data version") {
    const std::string mvt(1000, 'x');
    const CachedTile tile = make_cached_tile(mvt, "v1");
    CHECK_FALSE(tile.empty());
    CHECK(sna::geo::is_gzip(tile.gzip));
    CHECK(sna::geo::gzip_decompress(tile.gzip) == mvt);
    CHECK(tile.raw_size == 1000);
    CHECK(tile.etag == "\"" + sna::geo::sha256_hex("v1\n" + mvt).substr(0, 16) + "\"");
    CHECK(make_cached_tile(mvt, "v1").etag == tile.etag);  // strong: same content, same tag
    CHECK(make_cached_tile(mvt, "v2").etag != tile.etag);
    CHECK(make_cached_tile(mvt + "y", "v1").etag != tile.etag);
    CHECK(make_cached_tile("", "v1").empty());
}

TEST_CASE("TileCache returns what was put and counts hits and misses") {
    TileCache cache{1 << 20};
    CHECK(cache.get("lsoa11/12/2026/1344") == nullptr);
    const auto stored = cache.put("lsoa11/12/2026/1344", std::string(500, 'a'), "v1");
    const auto hit = cache.get("lsoa11/12/2026/1344");
    REQUIRE(hit != nullptr);
    CHECK(hit == stored);  // shared, not copied
    CHECK(sna::geo::gzip_decompress(hit->gzip) == std::string(500, 'a'));
    const auto stats = cache.stats();
    CHECK(stats.hits == 1);
    CHECK(stats.misses == 1);
    CHECK(stats.entries == 1);
    CHECK(stats.bytes == TileCache::charge_of("lsoa11/12/2026/1344", *hit));
    CHECK(stats.budget_bytes == 1 << 20);
}

TEST_CASE("TileCache evicts the least recently used tiles to stay within its budget") {
    const std::size_t charge = TileCache::charge_of("k0", tile_of(1000, 'a'));
    TileCache cache{3 * charge};
    for (char k = '0'; k < '3'; ++k) cache.put(std::string("k") + k, tile_of(1000, k));
    CHECK(cache.get("k0") != nullptr);  // k0 is now the most recent; k1 the least
    cache.put("k3", tile_of(1000, '3'));
    CHECK(cache.get("k1") == nullptr);
    CHECK(cache.get("k0") != nullptr);
    CHECK(cache.get("k2") != nullptr);
    CHECK(cache.get("k3") != nullptr);
    const auto stats = cache.stats();
    CHECK(stats.evictions == 1);
    CHECK(stats.entries == 3);
    CHECK(stats.bytes == 3 * charge);

    // Replacing a key re-charges it rather than adding a second entry.
    cache.put("k3", tile_of(10, 'x'));
    CHECK(cache.stats().entries == 3);
    CHECK(cache.stats().bytes == 2 * charge + TileCache::charge_of("k3", tile_of(10, 'x')));
    cache.clear();
    CHECK(cache.stats().entries == 0);
    CHECK(cache.stats().bytes == 0);
}

TEST_CASE("TileCache does not store a tile larger than its budget, but returns it") {
    TileCache cache{100};
    const auto tile = cache.put("big", tile_of(1000, 'b'));
    REQUIRE(tile != nullptr);
    CHECK(tile->gzip.size() == 1000);
    CHECK(cache.get("big") == nullptr);
    CHECK(cache.stats().rejected == 1);
    CHECK(cache.stats().bytes == 0);
}

TEST_CASE("TileCache::get_or_create creates a key once however many threads ask") {
    TileCache cache{1 << 20};
    std::atomic<int> created{0};
    std::atomic<bool> go{false};
    const auto create = [&] {
        ++created;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // others arrive meanwhile
        return make_cached_tile("tile bytes", "v1");
    };
    std::vector<TileCache::TilePtr> results(8);
    std::vector<std::thread> threads;
    for (auto& result : results) {
        threads.emplace_back([&] {
            while (!go) std::this_thread::yield();
            result = cache.get_or_create("pfa/8/126/84", create);
        });
    }
    go = true;
    for (auto& thread : threads) thread.join();
    CHECK(created == 1);
    for (const auto& result : results) CHECK(result == results[0]);
    const auto stats = cache.stats();
    CHECK(stats.misses == 1);
    CHECK(stats.hits + stats.coalesced == 7);
}

TEST_CASE("TileCache::get_or_create passes a failure to every waiter and stores nothing") {
    TileCache cache{1 << 20};
    const auto fail = []() -> CachedTile { throw std::runtime_error("encoder failed"); };
    CHECK_THROWS_WITH(cache.get_or_create("k", fail), "encoder failed");
    CHECK(cache.get("k") == nullptr);
    // The key is not stuck in flight: the next request creates it.
    const auto tile = cache.get_or_create("k", [] { return make_cached_tile("ok", "v1"); });
    CHECK(sna::geo::gzip_decompress(tile->gzip) == "ok");
}

TEST_CASE("TileCache stays consistent under concurrent puts and gets") {
    const std::size_t charge = TileCache::charge_of("key 00", tile_of(100, 'a'));
    TileCache cache{20 * charge};
    std::atomic<int> wrong_sizes{0};  // Catch2 assertions are not thread-safe: count instead
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&cache, &wrong_sizes, t] {
            for (int i = 0; i < 2000; ++i) {
                const std::string key = "key " + std::to_string((i * 7 + t) % 50 + 10);
                if (auto tile = cache.get(key)) {
                    if (tile->gzip.size() != 100) ++wrong_sizes;
                } else {
                    cache.put(key, tile_of(100, static_cast<char>('a' + t)));
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(wrong_sizes == 0);
    const auto stats = cache.stats();
    CHECK(stats.entries <= 20);
    CHECK(stats.bytes == stats.entries * charge);
    CHECK(stats.hits + stats.misses == 8000);
}
