// Issue 4 on the real West Midlands build: England comparators, small-number suppression,
// incident counts from the February 2011 points, and school surroundings in EPSG:27700.
#include "geo/core/geometry.hpp"
#include "geo/tiles/mvt_decoder.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>

using namespace sna;
using nlohmann::json;

namespace {

const test::ServerFixture& fixture() {
    return test::real_fixture();
}

json body_of(const server::HttpResponse& r) {
    REQUIRE(r.status == 200);
    return json::parse(r.body);
}

json indicator_in(const json& profile, const std::string& id) {
    for (const auto& i : profile["indicators"]) {
        if (i["id"] == id) return i;
    }
    FAIL("indicator " << id << " not in the profile");
    return {};
}

}  // namespace

// DfE_exclusions_rates_by_LA_2006-07_to_2016-17.csv, row 2: 201617, National, England, Total,
// headcount 8,025,075, perm_excl 7,720, perm_excl_rate 0.1 (rounded). Birmingham 201617: 256 of
// 198,136 = 0.129 %, Wilson 95 % about [0.114, 0.146] %: above England's 0.0962 % → worse.
// Coventry 62 of 54,970 = 0.113 %, 95 % about [0.088, 0.145] %: contains 0.0962 → similar.
TEST_CASE("analytics: England comparator from the DfE National rows", "[real]") {
    const auto& f = fixture();
    const json birmingham = body_of(f.get("/api/areas/E08000025/profile?set=lad"));
    const json perm = indicator_in(birmingham, "dfe_perm_excl_rate");
    CHECK(perm["period"] == "201617");
    const json& england = perm["england"];
    CHECK(england["code"] == "E92000001");
    CHECK(england["published_value"] == 0.1);
    CHECK(england["numerator"] == 7720);
    CHECK(england["denominator"] == 8025075);
    CHECK(england["value"].get<double>() == Approx(100.0 * 7720 / 8025075));
    CHECK(england["source"].get<std::string>().find("level = National") != std::string::npos);
    CHECK(england["significance_95"]["judgement"] == "worse");
    CHECK(england["significance_998"]["judgement"] == "worse");
    // Fixed-period exclusions, England 201617: 381,865 of 8,025,075 = 4.758 % (published 4.76).
    const json fixed = indicator_in(birmingham, "dfe_fixed_excl_rate");
    CHECK(fixed["england"]["value"].get<double>() == Approx(100.0 * 381865 / 8025075));
    CHECK(fixed["england"]["published_value"] == 4.76);

    const json coventry = body_of(f.get("/api/areas/E08000026/profile?set=lad"));
    CHECK(indicator_in(coventry, "dfe_perm_excl_rate")["england"]["significance_95"]["judgement"] ==
          "similar");

    // Declared by definition: England's share of LSOAs in the most deprived national decile.
    const json share = indicator_in(birmingham, "imd25_lsoa_summary_proportion_most_deprived_10");
    CHECK(share["england"]["value"] == 0.1);
    CHECK(share["england"]["source"] == "manifest");
}

TEST_CASE("analytics: no England value is null with a reason, never omitted", "[real]") {
    const auto& f = fixture();
    const json lsoa = body_of(f.get("/api/areas/E01008978/profile?set=lsoa21"));
    for (const char* id : {"crime_all_rate", "imd25_score", "census21_population"}) {
        const json i = indicator_in(lsoa, id);
        REQUIRE(i.contains("england"));
        CHECK(i["england"]["value"].is_null());
        CHECK_FALSE(i["england"]["reason"].get<std::string>().empty());
        CHECK(i["england"]["significance_95"]["judgement"] == "not_compared");
    }
    CHECK(indicator_in(lsoa, "crime_all_rate")["england"]["reason"].get<std::string>().find(
              "West Midlands Police force area only") != std::string::npos);
    // Every indicator of every profile carries an england object.
    for (const auto& i : lsoa["indicators"]) CHECK(i.contains("england"));
}

