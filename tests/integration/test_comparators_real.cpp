// Issue 15 on the real West Midlands build: comparators pool like the sources, intervals follow
// what is counted, collection gaps are not zero crime, counts are not set against averages, and
// every indicator says what it is. Expected figures were computed independently from the raw
// files in ../shared/data with Python (standard library; the arithmetic is in each comment).
#include "tests/integration/profile_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <vector>

using namespace sna;
using nlohmann::json;

namespace {

using test::get_json;
using test::indicator_in;

bool has_indicator(const json& profile, const std::string& id) {
    for (const auto& i : profile["indicators"]) {
        if (i["id"] == id) return true;
    }
    return false;
}

/// Every indicator of /api/indicators (grouped there by theme).
std::vector<json> catalogue_indicators() {
    std::vector<json> out;
    const json catalogue = get_json("/api/indicators");
    for (const auto& theme : catalogue["themes"]) {
        for (const auto& i : theme["indicators"]) out.push_back(i);
    }
    return out;
}

std::string judgement(const json& comparator, const char* level) {
    return comparator[level]["judgement"].get<std::string>();
}

}  // namespace

// Item 1. DfE 2016/17, the seven boroughs (level = Local authority, school_type = Total):
// headcount 490,250; permanent exclusions 727; fixed-period exclusions 21,942; pupils with one
// or more 12,338. Pooled: 0.148292 %, 4.475676 %, 2.516675 %. The old unweighted means of the
// seven published rates were 0.160000, 4.537143 and 2.468571 — against them Birmingham's
// permanent rate (99.8 % Byar 0.1057–0.1562) read "better", Walsall's fixed-period rate
// (3.960–4.533) "better" and Birmingham's one-plus rate (Wilson 2.4989–2.7202) "worse"; against
// the pooled values all three are similar.
TEST_CASE("issue 15: DfE region comparators pool counts over headcounts", "[real][issue15]") {
    const json birmingham = get_json("/api/areas/E08000025/profile?set=lad");
    const json walsall = get_json("/api/areas/E08000030/profile?set=lad");
    const json perm = indicator_in(birmingham, "dfe_perm_excl_rate");
    REQUIRE(perm["period"] == "201617");
    CHECK(perm["region"]["value"].get<double>() == Approx(100.0 * 727 / 490250));
    CHECK(perm["region"]["numerator"] == 727);
    CHECK(perm["region"]["denominator"] == 490250);
    CHECK(judgement(perm["region"], "significance_998") == "similar");
    const json fixed = indicator_in(walsall, "dfe_fixed_excl_rate");
    CHECK(fixed["region"]["value"].get<double>() == Approx(100.0 * 21942 / 490250));
    CHECK(judgement(fixed["region"], "significance_998") == "similar");
    const json one_plus = indicator_in(birmingham, "dfe_one_plus_fixed_rate");
    CHECK(one_plus["region"]["value"].get<double>() == Approx(100.0 * 12338 / 490250));
    CHECK(judgement(one_plus["region"], "significance_998") == "similar");
}

// Item 5. Fixed-period exclusions are events: Birmingham 8,503 of 198,136 → Byar 95 %
// 4.200760–4.383700 % (Wilson would give 4.203142–4.381624). Pupils with one or more are
// people: Wilson.
TEST_CASE("issue 15: exclusions get Byar intervals, pupils with one or more get Wilson",
          "[real][issue15]") {
    const json birmingham = get_json("/api/areas/E08000025/profile?set=lad");
    const json fixed = indicator_in(birmingham, "dfe_fixed_excl_rate");
    CHECK(fixed["ci95"][0].get<double>() == Approx(4.200760).epsilon(1e-6));
    CHECK(fixed["ci95"][1].get<double>() == Approx(4.383700).epsilon(1e-6));
    std::map<std::string, std::string> family;
    for (const auto& i : catalogue_indicators())
        family[i["id"].get<std::string>()] = i["interval"].get<std::string>();
    CHECK_THAT(family["dfe_fixed_excl_rate"], Catch::StartsWith("Byar"));
    CHECK_THAT(family["dfe_perm_excl_rate"], Catch::StartsWith("Byar"));
    CHECK_THAT(family["dfe_one_plus_fixed_rate"], Catch::StartsWith("Wilson"));
    CHECK_THAT(family["census21_households_3dim_pct"], Catch::StartsWith("Wilson"));
    CHECK_THAT(family["crime_all_rate"], Catch::StartsWith("Byar"));
}

