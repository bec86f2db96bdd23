// `snamap export-tiles` on the real West Midlands database: every tile of the PMTiles and
// MBTiles files is byte-for-byte the tile the server's route answers (gzip) for that z/x/y, the
// server's empty tiles (204) are left out, the metadata carries the TileJSON fields, and GDAL's
// MBTiles driver reads every LSOA back.
#include "geo/store/database.hpp"
#include "geo/tileset/mbtiles_writer.hpp"
#include "geo/tileset/pmtiles_reader.hpp"
#include "geo/tileset/tileset_export.hpp"
#include "tests/geo/tiles/run_command.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <regex>
#include <set>

using namespace sna;

namespace {

constexpr const char* layer = "lsoa21";

std::string tile_path(const geo::TileId& t) {
    return "/tiles/" + std::string(layer) + "/" + std::to_string(t.z) + "/" + std::to_string(t.x) +
           "/" + std::to_string(t.y) + ".mvt";
}

void export_tiles(const std::string& output) {
    const std::string command = std::string(SNAMAP_BINARY) + " export-tiles '" +
                                test::westmids_database() + "' --layer " + layer +
                                " --minzoom 8 --maxzoom 11 --quiet -o '" + output + "' 2>&1";
    const auto result = geo::test::run_command(command);
    INFO(result.output);
    REQUIRE(result.status == 0);
}

/// Both files, exported once per test process.
struct Exported {
    test::TempDir dir;
    std::string pmtiles = dir.file("lsoa21.pmtiles");
    std::string mbtiles = dir.file("lsoa21.mbtiles");
};

const Exported& exported() {
    static const Exported files;
    static const bool written = [] {
        export_tiles(files.pmtiles);
        export_tiles(files.mbtiles);
        return true;
    }();
    REQUIRE(written);
    return files;
}

}  // namespace

TEST_CASE("Exported PMTiles and MBTiles hold exactly the tiles the server serves", "[real]") {
    const auto& f = test::real_fixture();
    const std::string& pmtiles = exported().pmtiles;
    const std::string& mbtiles = exported().mbtiles;

    geo::PmtilesReader reader(pmtiles);
    CHECK(reader.header().min_zoom == 8);
    CHECK(reader.header().max_zoom == 11);
    CHECK(reader.header().tile_compression == geo::PmtilesCompression::gzip);
    CHECK(reader.header().clustered);
    std::size_t served = 0, empty = 0;
    for (const auto& t : geo::tiles_to_export(f.tiles->bounds(layer), 8, 11)) {
        INFO(tile_path(t));
        const auto response = f.get(tile_path(t), "Accept-Encoding", "gzip");
        const auto archived = reader.tile(t);
        if (response.status == 204) {
            CHECK_FALSE(archived);
            ++empty;
            continue;
        }
        REQUIRE(response.status == 200);
        REQUIRE(archived);
        CHECK(*archived == response.body_view());
        ++served;
    }
    CHECK(served >= 20);  // 28 at z8-11 on the 2026 data
    CHECK(empty > 0);     // the ring of tiles round the region
    CHECK(reader.header().addressed_tiles == served);

    // The MBTiles file holds the same bytes, rows flipped to TMS.
    geo::Database db(mbtiles, geo::Database::Mode::read_only);
    auto rows = db.prepare("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles");
    std::size_t rows_seen = 0;
    while (rows.step()) {
        const auto z = static_cast<std::uint32_t>(rows.column_int(0));
        const geo::TileId t{
            z, static_cast<std::uint32_t>(rows.column_int(1)),
            geo::tiles_per_axis(z) - 1 - static_cast<std::uint32_t>(rows.column_int(2))};
        INFO(tile_path(t));
        CHECK(reader.tile(t) == rows.column_blob(3));
        ++rows_seen;
    }
    CHECK(rows_seen == served);
}

