// The evidence columns of an export row: Wilson intervals worked by hand, judgements against
// the borough (pooled from numerators and denominators) and the region, nothing for a withheld
// value or a borough against itself.

#include "server/views/export_evidence.hpp"

#include "tests/server/views/export_fixture.hpp"

#include <catch2/catch.hpp>

using namespace sna;
using namespace sna::server;

namespace {

geo::StoredValue share(const std::string& code, double numerator, double denominator) {
    geo::StoredValue v = test::export_value("pct", code, "2020", 100 * numerator / denominator);
    v.numerator = numerator;
    v.denominator = denominator;
    return v;
}

/// Borough W with LSOAs A1 (10 of 100), A2 (40 of 100) and A3 (2 of 50: withheld, under 5).
std::unique_ptr<DataIndex> evidence_data() {
    std::vector<geo::Dataset> datasets = {{"ons", "Census", "ONS", "OGL", "", "", "", 5, ""}};
    geo::Indicator pct = test::export_indicator("pct", "Share", "lsoa", "ons", "%", "percentage");
    pct.polarity = geo::Polarity::higher_is_worse;
    return std::make_unique<DataIndex>(
        std::map<std::string, std::string>{{"data_version", "v1"}}, std::move(datasets),
        std::vector<std::pair<geo::AreaSet, std::int64_t>>{
            {geo::AreaSet{"lad", "Boroughs", "ons", "", geo::AreaLevel::local_authority, "borough",
                          "boroughs"},
             1},
            {geo::AreaSet{"lsoa", "LSOAs", "ons", "", geo::AreaLevel::small_area, "LSOA", "LSOAs"},
             3}},
        std::vector<geo::Indicator>{pct},
        std::vector<geo::StoredArea>{test::export_area("lad", "W", "West"),
                                     test::export_area("lsoa", "A1", "One", "W"),
                                     test::export_area("lsoa", "A2", "Two", "W"),
                                     test::export_area("lsoa", "A3", "Three", "W")},
        std::vector<geo::StoredValue>{share("A1", 10, 100), share("A2", 40, 100),
                                      share("A3", 2, 50)});
}

RowEvidence evidence_of(const DataIndex& data, ExportEvidence& evidence, const std::string& code) {
    static const std::string borough_code = "W", borough_name = "West";
    const AreaEntry* area = data.area("lsoa", code);
    REQUIRE(area);
    const std::optional<ValueEntry> value = data.value("pct", code, "2020");
    REQUIRE(value);
    const ExportRow row{area,          &borough_code,
                        &borough_name, data.indicator("pct"),
                        &*value,       data.suppressed(*data.indicator("pct"), *value).has_value()};
    return evidence.of(row);
}

}  // namespace

TEST_CASE("export evidence: Wilson limits and judgements against the borough and region",
          "[export]") {
    const auto data = evidence_data();
    ExportEvidence evidence(*data);
    // Wilson, p = 0.1, n = 100, z = 1.959964: centre (p + z²/2n)/(1 + z²/n) = 0.114799, half
    // width z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n) = 0.059569: 5.523 % to 17.437 %. The borough
    // (and the region: one borough) pool (10 + 40 + 2)/(100 + 100 + 50) = 20.8 %, above the upper
    // limit: A1 is lower, i.e. better for a higher-is-worse share.
    const RowEvidence one = evidence_of(*data, evidence, "A1");
    REQUIRE(one.lower_95);
    CHECK(*one.lower_95 == Approx(5.523).epsilon(1e-3));
    CHECK(*one.upper_95 == Approx(17.437).epsilon(1e-3));
    CHECK(one.numerator == 10);
    CHECK(one.denominator == 100);
    CHECK(one.vs_borough_95 == "better");
    CHECK(one.vs_region_95 == "better");
    // 40 of 100: Wilson 30.94 % to 49.80 %, wholly above 20.8 %: worse.
    const RowEvidence two = evidence_of(*data, evidence, "A2");
    CHECK(*two.lower_95 == Approx(30.94).epsilon(1e-3));
    CHECK(*two.upper_95 == Approx(49.80).epsilon(1e-3));
    CHECK(two.vs_borough_95 == "worse");
    // 2 of 50 is withheld: no limits, numerator or denominator, and not compared.
    const RowEvidence three = evidence_of(*data, evidence, "A3");
    CHECK_FALSE(three.lower_95);
    CHECK_FALSE(three.numerator);
    CHECK_FALSE(three.denominator);
    CHECK(three.vs_borough_95 == "not_compared");
    CHECK(three.vs_region_95 == "not_compared");
}
