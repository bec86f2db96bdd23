// Issue 17: profiles answered from figures precomputed at start-up (server/index/profile_figures)
// carry exactly the figures of the per-request computation they replaced
// (tests/integration/reference_profile.cpp): every indicator's value, interval, comparator,
// significance, rank, decile and quintile, for LSOAs of both vintages, wards, every borough and
// the force area, on the real West Midlands database.
#include "server/index/profile_figures.hpp"
#include "tests/integration/reference_profile.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

using namespace sna;
using nlohmann::json;

namespace {

struct Sample {
    std::string set;
    std::string code;
};

/// LSOAs (one with no police.uk record in any month), wards of three boroughs, every borough and
/// the force area: every kind of entry (stored, pooled from LSOAs, pooled from boroughs).
std::vector<Sample> samples(const server::DataIndex& data) {
    std::vector<Sample> out = {{"lsoa21", "E01009417"}, {"lsoa21", "E01033567"},
                               {"lsoa21", "E01008978"}, {"lsoa11", "E01009417"},
                               {"lsoa11", "E01008978"}, {"pfa", "E23000014"}};
    const auto& wards = data.areas_in_set("ward22");
    for (std::size_t k = 0; k < wards.size(); k += 47) out.push_back({"ward22", wards[k]->code});
    for (const server::AreaEntry* lad : data.areas_in_set("lad")) out.push_back({"lad", lad->code});
    return out;
}

}  // namespace

TEST_CASE("profiles: precomputed figures equal the per-request computation", "[real]") {
    const auto& f = test::real_fixture();
    std::size_t profiles = 0, entries = 0, aggregated = 0, ranked = 0;
    for (const Sample& s : samples(*f.data)) {
        INFO(s.set << " " << s.code);
        const server::AreaEntry* area = f.data->area(s.set, s.code);
        REQUIRE(area);
        const json now = test::body_of(f.get("/api/areas/" + s.code + "/profile?set=" + s.set));
        json before = test::reference::area_profile_json(*f.data, *area);
        CHECK(now["profile_format"] == 2);
        REQUIRE(now["indicators"].size() == before["indicators"].size());
        REQUIRE(!before["indicators"].empty());
        for (std::size_t k = 0; k < before["indicators"].size(); ++k) {
            json& old_entry = before["indicators"][k];
            const json& entry = now["indicators"][k];
            INFO(old_entry["id"]);
            // Format 2 moved the citation to the profile's datasets map; the rest is unchanged.
            CHECK(now["datasets"][entry["dataset"].get<std::string>()] == old_entry["citation"]);
            old_entry.erase("citation");
            // json's == compares numbers by value, so 714 (format 2) equals 714.0 (format 1).
            CHECK(entry == old_entry);
            ++entries;
            aggregated += old_entry.contains("aggregated") ? 1 : 0;
            ranked += old_entry["regional"].is_object() ? 1 : 0;
        }
        before.erase("indicators");
        for (const auto& [key, value] : before.items()) CHECK(now[key] == value);
        ++profiles;
    }
    CHECK(profiles == 18);
    // Enough of every kind for the comparison to mean something.
    CHECK(entries > 1000);
    CHECK(aggregated > 500);
    CHECK(ranked > 700);
}

TEST_CASE("profiles: every precomputed comparator equals the computed one", "[real]") {
    const auto& data = *test::real_fixture().data;
    std::size_t compared = 0;
    for (const auto& i : data.indicators()) {
        INFO(i.id);
        const std::string period = data.default_period(i.id);
        std::set<std::pair<std::string, std::string>> parents = {{"", ""}};
        for (const server::AreaEntry* a : data.areas_in_set(i.set_id))
            for (const auto& p : a->parents) parents.insert(p);
        for (const auto& [set, code] : parents) {
            INFO(set << " " << code);
            const server::ComparatorValue* stored = data.figures().comparator(i, period, set, code);
            const server::ComparatorValue computed =
                data.compute_comparator(i.id, period, set, code);
            if (!geo::method_for(i)) {
                CHECK(stored == nullptr);
                continue;
            }
            REQUIRE(stored);
            // Exact equality: the children are pooled in the same order as before.
            CHECK(stored->value == computed.value);
            CHECK(stored->numerator == computed.numerator);
            CHECK(stored->denominator == computed.denominator);
            CHECK(stored->areas == computed.areas);
            CHECK(stored->method == computed.method);
            ++compared;
        }
    }
    CHECK(compared > 8000);
}

TEST_CASE("profiles: indicators= selects entries, unchanged, with their datasets only", "[real]") {
    const auto& f = test::real_fixture();
    const std::string base = "/api/areas/E05011118/profile";  // Acocks Green (ward)
    const json full = test::body_of(f.get(base));
    const json some =
        test::body_of(f.get(base + "?indicators=crime_all_rate,imd25_score,lait_cla_rate"));
    // lait_cla_rate is published for boroughs only: not in a ward's profile, so not here either.
    REQUIRE(some["indicators"].size() == 2);
    std::set<std::string> datasets;
    for (const json& entry : some["indicators"]) {
        INFO(entry["id"]);
        bool found = false;
        for (const json& e : full["indicators"]) {
            if (e["id"] == entry["id"]) found = (e == entry);
        }
        CHECK(found);
        datasets.insert(entry["dataset"].get<std::string>());
    }
    CHECK(some["datasets"].size() == datasets.size());
    CHECK(f.get(base + "?indicators=no_such_indicator").status == 404);
}