// Item 2. IoD 2025: 466 of the region's 1,719 LSOAs are in national decile 1 (SOURCES.md), so
// the region's share is 0.271088, the value /api/aggregate gives; the mean of the seven
// borough shares (0.211) is not the region's share.
TEST_CASE("issue 15: the region's share of most deprived LSOAs comes from the LSOA deciles",
          "[real][issue15]") {
    const json coventry = get_json("/api/areas/E08000026/profile?set=lad");
    const json share = indicator_in(coventry, "imd25_lsoa_summary_proportion_most_deprived_10");
    CHECK(share["value"].get<double>() == Approx(0.1773).margin(5e-5));  // File 10: 0.1773
    CHECK(share["region"]["value"].get<double>() == Approx(466.0 / 1719));
    CHECK(share["england"]["value"] == 0.1);
    const json aggregate = get_json("/api/aggregate?indicator=imd25_score");
    CHECK(aggregate["region"]["share_in_most_deprived_national_decile"].get<double>() ==
          Approx(share["region"]["value"].get<double>()));
    // A count of areas has no sampling interval: shown, not judged.
    CHECK(judgement(share["region"], "significance_95") == "not_compared");
}

// Item 3. Census 2021 TS011 households deprived in three dimensions: 60,091 of 1,131,725
// households in the region (5.309682 %; weighting the LSOA percentages by residents gave
// 5.446365); Birmingham 25,059 of 423,447 = 5.917860 %, Wilson 95 % 5.847189–5.989330.
TEST_CASE("issue 15: household percentages pool by households and carry intervals",
          "[real][issue15]") {
    const json birmingham = get_json("/api/areas/E08000025/profile?set=lad");
    const json hh = indicator_in(birmingham, "census21_households_3dim_pct");
    CHECK(hh["value"].get<double>() == Approx(100.0 * 25059 / 423447));
    CHECK(hh["denominator"] == 423447);
    CHECK(hh["ci95"][0].get<double>() == Approx(5.847189).epsilon(1e-6));
    CHECK(hh["ci95"][1].get<double>() == Approx(5.989330).epsilon(1e-6));
    CHECK(hh["region"]["value"].get<double>() == Approx(100.0 * 60091 / 1131725));
    CHECK(judgement(hh["region"], "significance_95") == "worse");
    // An LSOA: E01008881 has 34 of 584 households in three dimensions.
    const json lsoa = get_json("/api/areas/E01008881/profile?set=lsoa21");
    const json one = indicator_in(lsoa, "census21_households_3dim_pct");
    CHECK(one["denominator"] == 584);
    CHECK(one["ci95"].is_array());
}

// Item 4. MHCLG's average rank puts the most deprived LSOA at the top (33,755 in 2025): the
// population-weighted mean of 33,756 − rank over Birmingham's 659 LSOAs, weighted by Census 2021
// residents, is 25,104.34 (File 10, weighted by MHCLG's own denominators: 25,089.35); for 2019,
// weighted by the IoD's mid-2015 denominators (File 6) as MHCLG did: 25,319.5432 (32,844 − …).
// Published LSOA ranks are never averaged into a ward or borough.
TEST_CASE("issue 15: average rank in MHCLG's convention, ranks are not averaged",
          "[real][issue15]") {
    const json birmingham = get_json("/api/areas/E08000025/profile?set=lad");
    const json r25 = indicator_in(birmingham, "imd25_lsoa_summary_average_rank");
    CHECK(r25["value"].get<double>() == Approx(25104.34).margin(0.005));
    CHECK(r25["polarity"] == "higher_is_worse");
    const json r19 = indicator_in(birmingham, "imd19_lsoa_summary_average_rank");
    CHECK(r19["value"].get<double>() == Approx(25319.5432).margin(5e-5));
    CHECK(indicator_in(birmingham, "imd19_lsoa_summary_average_score")["value"].get<double>() ==
          Approx(38.0670).margin(5e-5));
    CHECK_FALSE(has_indicator(birmingham, "imd19_rank"));
    const json ward = get_json("/api/areas/E05011121/profile?set=ward22");
    CHECK_FALSE(has_indicator(ward, "imd25_income_rank"));
    for (const auto& i : ward["indicators"]) CHECK(i["value_kind"] != "rank");
}