TEST_CASE("analytics: suppression is per dataset — off for police.uk and Census, on for DfE",
          "[real]") {
    const auto& f = fixture();
    // Census 2021 households deprived in 4 dimensions: 926 LSOAs have a count of 1-4; ONS has
    // already protected these, so they are published (threshold 0).
    const json census = body_of(f.get("/api/indicators/census21_households_4dim_pct/values"));
    CHECK(census["suppression"]["threshold"] == 0.0);
    CHECK(census["suppression"]["suppressed"] == 0);
    const json crime = body_of(f.get("/api/indicators/crime_robbery/values"));
    CHECK(crime["suppression"]["threshold"] == 0.0);
    // DfE LA exclusions keep the default; DfE already withholds its own small cells ("x").
    const json dfe = body_of(f.get("/api/indicators/dfe_perm_excl_rate/values?period=200910"));
    CHECK(dfe["suppression"]["threshold"] == 5.0);
    CHECK(dfe["values"]["E08000031"]["v"].is_null());  // Wolverhampton 200910: "x" in the source
    const json catalogue = body_of(f.get("/api/indicators"));
    bool police_note = false;
    for (const auto& d : catalogue["datasets"]) {
        if (d["dataset"] == "policeuk")
            police_note = !d["suppression"]["note"].get<std::string>().empty();
    }
    CHECK(police_note);
}

// Schools layer (wmvru_schools, default threshold 5): per-school exclusion counts of 1-4 are
// withheld from point tiles and from the priority-school rates.
TEST_CASE("analytics: small school exclusion counts are withheld from tiles and priority list",
          "[real]") {
    const auto& f = fixture();
    std::size_t suppressed = 0, shown = 0;
    for (int x = 504; x <= 509; ++x) {
        for (int y = 333; y <= 338; ++y) {
            const std::string tile =
                "/tiles/schools/10/" + std::to_string(x) + "/" + std::to_string(y) + ".mvt";
            // The counts are partner-only (data/README.md): anonymous tiles have the schools
            // without them, or any trace of them.
            const auto open = f.get(tile);
            if (open.status == 200) {
                for (const auto& layer : geo::decode_tile(open.body)) {
                    for (const auto& feature : layer.features) {
                        CHECK_FALSE(feature.find("Pex_201819"));
                        CHECK_FALSE(feature.find("Pex_201819_suppressed"));
                    }
                }
            }
            const auto r = f.get_as_partner(tile);
            CHECK(r.status == open.status);
            if (r.status != 200) continue;
            for (const auto& layer : geo::decode_tile(r.body)) {
                for (const auto& feature : layer.features) {
                    if (feature.find("Pex_201819_suppressed")) ++suppressed;
                    const geo::PropertyValue* v = feature.find("Pex_201819");
                    if (!v) continue;
                    ++shown;
                    double n = -1;
                    if (const auto* d = std::get_if<double>(v)) n = *d;
                    if (const auto* i = std::get_if<std::int64_t>(v)) n = static_cast<double>(*i);
                    if (const auto* u = std::get_if<std::uint64_t>(v)) n = static_cast<double>(*u);
                    CHECK((n == 0 || n >= 5));
                }
            }
        }
    }
    CHECK(suppressed > 0);
    CHECK(shown > 0);
    const std::string priority = "/api/schools/priority?radius=1000&limit=2000&phase=all";
    CHECK(f.get(priority).status == 403);  // the ranking reads the partner-only counts
    const json schools = body_of(f.get_as_partner(priority));
    CHECK(schools["includes_reserved"] == json::array({"partner"}));
    std::size_t withheld = 0;
    for (const auto& s : schools["schools"]) {
        const json& p = s["school"]["permanent_exclusion_rate"];
        if (!p.is_object()) continue;
        if (p.contains("suppressed")) {
            ++withheld;
            CHECK(p["value"].is_null());
            CHECK(p["numerator"].is_null());
        } else {
            const double n = p["numerator"];
            CHECK((n == 0 || n >= 5));
        }
    }
    CHECK(withheld > 0);
}