TEST_CASE("Exported tileset metadata carries the layer's TileJSON fields", "[real]") {
    const auto& f = test::real_fixture();
    const std::string& pmtiles = exported().pmtiles;
    geo::PmtilesReader reader(pmtiles);
    const auto meta = nlohmann::json::parse(reader.metadata_json());
    const auto tilejson = test::body_of(f.get("/tiles/lsoa21.json"));
    CHECK(meta["name"] == tilejson["name"]);
    CHECK(meta["attribution"] == tilejson["attribution"]);
    CHECK(meta["attribution"].get<std::string>().find("Office for National Statistics") !=
          std::string::npos);
    CHECK(meta["bounds"] == tilejson["bounds"]);
    CHECK(meta["version"] == tilejson["version"]);
    CHECK(meta["data_version"] == tilejson["data_version"]);
    CHECK(meta["minzoom"] == 8);
    CHECK(meta["maxzoom"] == 11);
    REQUIRE(meta["vector_layers"].size() == 1);
    CHECK(meta["vector_layers"][0]["id"] == "lsoa21");
    CHECK(meta["vector_layers"][0]["fields"] == tilejson["vector_layers"][0]["fields"]);
    CHECK(meta["vector_layers"][0]["maxzoom"] == 11);
}

TEST_CASE("GDAL's MBTiles driver reads every LSOA from the exported file", "[real]") {
    const auto& f = test::real_fixture();
    const std::string& mbtiles = exported().mbtiles;
    const auto info =
        geo::test::run_command("ogrinfo -ro -so -al -oo ZOOM_LEVEL=10 '" + mbtiles + "'");
    REQUIRE(info.status == 0);
    CHECK_THAT(info.output, Catch::Contains("Layer name: lsoa21"));
    CHECK_THAT(info.output, Catch::Contains("code: String"));
    const auto all =
        geo::test::run_command("ogrinfo -ro -q -al -oo ZOOM_LEVEL=10 '" + mbtiles + "'");
    REQUIRE(all.status == 0);
    std::set<std::string> codes;
    // The LSOA's own code, not its parents' (lad_code, ward22_code …).
    const std::regex code_line(R"(\n\s*code \(String\) = (E01\d{6}))");
    for (std::sregex_iterator it(all.output.begin(), all.output.end(), code_line), end; it != end;
         ++it)
        codes.insert((*it)[1]);
    std::size_t lsoas = 0;
    for (const auto& [set, count] : f.data->area_sets())
        if (set.id == layer) lsoas = static_cast<std::size_t>(count);
    CHECK(lsoas == 1719);
    CHECK(codes.size() == lsoas);
}

TEST_CASE("export-tiles refuses bad arguments with clear messages", "[real]") {
    const test::TempDir dir;
    const std::string db = test::westmids_database();
    const auto run = [&](const std::string& args) {
        return geo::test::run_command(std::string(SNAMAP_BINARY) + " export-tiles '" + db + "' " +
                                      args + " 2>&1");
    };
    const auto unknown = run("--layer nope -o '" + dir.file("x.pmtiles") + "'");
    CHECK(WEXITSTATUS(unknown.status) == 2);
    CHECK_THAT(unknown.output,
               Catch::Contains("no tile layer 'nope'") && Catch::Contains("lsoa21"));
    const auto zoom = run("--layer lsoa21 --minzoom 3 -o '" + dir.file("x.pmtiles") + "'");
    CHECK_THAT(zoom.output, Catch::Contains("has tiles from z8 to z16"));
    const auto format = run("--layer lsoa21 -o '" + dir.file("x.zip") + "'");
    CHECK_THAT(format.output, Catch::Contains("--format pmtiles"));
    const auto folder = run("--layer lsoa21 -o /nonexistent-snamap/x.pmtiles");
    CHECK_THAT(folder.output,
               Catch::Contains("output folder '/nonexistent-snamap' does not exist"));
    const auto itself = run("--layer lsoa21 --format mbtiles -o '" + db + "'");
    CHECK_THAT(itself.output, Catch::Contains("is the database itself"));
    CHECK(std::filesystem::is_empty(dir.path()));
}
