#include "geo/tileset/mbtiles_writer.hpp"

#include "geo/core/errors.hpp"
#include "tests/geo/tileset/tileset_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

using namespace sna::geo;
using sna::test::sample_metadata;

TEST_CASE("An MBTiles file has the 1.3 tables, TMS rows and vector_layers in json") {
    sna::test::TempDir dir;
    const std::string path = dir.file("w.mbtiles");
    {
        MbtilesWriter writer(path);
        writer.add_tile({12, 2026, 1344}, "tile-a");
        writer.add_tile({6, 31, 21}, "tile-b");
        writer.finish(sample_metadata());
        CHECK(writer.tile_count() == 2);
    }
    Database db(path, Database::Mode::read_only);
    auto app = db.prepare("PRAGMA application_id");
    REQUIRE(app.step());
    CHECK(app.column_int(0) == 0x4d504258);
    auto tiles = db.prepare(
        "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles ORDER BY zoom_level");
    REQUIRE(tiles.step());
    CHECK(tiles.column_int(0) == 6);
    CHECK(tiles.column_int(1) == 31);
    CHECK(tiles.column_int(2) == 63 - 21);
    CHECK(tiles.column_blob(3) == "tile-b");
    REQUIRE(tiles.step());
    CHECK(tiles.column_int(2) == 4095 - 1344);
    CHECK(tiles.column_blob(3) == "tile-a");
    CHECK_FALSE(tiles.step());

    std::map<std::string, std::string> meta;
    auto rows = db.prepare("SELECT name, value FROM metadata");
    while (rows.step()) meta[rows.column_text(0)] = rows.column_text(1);
    CHECK(meta["name"] == "LSOA 2021");
    CHECK(meta["format"] == "pbf");
    CHECK(meta["minzoom"] == "0");
    CHECK(meta["maxzoom"] == "2");
    CHECK(meta["bounds"] == "-2.2,52.3,-1.4,52.7");
    CHECK(meta["center"] == "-1.8,52.5,1");
    CHECK(meta["data_version"] == "abc123");
    CHECK(meta["attribution"] == sample_metadata().attribution);
    CHECK(meta["type"] == "overlay");
    const auto json = nlohmann::json::parse(meta["json"]);
    CHECK(json["vector_layers"][0]["id"] == "lsoa21");
    CHECK(json["vector_layers"][0]["fields"]["imd"] == "Number");
}

TEST_CASE("A failed MBTiles export leaves the previous file untouched and no temporary file") {
    sna::test::TempDir dir;
    const std::string path = dir.file("w.mbtiles");
    std::ofstream(path) << "previous";
    {
        MbtilesWriter writer(path);
        writer.add_tile({6, 31, 21}, "tile-b");
        CHECK_THROWS_AS(writer.add_tile({6, 31, 21}, "again"), StoreError);
    }
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    CHECK(text.str() == "previous");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    CHECK(files == 1);
}

TEST_CASE("MBTiles rows count from the south") {
    CHECK(mbtiles_row({0, 0, 0}) == 0);
    CHECK(mbtiles_row({1, 0, 0}) == 1);
    CHECK(mbtiles_row({1, 0, 1}) == 0);
    CHECK(mbtiles_row({16, 0, 65535}) == 0);
}
