#include "server/index/version_archive.hpp"

#include <catch2/catch.hpp>

using namespace sna;
using namespace sna::server;

namespace {

/// Two areas and one indicator; `values` gives (area, period, value).
std::unique_ptr<DataIndex> version(
    const std::string& id,
    const std::vector<std::tuple<std::string, std::string, double>>& values) {
    geo::Indicator indicator;
    indicator.id = "score";
    indicator.set_id = "lsoa";
    indicator.value_kind = "score";
    std::vector<geo::StoredArea> areas;
    for (const char* code : {"A", "B"}) {
        geo::StoredArea a;
        a.fid = static_cast<std::int64_t>(areas.size() + 1);
        a.area.set_id = "lsoa";
        a.area.code = code;
        a.area.name = code;
        areas.push_back(a);
    }
    std::vector<geo::StoredValue> stored;
    for (const auto& [code, period, value] : values) {
        geo::StoredValue v;
        v.indicator_id = "score";
        v.set_id = "lsoa";
        v.area_code = code;
        v.period = period;
        v.value = value;
        stored.push_back(v);
    }
    return std::make_unique<DataIndex>(
        std::map<std::string, std::string>{{"data_version", id}}, std::vector<geo::Dataset>{},
        std::vector<std::pair<geo::AreaSet, std::int64_t>>{
            {geo::AreaSet{"lsoa", "LSOA", "", "", geo::AreaLevel::small_area, "LSOA", "LSOAs"}, 2}},
        std::vector<geo::Indicator>{indicator}, areas, stored);
}

}  // namespace

TEST_CASE("comparing data versions counts changed, removed and added values") {
    const auto before =
        version("v1", {{"A", "2019", 10.0}, {"B", "2019", 20.0}, {"B", "2018", 5.0}});
    const auto after =
        version("v2", {{"A", "2019", 10.0}, {"B", "2019", 21.5}, {"A", "2020", 7.0}});
    const VersionChanges all = compare_versions(*before, *after, "");
    CHECK(all.compared == 2);
    CHECK(all.changed == 1);
    CHECK(all.removed == 1);  // B 2018
    CHECK(all.added == 1);    // A 2020
    REQUIRE(all.examples.size() == 1);
    CHECK(all.examples[0].area_code == "B");
    CHECK(all.examples[0].before == 20.0);
    CHECK(all.examples[0].after == 21.5);
    const VersionChanges only_a = compare_versions(*before, *after, "A");
    CHECK(only_a.changed == 0);
    CHECK(only_a.compared == 1);

    VersionArchive archive;
    archive.add(version("v0", {}));
    CHECK(archive.find("v0") != nullptr);
    CHECK(archive.find("v9") == nullptr);
}
