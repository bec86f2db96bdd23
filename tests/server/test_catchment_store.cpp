// The catchment store: content-addressed, bounded, in memory or as files written atomically
// and read back by another store on the same directory (a restarted server).

#include "server/index/catchment_store.hpp"

#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace sna;
using server::CatchmentStore;
using server::StoredCatchment;

namespace {

StoredCatchment sample(const std::string& id, const std::string& name) {
    StoredCatchment c;
    c.id = id;
    c.name = name;
    c.definition = {{"kind", "geometry"}};
    c.shape = geo::MultiPolygon{{geo::Polygon{{{{-1.91, 52.47}, {-1.9, 52.47}, {-1.9, 52.48}}}}}};
    return c;
}

const std::string id_a = "0123456789abcdef0123456789abcdef";
const std::string id_b = "fedcba9876543210fedcba9876543210";

}  // namespace

TEST_CASE("catchment store: in memory, bounded by count") {
    CatchmentStore store("", 1);
    CHECK(store.put(sample(id_a, "A")) == CatchmentStore::Put::created);
    CHECK(store.put(sample(id_a, "again")) == CatchmentStore::Put::existed);
    CHECK(store.put(sample(id_b, "B")) == CatchmentStore::Put::full);
    REQUIRE(store.get(id_a));
    CHECK(store.get(id_a)->name == "A");
    CHECK_FALSE(store.get(id_b));
    CHECK(store.size() == 1);
}

TEST_CASE("catchment store: files survive a restart and only ids are looked up") {
    const test::TempDir dir;
    const std::string path = dir.file("catchments");
    {
        CatchmentStore store(path, 10);
        CHECK(store.put(sample(id_a, "Estate")) == CatchmentStore::Put::created);
    }
    CHECK(std::filesystem::exists(path + "/" + id_a + ".geojson"));
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
        (void)entry;
        ++files;
    }
    CHECK(files == 1);  // no temporary file left beside it
    CatchmentStore reopened(path, 10);
    CHECK(reopened.size() == 1);
    const auto c = reopened.get(id_a);
    REQUIRE(c);
    CHECK(c->name == "Estate");
    CHECK(c->definition["kind"] == "geometry");
    CHECK(c->shape.polygons.at(0).rings.at(0).size() == 3);
    CHECK(c->shape.polygons[0].rings[0][1].x == -1.9);
    CHECK_FALSE(reopened.get("../" + id_a));
    CHECK_FALSE(reopened.get(id_b));
    CHECK(reopened.put(sample(id_a, "other")) == CatchmentStore::Put::existed);
}

TEST_CASE("catchment store: a damaged file is an error, not a silent miss") {
    const test::TempDir dir;
    dir.write("c/" + id_a + ".geojson", "{\"type\": \"Feature\"");
    CatchmentStore store(dir.file("c"), 10);
    CHECK_THROWS_WITH(store.get(id_a), Catch::Contains("cannot be read"));
}
