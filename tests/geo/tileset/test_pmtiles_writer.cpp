#include "geo/tileset/pmtiles_writer.hpp"

#include "geo/core/errors.hpp"
#include "geo/tileset/pmtiles_reader.hpp"
#include "geo/tileset/pmtiles_tile_id.hpp"
#include "tests/geo/tileset/tileset_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>
#include <sstream>

using namespace sna::geo;
using sna::test::sample_metadata;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t files_in(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
    return n;
}

}  // namespace

TEST_CASE("A PMTiles archive reads back tile by tile with identical tiles stored once") {
    sna::test::TempDir dir;
    const std::string path = dir.file("t.pmtiles");
    PmtilesWriter writer(path);
    // In tile id order: 0/0/0 (id 0), then z1 ids 1-4, then 2/0/0 (id 5).
    writer.add_tile({0, 0, 0}, "AAAA");
    writer.add_tile({1, 0, 0}, "BB");
    writer.add_tile({1, 0, 1}, "BB");
    writer.add_tile({1, 1, 1}, "BB");
    writer.add_tile({1, 1, 0}, "CCC");
    writer.add_tile({2, 0, 0}, "AAAA");
    writer.finish(sample_metadata());

    PmtilesReader reader(path);
    const PmtilesHeader& h = reader.header();
    CHECK(h.addressed_tiles == 6);
    CHECK(h.tile_entries == 4);   // the three BB tiles are one run
    CHECK(h.tile_contents == 3);  // AAAA, BB, CCC
    CHECK(h.tile_data_length == 9);
    CHECK(h.clustered);
    CHECK(h.min_zoom == 0);
    CHECK(h.max_zoom == 2);
    CHECK(h.min_lon_e7 == -22000000);
    CHECK(h.center_zoom == 1);
    CHECK(h.root_offset == 127);
    CHECK(h.leaves_length == 0);
    CHECK(std::filesystem::file_size(path) == h.tile_data_offset + h.tile_data_length);

    CHECK(reader.tile({0, 0, 0}) == std::string("AAAA"));
    CHECK(reader.tile({1, 0, 1}) == std::string("BB"));
    CHECK(reader.tile({1, 1, 1}) == std::string("BB"));
    CHECK(reader.tile({1, 1, 0}) == std::string("CCC"));
    CHECK(reader.tile({2, 0, 0}) == std::string("AAAA"));
    CHECK_FALSE(reader.tile({2, 3, 3}));
    const auto entries = reader.tile_entries();
    REQUIRE(entries.size() == 4);
    CHECK(entries[1] == PmtilesEntry{1, 4, 2, 3});
    CHECK(entries[3] == PmtilesEntry{5, 0, 4, 1});  // points back at the first AAAA

    const auto meta = nlohmann::json::parse(reader.metadata_json());
    CHECK(meta["name"] == "LSOA 2021");
    CHECK(meta["attribution"] == "Contains OS data © Crown copyright");
    CHECK(meta["vector_layers"][0]["id"] == "lsoa21");
    CHECK(meta["vector_layers"][0]["fields"]["code"] == "String");
    CHECK(meta["bounds"] == nlohmann::json({-2.2, 52.3, -1.4, 52.7}));
    CHECK(meta["minzoom"] == 0);
    CHECK(meta["maxzoom"] == 2);
    CHECK(meta["version"] == "1.0.0");
    CHECK(meta["data_version"] == "abc123");
    CHECK(files_in(dir.path()) == 1);  // no temporary files left
}

TEST_CASE("A PMTiles archive with many tiles uses leaf directories and finds every tile") {
    sna::test::TempDir dir;
    const std::string path = dir.file("big.pmtiles");
    std::mt19937 random(11);
    std::vector<std::pair<TileId, std::string>> tiles;
    {
        PmtilesWriter writer(path);
        for (std::uint64_t id = pmtiles_tile_id({9, 0, 0}); tiles.size() < 40000; ++id) {
            if (random() % 3 == 0) continue;  // gaps, so runs and deltas vary
            std::string data(1 + random() % 40, static_cast<char>('a' + random() % 26));
            data += std::to_string(id);
            tiles.emplace_back(tile_of_pmtiles_id(id), data);
            writer.add_tile(tiles.back().first, data);
        }
        auto m = sample_metadata();
        m.max_zoom = 10;
        writer.finish(m);
    }
    PmtilesReader reader(path);
    CHECK(reader.header().leaves_length > 0);
    CHECK(reader.header().root_length <= max_root_directory_bytes);
    CHECK(reader.header().tile_entries == 40000);
    for (std::size_t i = 0; i < tiles.size(); i += 997) {
        INFO("tile " << i);
        CHECK(reader.tile(tiles[i].first) == tiles[i].second);
    }
    CHECK(reader.tile_entries().size() == 40000);
}

TEST_CASE("A failed PMTiles export leaves the previous file untouched") {
    sna::test::TempDir dir;
    const std::string path = dir.file("t.pmtiles");
    std::ofstream(path) << "previous archive";
    {
        PmtilesWriter writer(path);
        writer.add_tile({0, 0, 0}, "AAAA");
        writer.add_tile({1, 1, 1}, "BB");
        CHECK_THROWS_WITH(writer.add_tile({1, 0, 0}, "BB"),
                          Catch::Contains("ascending tile id order") && Catch::Contains("1/0/0"));
    }  // destroyed without finish()
    CHECK(slurp(path) == "previous archive");
    CHECK(files_in(dir.path()) == 1);
    {
        PmtilesWriter empty(path);
        CHECK_THROWS_WITH(empty.finish(sample_metadata()), Catch::Contains("no tiles"));
    }
    {
        PmtilesWriter writer(path);
        writer.add_tile({0, 0, 0}, "AAAA");
        auto bad = sample_metadata();
        bad.vector_layers_json = "{}";
        CHECK_THROWS_WITH(writer.finish(bad), Catch::Contains("vector_layers"));
    }
    CHECK(slurp(path) == "previous archive");
    CHECK(files_in(dir.path()) == 1);
}

TEST_CASE("A PMTiles export into a missing folder is refused up front") {
    CHECK_THROWS_WITH(PmtilesWriter("/nonexistent-snamap/x.pmtiles"),
                      Catch::Contains("output folder '/nonexistent-snamap' does not exist"));
}
