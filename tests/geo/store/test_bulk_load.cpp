// Bulk loading: triggers dropped and put back, and a spatial index packed straight into the
// rtree module's tables, checked by SQLite's own rtreecheck() and by queries against brute force.
#include "geo/core/errors.hpp"
#include "geo/store/bulk_load.hpp"
#include "geo/store/database.hpp"

#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <set>

using namespace sna::geo;
using sna::test::TempDir;

namespace {

struct SpatialTable {
    TempDir dir;
    Database db{(dir.path() / "t.sqlite").string(), Database::Mode::read_write_create};

    SpatialTable() {
        db.exec("SELECT InitSpatialMetadata(1)");
        db.exec("CREATE TABLE pts (fid INTEGER PRIMARY KEY, name TEXT)");
        db.exec("SELECT AddGeometryColumn('pts', 'geom', 4326, 'POINT', 'XY', 1)");
        db.exec("SELECT CreateSpatialIndex('pts', 'geom')");
    }

    std::string triggers() {
        std::string out;
        Statement st(db,
                     "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                     "tbl_name = 'pts' ORDER BY name");
        while (st.step()) out += st.column_text(0) + "\n";
        return out;
    }

    std::int64_t count(const std::string& sql) {
        Statement st(db, sql);
        REQUIRE(st.step());
        return st.column_int(0);
    }

    std::string text(const std::string& sql) {
        Statement st(db, sql);
        REQUIRE(st.step());
        return st.column_text(0);
    }
};

/// Row ids in a box by the spatial index, and by testing every row.
std::pair<std::set<std::int64_t>, std::set<std::int64_t>> both_ways(Database& db, double x0,
                                                                    double y0, double x1,
                                                                    double y1) {
    std::set<std::int64_t> by_index, by_scan;
    Statement idx(db,
                  "SELECT pkid FROM idx_pts_geom WHERE xmax >= ? AND xmin <= ? AND ymax >= ? "
                  "AND ymin <= ?");
    idx.bind_all(x0, x1, y0, y1);
    while (idx.step()) by_index.insert(idx.column_int(0));
    Statement scan(db,
                   "SELECT fid FROM pts WHERE ST_X(geom) BETWEEN ? AND ? AND ST_Y(geom) BETWEEN ? "
                   "AND ?");
    scan.bind_all(x0, x1, y0, y1);
    while (scan.step()) by_scan.insert(scan.column_int(0));
    return {by_index, by_scan};
}

}  // namespace

TEST_CASE("Bulk load packs a spatial index that rtreecheck accepts and queries agree", "[store]") {
    const int rows = GENERATE(0, 7, 51, 52, 3000, 20000);
    SpatialTable t;
    const std::string before = t.triggers();
    REQUIRE(before.find("idx_pts_geom") != std::string::npos);
    SuspendedTriggers suspended(t.db, {"pts"});
    CHECK(t.triggers().empty());
    std::mt19937 random(static_cast<unsigned>(rows));
    std::uniform_real_distribution<double> lon(-6.0, 2.0), lat(50.0, 56.0);
    {
        Transaction tx{t.db};
        Statement insert(t.db,
                         "INSERT INTO pts (fid, name, geom) VALUES (?, 'p', "
                         "MakePoint(?, ?, 4326))");
        // Ids out of order and with gaps, as a table's ROWIDs may be.
        for (int i = 0; i < rows; ++i)
            insert.bind_all((i * 7919) % 100003 + 1, lon(random), lat(random)).run();
        tx.commit();
    }
    // The suspended insert triggers did not fill the index.
    CHECK(t.count("SELECT count(*) FROM idx_pts_geom") == 0);
    {
        Transaction tx{t.db};
        pack_spatial_index(t.db, "pts", "geom");
        suspended.restore();
        tx.commit();
    }
    CHECK(t.triggers() == before);
    CHECK(t.text("SELECT rtreecheck('idx_pts_geom')") == "ok");
    CHECK(t.count("SELECT count(*) FROM idx_pts_geom") == rows);
    CHECK(t.count("SELECT count(*) FROM idx_pts_geom i JOIN pts p ON p.fid = i.pkid WHERE "
                  "i.xmin <= ST_X(p.geom) AND i.xmax >= ST_X(p.geom) AND i.ymin <= ST_Y(p.geom) "
                  "AND i.ymax >= ST_Y(p.geom)") == rows);
    for (const auto& [x0, y0, x1, y1] :
         {std::tuple{-3.0, 51.0, -1.0, 53.0}, std::tuple{0.5, 54.5, 1.9, 55.9},
          std::tuple{-7.0, 49.0, 3.0, 57.0}}) {
        const auto [by_index, by_scan] = both_ways(t.db, x0, y0, x1, y1);
        CHECK(by_index == by_scan);
    }
    // The restored triggers keep the index up to date again.
    t.db.exec(
        "INSERT INTO pts (fid, name, geom) VALUES (200000, 'new', MakePoint(1.5, 51.5, 4326))");
    CHECK(t.count("SELECT count(*) FROM idx_pts_geom WHERE pkid = 200000") == 1);
    CHECK(t.text("SELECT rtreecheck('idx_pts_geom')") == "ok");
    // ... and SpatiaLite's geometry check: a wrong SRID is refused.
    CHECK_THROWS_AS(t.db.exec("INSERT INTO pts (fid, name, geom) VALUES (200001, 'bad', "
                              "MakePoint(1.5, 51.5, 27700))"),
                    StoreError);
}

TEST_CASE("Bulk load refuses a geometry the column does not allow, naming the row", "[store]") {
    SpatialTable t;
    SuspendedTriggers suspended(t.db, {"pts"});
    t.db.exec("INSERT INTO pts (fid, name, geom) VALUES (1, 'ok', MakePoint(1, 51, 4326))");
    t.db.exec("INSERT INTO pts (fid, name, geom) VALUES (42, 'srid', MakePoint(1, 51, 27700))");
    try {
        pack_spatial_index(t.db, "pts", "geom");
        FAIL("expected a StoreError");
    } catch (const StoreError& e) {
        CHECK(std::string(e.what()) ==
              "pts row 42: geom violates the geometry constraint (type or SRID not allowed)");
    }
    t.db.exec("DELETE FROM pts WHERE fid = 42");
    t.db.exec(
        "INSERT INTO pts (fid, name, geom) VALUES (43, 'line', "
        "GeomFromText('LINESTRING(0 50, 1 51)', 4326))");
    CHECK_THROWS_WITH(pack_spatial_index(t.db, "pts", "geom"),
                      Catch::Contains("pts row 43: geom violates"));
}
