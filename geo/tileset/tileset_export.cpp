#include "geo/tileset/tileset_export.hpp"

#include "geo/tileset/pmtiles_tile_id.hpp"

#include <algorithm>
#include <cassert>
#include <exception>
#include <thread>
#include <utility>

namespace sna::geo {

namespace {

/// Tiles encoded between two writes: enough to keep the threads busy, few enough to hold.
constexpr std::size_t batch_size = 512;

/// source(tile) for each tile of the batch, split among `threads` threads; rethrows the first
/// exception a thread met.
std::vector<std::string> encode_batch(const TileId* first, std::size_t count,
                                      const TileSource& source, unsigned threads) {
    std::vector<std::string> out(count);
    std::vector<std::exception_ptr> errors(threads);
    const auto work = [&](unsigned part) {
        try {
            for (std::size_t i = part; i < count; i += threads) out[i] = source(first[i]);
        } catch (...) {
            errors[part] = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned part = 1; part < threads; ++part) pool.emplace_back(work, part);
    work(0);
    for (auto& t : pool) t.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    return out;
}

}  // namespace

std::vector<TileId> tiles_to_export(const BBox& lonlat, int min_zoom, int max_zoom) {
    assert(0 <= min_zoom && min_zoom <= max_zoom && max_zoom <= static_cast<int>(max_pmtiles_zoom));
    std::vector<std::pair<std::uint64_t, TileId>> ids;
    for (int z = min_zoom; z <= max_zoom; ++z) {
        const auto zoom = static_cast<std::uint32_t>(z);
        const auto range = tiles_covering(lonlat, zoom);
        if (!range) continue;
        const std::uint32_t last = tiles_per_axis(zoom) - 1;
        const std::uint32_t x0 = range->min_x > 0 ? range->min_x - 1 : 0;
        const std::uint32_t y0 = range->min_y > 0 ? range->min_y - 1 : 0;
        const std::uint32_t x1 = std::min(last, range->max_x + 1);
        const std::uint32_t y1 = std::min(last, range->max_y + 1);
        for (std::uint32_t x = x0; x <= x1; ++x) {
            for (std::uint32_t y = y0; y <= y1; ++y) {
                const TileId tile{zoom, x, y};
                ids.emplace_back(pmtiles_tile_id(tile), tile);
            }
        }
    }
    std::sort(ids.begin(), ids.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<TileId> tiles;
    tiles.reserve(ids.size());
    for (const auto& [_, tile] : ids) tiles.push_back(tile);
    return tiles;
}

ExportCounts write_tileset(const std::vector<TileId>& tiles, const TileSource& source,
                           TilesetWriter& writer, const TilesetMetadata& metadata,
                           Progress& progress, unsigned threads) {
    assert(threads >= 1);
    validate(metadata);  // before the long part, not after it
    ExportCounts counts;
    progress.start("encoding tiles", static_cast<std::int64_t>(tiles.size()));
    for (std::size_t first = 0; first < tiles.size(); first += batch_size) {
        const std::size_t count = std::min(batch_size, tiles.size() - first);
        const auto encoded = encode_batch(tiles.data() + first, count, source, threads);
        for (std::size_t i = 0; i < count; ++i) {
            if (encoded[i].empty()) continue;
            writer.add_tile(tiles[first + i], encoded[i]);
            ++counts.written;
            counts.bytes += encoded[i].size();
        }
        counts.tried += count;
        progress.advance(static_cast<std::int64_t>(counts.tried));
    }
    progress.finish(std::to_string(counts.written) + " non-empty of " +
                    std::to_string(counts.tried) + " tiles");
    progress.start("writing the file", 0);
    writer.finish(metadata);
    progress.finish();
    return counts;
}

}  // namespace sna::geo
