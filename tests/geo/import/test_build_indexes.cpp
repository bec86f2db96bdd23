// A build's bulk load (triggers suspended, spatial indexes packed after the inserts) leaves the
// file SpatiaLite itself would have made: the same triggers, R*Trees that SQLite's rtreecheck()
// accepts and that find what a scan finds, and a normal rollback journal for later writers.
#include "geo/core/progress.hpp"
#include "geo/import/builder.hpp"
#include "geo/store/database.hpp"
#include "geo/store/schema.hpp"

#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace sna::geo;
using sna::test::TempDir;

namespace {

std::vector<std::string> column(Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.column_text(0));
    return out;
}

std::int64_t number(Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_int(0);
}

const std::string triggers_sql =
    "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
    "('areas', 'points') ORDER BY name";

}  // namespace

TEST_CASE("a build packs the spatial indexes and puts SpatiaLite's triggers back") {
    TempDir dir;
    const fs::path good = fs::path(SNAMAP_SOURCE_DIR) / "tests" / "data" / "good";
    const fs::path output = dir.path() / "out.sqlite";
    std::ostringstream log;
    Progress progress(log, false, true);
    build_database({(good / "manifest.json").string(), good.string(), output.string()}, progress);

    // What create_schema alone leaves: SpatiaLite's own triggers, untouched by any bulk load.
    Database reference((dir.path() / "reference.sqlite").string(),
                       Database::Mode::read_write_create);
    create_schema(reference);
    const auto expected_triggers = column(reference, triggers_sql);
    REQUIRE(expected_triggers.size() >= 4);

    Database db(output.string(), Database::Mode::read_write_create);
    CHECK(column(db, triggers_sql) == expected_triggers);
    for (const std::string table : {"areas", "points"}) {
        const std::string index = "idx_" + table + "_geom";
        INFO(index);
        CHECK(column(db, "SELECT rtreecheck('" + index + "')") == std::vector<std::string>{"ok"});
        const std::int64_t rows = number(db, "SELECT count(*) FROM " + table);
        CHECK(rows > 0);
        CHECK(number(db, "SELECT count(*) FROM " + index) == rows);
        // Every row's box in the index holds the row's geometry's box.
        CHECK(number(db, "SELECT count(*) FROM " + index + " i JOIN " + table +
                             " t ON t.fid = i.pkid WHERE i.xmin <= MbrMinX(t.geom) AND "
                             "i.xmax >= MbrMaxX(t.geom) AND i.ymin <= MbrMinY(t.geom) AND "
                             "i.ymax >= MbrMaxY(t.geom)") == rows);
        // SpatiaLite's own index lookup finds what a scan finds.
        const std::string box = "BuildMbr(-1.91, 52.47, -1.89, 52.49, 4326)";
        CHECK(column(db, "SELECT fid FROM " + table +
                             " WHERE ROWID IN (SELECT ROWID FROM SpatialIndex WHERE "
                             "f_table_name = '" +
                             table + "' AND search_frame = " + box + ") AND MbrIntersects(geom, " +
                             box + ") ORDER BY fid") ==
              column(db, "SELECT fid FROM " + table + " WHERE MbrIntersects(geom, " + box +
                             ") ORDER BY fid"));
    }
    // The build-only settings did not stay with the file.
    CHECK(column(db, "PRAGMA journal_mode") == std::vector<std::string>{"delete"});
    // The restored triggers keep the index current for a later writer.
    db.exec(
        "INSERT INTO points (layer, kind, geom) VALUES ('sites', 'site', "
        "MakePoint(-1.9, 52.48, 4326))");
    CHECK(number(db, "SELECT count(*) FROM idx_points_geom WHERE pkid = last_insert_rowid()") == 1);
    CHECK(column(db, "SELECT rtreecheck('idx_points_geom')") == std::vector<std::string>{"ok"});
}