// SOURCES.md, crime/2011-02-west-midlands-street.csv: 25,539 of 25,558 points fall inside an
// LSOA 2011 polygon (Birmingham 10,859; Coventry 3,316; Dudley 2,359; Sandwell 2,762; Solihull
// 1,742; Walsall 2,426; Wolverhampton 2,075).
TEST_CASE("analytics: February 2011 incidents counted per LSOA 2011 from the joined points",
          "[real]") {
    const auto& f = fixture();
    double total = 0;
    std::map<std::string, double> by_borough;
    for (const server::AreaEntry* a : f.data->areas_in_set("lsoa11")) {
        const std::optional<server::ValueEntry> v =
            f.data->value("inc2011_all", a->code, "2011-02");
        REQUIRE(v);
        total += *v->value;
        by_borough[a->parents.at("lad")] += *v->value;
    }
    CHECK(total == 25539);
    CHECK(by_borough["E08000025"] == 10859);
    CHECK(by_borough["E08000026"] == 3316);
    CHECK(by_borough["E08000027"] == 2359);
    CHECK(by_borough["E08000028"] == 2762);
    CHECK(by_borough["E08000029"] == 1742);
    CHECK(by_borough["E08000030"] == 2426);
    CHECK(by_borough["E08000031"] == 2075);
    // Categories sum to the total; legacy categories as in the file (SOURCES.md).
    double categories = 0;
    for (const char* id :
         {"inc2011_anti_social_behaviour", "inc2011_other_crime", "inc2011_violent_crime",
          "inc2011_burglary", "inc2011_vehicle_crime", "inc2011_robbery"}) {
        REQUIRE(f.data->indicator(id));
        for (const server::AreaEntry* a : f.data->areas_in_set("lsoa11"))
            categories += *f.data->value(id, a->code, "2011-02")->value;
    }
    CHECK(categories == 25539);
    // The rate is per 1,000 mid-2015 residents, with a Byar interval and borough comparator.
    const json profile = body_of(f.get("/api/areas/E08000025/profile?set=lad"));
    (void)profile;
    const json lsoa = body_of(f.get("/api/areas/E01009012/profile?set=lsoa11"));
    const json rate = indicator_in(lsoa, "inc2011_all_rate");
    CHECK(rate["value"].get<double>() ==
          Approx(1000 * rate["numerator"].get<double>() / rate["denominator"].get<double>()));
    CHECK(rate["ci95"].is_array());
    CHECK(rate["borough"]["value"].is_number());
    CHECK(rate["england"]["value"].is_null());
}

// The server projects areas with PROJ into EPSG:27700; the shoelace area of each projected LSOA
// must equal area_m2, which GDAL computed in EPSG:27700 at build time.
TEST_CASE("analytics: school surroundings geometry is in British National Grid", "[real]") {
    const auto& f = fixture();
    const auto& codes = f.analysis->codes("lsoa21");
    const auto& metric = f.analysis->metric_geometry("lsoa21");
    REQUIRE(codes.size() == 1719);
    double worst = 0;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const server::AreaEntry* a = f.data->area("lsoa21", codes[i]);
        REQUIRE(a);
        worst = std::max(worst, std::abs(geo::area(metric[i]) / a->area_m2 - 1));
    }
    CHECK(worst < 1e-6);
    // Eastings/northings of the region: x 386,000-440,000, y 270,000-310,000 (BNG metres).
    const geo::BBox box = geo::bbox_of(metric.front());
    CHECK(box.min_x > 380000);
    CHECK(box.max_x < 450000);
    CHECK(box.min_y > 260000);
    CHECK(box.max_y < 320000);
    // The schools are ranked in the partner world only (the ranking reads partner-only counts).
    CHECK(f.analysis->schools().empty());
    REQUIRE_FALSE(f.partner->analysis.schools().empty());
    for (const auto& s : f.partner->analysis.schools()) {
        CHECK(s.metric.x > 370000);
        CHECK(s.metric.y > 250000);
    }
}
