#include "geo/tileset/pmtiles_directory.hpp"

#include "geo/core/errors.hpp"
#include "geo/tiles/gzip.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace sna::geo;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (const int v : values) out.push_back(static_cast<char>(v));
    return out;
}

std::string gzip_it(std::string_view s) {
    return gzip_compress(s);
}

}  // namespace

TEST_CASE("A PMTiles directory is varints in columns with delta ids and relative offsets") {
    const std::vector<PmtilesEntry> entries = {{5, 0, 100, 1}, {42, 100, 50, 2}, {69, 1000, 7, 1}};
    // count 3; ids 5, +37, +27; run lengths; lengths; offsets 0+1, contiguous 0, 1000+1 (two
    // varint bytes: 0xE9 0x07).
    CHECK(serialize_directory(entries) ==
          bytes({3, 5, 37, 27, 1, 2, 1, 100, 50, 7, 1, 0, 0xE9, 0x07}));
    CHECK(parse_directory(serialize_directory(entries), "t") == entries);
}

TEST_CASE("A PMTiles directory keeps large ids, leaf entries and offsets exactly") {
    const std::vector<PmtilesEntry> entries = {{19078479, 0, 300, 0},
                                               {19078480, (std::uint64_t{1} << 40), 70000, 1},
                                               {(std::uint64_t{1} << 50), 5, 1, 4000000000U}};
    CHECK(parse_directory(serialize_directory(entries), "t") == entries);
}

TEST_CASE("Corrupt PMTiles directories are refused with the file named") {
    const std::string good = serialize_directory({{5, 0, 100, 1}, {6, 100, 50, 1}});
    CHECK_THROWS_WITH(parse_directory(good.substr(0, good.size() - 1), "a.pmtiles"),
                      Catch::Contains("a.pmtiles") && Catch::Contains("truncated"));
    CHECK_THROWS_WITH(parse_directory(good + "x", "a.pmtiles"),
                      Catch::Contains("bytes after its entries"));
    CHECK_THROWS_AS(parse_directory(bytes({0}), "a.pmtiles"), DataError);
    CHECK_THROWS_WITH(parse_directory(bytes({100, 1, 1, 1}), "a.pmtiles"),
                      Catch::Contains("claims 100 entries"));
}

TEST_CASE("Small PMTiles directories stay in the root") {
    std::vector<PmtilesEntry> entries;
    for (std::uint64_t i = 0; i < 1000; ++i) entries.push_back({i, i * 10, 10, 1});
    const auto dirs = build_directories(entries, gzip_it);
    CHECK(dirs.leaf_count == 0);
    CHECK(dirs.leaves.empty());
    CHECK(parse_directory(gzip_decompress(dirs.root), "t") == entries);
}

TEST_CASE("Large PMTiles directories split into leaves under a root within 16 KiB") {
    // Irregular ids and lengths do not compress away, so 60,000 entries cannot fit in a root.
    std::mt19937 random(7);
    std::vector<PmtilesEntry> entries;
    std::uint64_t id = 0, offset = 0;
    for (int i = 0; i < 60000; ++i) {
        id += 1 + random() % 50;
        const auto length = static_cast<std::uint32_t>(1 + random() % 5000);
        entries.push_back({id, offset, length, 1 + static_cast<std::uint32_t>(random() % 3)});
        offset += length;
    }
    const auto dirs = build_directories(entries, gzip_it);
    CHECK(dirs.leaf_count > 1);
    CHECK(dirs.root.size() <= max_root_directory_bytes);
    const auto root = parse_directory(gzip_decompress(dirs.root), "t");
    REQUIRE(root.size() == dirs.leaf_count);
    std::vector<PmtilesEntry> all;
    for (const auto& leaf : root) {
        CHECK(leaf.run_length == 0);
        const auto inner =
            parse_directory(gzip_decompress(dirs.leaves.substr(leaf.offset, leaf.length)), "t");
        CHECK(inner.front().tile_id == leaf.tile_id);
        all.insert(all.end(), inner.begin(), inner.end());
    }
    CHECK(all == entries);
}
