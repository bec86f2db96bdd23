#include "geo/tileset/tileset_export.hpp"

#include "geo/tileset/pmtiles_tile_id.hpp"

#include <catch2/catch.hpp>

#include <mutex>
#include <set>
#include <sstream>

using namespace sna::geo;

namespace {

/// Records what a writer is given.
class RecordingWriter final : public TilesetWriter {
public:
    void add_tile(const TileId& tile, std::string_view data) override {
        tiles.emplace_back(tile, std::string(data));
    }
    void finish(const TilesetMetadata& metadata) override { finished_with = metadata.name; }
    std::vector<std::pair<TileId, std::string>> tiles;
    std::string finished_with;
};

TilesetMetadata metadata() {
    TilesetMetadata m;
    m.name = "test";
    m.min_zoom = 0;
    m.max_zoom = 6;
    m.bounds = {-2.2, 52.3, -1.4, 52.7};
    m.center = {-1.8, 52.5};
    return m;
}

}  // namespace

TEST_CASE("Tiles to export cover the box with one tile to spare, in PMTiles id order") {
    const BBox birmingham{-1.95, 52.42, -1.75, 52.55};
    const auto tiles = tiles_to_export(birmingham, 0, 10);
    std::set<std::uint64_t> ids;
    std::uint64_t last = 0;
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        const std::uint64_t id = pmtiles_tile_id(tiles[i]);
        if (i > 0) CHECK(id > last);
        last = id;
        ids.insert(id);
    }
    CHECK(ids.size() == tiles.size());
    // Every zoom's covering range, widened by one tile each side (clamped to the world).
    std::size_t expected = 0;
    for (std::uint32_t z = 0; z <= 10; ++z) {
        const auto r = *tiles_covering(birmingham, z);
        const std::uint32_t last_tile = tiles_per_axis(z) - 1;
        const std::uint64_t w =
            std::min(last_tile, r.max_x + 1) - (r.min_x > 0 ? r.min_x - 1 : 0) + 1;
        const std::uint64_t h =
            std::min(last_tile, r.max_y + 1) - (r.min_y > 0 ? r.min_y - 1 : 0) + 1;
        expected += w * h;
        CHECK(ids.count(pmtiles_tile_id({z, r.min_x, r.min_y})) == 1);
    }
    CHECK(tiles.size() == expected);
    CHECK(tiles.front() == TileId{0, 0, 0});
    // z10: Birmingham's tiles (x 506-507, y 335-336) and the ring round them.
    CHECK(ids.count(pmtiles_tile_id({10, 505, 335})) == 1);
    CHECK(ids.count(pmtiles_tile_id({10, 504, 335})) == 0);
}

TEST_CASE("write_tileset keeps the order, skips empty tiles and finishes the writer") {
    const auto tiles = tiles_to_export({-1.95, 52.42, -1.75, 52.55}, 0, 6);
    std::mutex mutex;
    std::set<std::uint64_t> asked;
    const TileSource source = [&](const TileId& t) {
        {
            const std::lock_guard<std::mutex> lock(mutex);
            asked.insert(pmtiles_tile_id(t));
        }
        if (t.x % 2 == 1) return std::string();  // "no feature here"
        std::ostringstream s;
        s << t.z << "/" << t.x << "/" << t.y;
        return s.str();
    };
    for (const unsigned threads : {1U, 2U, 3U}) {
        RecordingWriter writer;
        std::ostringstream log;
        Progress progress(log, false);
        const auto counts = write_tileset(tiles, source, writer, metadata(), progress, threads);
        CHECK(counts.tried == tiles.size());
        CHECK(asked.size() == tiles.size());
        std::size_t even = 0;
        for (const auto& t : tiles) even += t.x % 2 == 0 ? 1 : 0;
        CHECK(counts.written == even);
        REQUIRE(writer.tiles.size() == even);
        for (std::size_t i = 1; i < writer.tiles.size(); ++i)
            CHECK(pmtiles_tile_id(writer.tiles[i - 1].first) <
                  pmtiles_tile_id(writer.tiles[i].first));
        for (const auto& [tile, data] : writer.tiles)
            CHECK(data == std::to_string(tile.z) + "/" + std::to_string(tile.x) + "/" +
                              std::to_string(tile.y));
        CHECK(writer.finished_with == "test");
    }
}

TEST_CASE("write_tileset passes on the source's error and does not finish") {
    const auto tiles = tiles_to_export({-1.95, 52.42, -1.75, 52.55}, 0, 4);
    const TileSource source = [](const TileId& t) -> std::string {
        if (t.z == 3) throw std::runtime_error("encoder failed at z3");
        return "x";
    };
    RecordingWriter writer;
    std::ostringstream log;
    Progress progress(log, false);
    CHECK_THROWS_WITH(write_tileset(tiles, source, writer, metadata(), progress, 2),
                      "encoder failed at z3");
    CHECK(writer.finished_with.empty());
}