// Item 6. E01009290 (2,434 residents) and E01033567 (1,109) have no police.uk row in any of the
// 35 months: no value, flagged, not ranked — the region's ranking has 1,717 LSOAs.
TEST_CASE("issue 15: LSOAs with no police.uk record in any month are flagged, not safest",
          "[real][issue15]") {
    const json values = get_json("/api/indicators/crime_all_rate/values");
    for (const char* code : {"E01009290", "E01033567"}) {
        CHECK(values["values"][code]["v"].is_null());
        CHECK(values["values"][code]["f"] == "no_records_any_month");
    }
    const json lsoa = get_json("/api/areas/E01008881/profile?set=lsoa21");
    const json rate = indicator_in(lsoa, "crime_all_rate");
    CHECK(rate["regional"]["of"] == 1717);
    const json gap = get_json("/api/areas/E01009290/profile?set=lsoa21");
    const json none = indicator_in(gap, "crime_all_rate");
    CHECK(none["value"].is_null());
    CHECK(none["flag"] == "no_records_any_month");
    CHECK(none["regional"].is_null());
}

// Item 7. A ward's count is not set against its borough's total or a mean per LSOA.
TEST_CASE("issue 15: counts are not compared with a larger area's total or average",
          "[real][issue15]") {
    const json ward = get_json("/api/areas/E05011121/profile?set=ward22");
    const json count = indicator_in(ward, "crime_violence_and_sexual_offences");
    CHECK(count["value_kind"] == "count");
    CHECK(count["borough"]["comparable"] == false);
    CHECK(judgement(count["borough"], "significance_95") == "not_compared");
    CHECK(count["region"]["comparable"] == false);
    // Rates of the same events are compared.
    const json rate = indicator_in(ward, "crime_violence_and_sexual_offences_rate");
    CHECK_FALSE(rate["borough"].contains("comparable"));
}

// Item 8. Every indicator in the catalogue says what it is, how it is made and where it comes
// from; rates are not described as counts.
TEST_CASE("issue 15: every indicator has a description, a method and a source column",
          "[real][issue15]") {
    std::size_t checked = 0;
    for (const auto& i : catalogue_indicators()) {
        INFO(i["id"]);
        CHECK_FALSE(i["description"].get<std::string>().empty());
        CHECK_FALSE(i["method"].get<std::string>().empty());
        CHECK_FALSE(i["source_column"].get<std::string>().empty());
        if (i["value_kind"] == "rate")
            CHECK(i["description"].get<std::string>().rfind("Monthly count", 0) != 0);
        ++checked;
    }
    CHECK(checked > 100);
}

// Priority 4: LAIT indicators by borough with England comparators and trends. education/
// exclusions_la_2015-16_to_2023-24.csv, TotFixedEx 2023/24: Birmingham 7.91012, England 11.30744.
TEST_CASE("issue 15: LAIT youth indicators carry England comparators and trends",
          "[real][issue15]") {
    const json birmingham = get_json("/api/areas/E08000025/profile?set=lad");
    const json suspensions = indicator_in(birmingham, "lait_suspension_rate");
    CHECK(suspensions["period"] == "2023/24");
    CHECK(suspensions["value"].get<double>() == Approx(7.91012));
    CHECK(suspensions["england"]["value"].get<double>() == Approx(11.30744));
    // No counts in LAIT: no interval, and no pooled value for the seven boroughs.
    CHECK(suspensions["ci95"].is_null());
    CHECK(suspensions["region"]["value"].is_null());
    CHECK(suspensions["region"]["method"] == "not aggregated (none)");
    const json trend =
        get_json("/api/areas/E08000025/series?indicator=lait_suspension_rate&set=lad");
    CHECK(trend["series"].size() == 9);
    // First-time entrants: LAIT's England values look ten times too large; not used.
    const json fte = indicator_in(birmingham, "lait_first_time_entrants");
    CHECK(fte["england"]["value"].is_null());
    CHECK_THAT(fte["england"]["reason"].get<std::string>(), Catch::Contains("ten times"));
    for (const char* id :
         {"lait_persistent_absence", "lait_neet_16_17", "lait_cla_rate", "lait_cin_rate",
          "lait_cpp_rate", "lait_injury_admissions_0_14", "lait_alcohol_admissions_u18"}) {
        INFO(id);
        CHECK(indicator_in(birmingham, id)["england"]["value"].is_number());
    }
    // Youth denominators on LSOA 2021, pooled into the borough.
    const json youth = indicator_in(birmingham, "census21_aged_16_24_pct");
    CHECK(youth["aggregated"]["areas"] == 659);
    CHECK(youth["ci95"].is_array());
}
