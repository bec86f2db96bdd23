// The column store of points: one scan of `points` and one of `point_areas` give, row for row,
// the records read_points() gives point by point, with repeated strings kept once.
#include "geo/core/errors.hpp"
#include "geo/store/point_columns.hpp"
#include "geo/store/schema.hpp"
#include "geo/store/store_writer.hpp"

#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace sna::geo;
using sna::test::TempDir;

namespace {

PointRecord record(const std::string& layer, const std::string& kind, int i) {
    PointRecord r;
    r.layer = layer;
    r.kind = kind;
    r.source_id = kind == "school" ? "URN" + std::to_string(900 + i) : std::to_string(i);
    r.name = kind == "school" ? "School " + std::to_string(i) : "";
    r.category = i % 2 ? "Burglary" : "Robbery";
    r.period = kind == "school" ? "" : "2024-0" + std::to_string(1 + i % 3);
    r.attributes_json = kind == "school" ? R"({"pupils":)" + std::to_string(100 + i) + "}" : "{}";
    r.source_row = i + 2;
    r.location = Point{-1.9 + 0.01 * i, 52.4 + 0.01 * i};
    r.approximate = i == 3;
    return r;
}

/// Two layers whose points interleave by fid; the schools joined to two sets, incidents to one.
struct PointsDb {
    TempDir dir;
    Database db{(dir.path() / "p.sqlite").string(), Database::Mode::read_write_create};

    PointsDb() {
        create_schema(db);
        StoreWriter w(db);
        w.add_dataset({"d", "D", "", "", "", "", "", 5, ""});
        w.add_area_set({"lad", "Boroughs", "d", "", AreaLevel::local_authority, "", ""});
        w.add_area_set({"lsoa", "LSOAs", "d", "", AreaLevel::small_area, "", ""});
        w.add_point_layer("schools", "Schools", "school", "d", "s.csv");
        w.add_point_layer("crimes", "Crimes", "incident", "d", "c.csv");
        for (int i = 0; i < 6; ++i) {
            const bool school = i % 3 == 0;
            const auto fid = w.add_point(
                record(school ? "schools" : "crimes", school ? "school" : "incident", i));
            if (school) {
                w.add_point_areas(
                    fid, {{"lad", "E0800002" + std::to_string(i)}, {"lsoa", std::nullopt}});
            } else {
                w.add_point_areas(fid, {{"lad", i == 4 ? std::nullopt
                                                       : std::optional<std::string>("E08000025")}});
            }
        }
    }
};

}  // namespace

TEST_CASE("PointColumns reads every layer's points as read_points does, row for row") {
    PointsDb f;
    const auto layers = read_point_layers(f.db);
    const auto columns = read_point_columns(f.db, layers);
    REQUIRE(columns.size() == 2);
    for (const auto& layer : layers) {
        const PointColumns& c = columns.at(layer.id);
        const auto expected = read_points(f.db, layer.id);
        REQUIRE(c.size() == expected.size());
        CHECK(c.area_sets() == std::vector<std::string>{"lad", "lsoa"});
        for (std::size_t i = 0; i < c.size(); ++i) {
            const StoredPoint got = c.point(i);
            const StoredPoint& want = expected[i];
            CHECK(got.fid == want.fid);
            CHECK(got.record.layer == want.record.layer);
            CHECK(got.record.kind == want.record.kind);
            CHECK(got.record.source_id == want.record.source_id);
            CHECK(got.record.name == want.record.name);
            CHECK(got.record.category == want.record.category);
            CHECK(got.record.period == want.record.period);
            CHECK(got.record.attributes_json == want.record.attributes_json);
            CHECK(got.record.approximate == want.record.approximate);
            CHECK(got.record.location.x == want.record.location.x);
            CHECK(got.record.location.y == want.record.location.y);
            CHECK(got.areas == want.areas);
        }
    }
    const PointColumns& crimes = columns.at("crimes");
    REQUIRE(crimes.size() == 4);
    CHECK(crimes.area_code(0, 0) != nullptr);
    CHECK(crimes.area_code(0, 1) == nullptr);  // not joined to LSOAs
    CHECK(crimes.area_code(2, 0) == nullptr);  // the point in no borough
    CHECK(crimes.attributes().size() == 1);    // "{}" once for every incident
    CHECK(columns.at("schools").approximate(1));
    CHECK(columns.at("schools").attributes().size() == 2);
}

TEST_CASE("PointColumns keeps repeated strings once and distinct ones packed") {
    PointColumns c("l", {"b", "a"});
    CHECK(c.area_sets() == std::vector<std::string>{"a", "b"});
    PointRecord r = record("l", "incident", 1);
    for (int i = 0; i < 3; ++i) {
        r.source_id = std::string(static_cast<std::size_t>(20 + i), 'x');  // past SSO lengths
        const auto row = c.add(i + 1, r);
        c.set_area(row, 1, "B" + std::to_string(i % 2));
    }
    CHECK(c.size() == 3);
    CHECK(c.source_id(0).size() == 20);
    CHECK(c.source_id(2) == std::string(22, 'x'));
    CHECK(c.name(1).empty());
    CHECK(c.category(2) == "Burglary");
    CHECK(*c.area_code(2, 1) == "B0");
    CHECK(c.area_code(2, 0) == nullptr);
    CHECK(c.attributes_id(0) == c.attributes_id(2));
}

TEST_CASE("StringDictionary gives one id per distinct text, stable across moves") {
    StringDictionary d;
    const std::string long_text(40, 'q');
    CHECK(d.add("a") == 0);
    CHECK(d.add(long_text) == 1);
    for (int i = 0; i < 100; ++i) d.add("t" + std::to_string(i));  // grows the storage
    StringDictionary moved = std::move(d);
    CHECK(moved.add("a") == 0);
    CHECK(moved.add(long_text) == 1);
    CHECK(moved.add("t99") == 101);
    CHECK(moved.at(1) == long_text);
    CHECK(moved.size() == 102);
}

TEST_CASE("read_point_columns names a point whose layer is not in point_layers") {
    PointsDb f;
    auto layers = read_point_layers(f.db);
    layers.erase(layers.begin());  // as if one layer were unknown
    CHECK_THROWS_AS(read_point_columns(f.db, layers), DataError);
}
