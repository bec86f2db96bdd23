#include "server/views/csv_export.hpp"

#include "tests/server/views/export_fixture.hpp"
#include "tests/support/body_stream.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace sna;
using namespace sna::server;

namespace {

const std::string header =
    "\xEF\xBB\xBF"
    "area_code,area_name,area_set,borough_code,borough_name,indicator_id,indicator,period,value,"
    "unit,lower_95,upper_95,numerator,denominator,vs_borough_95,vs_region_95,vs_england_95,"
    "national_rank,national_decile,flag,dataset,publisher,licence,attribution,"
    "data_version,access\r\n";
const std::string ons = "ons,\"ONS, UK\",OGL v3.0,\"Contains \"\"ONS\"\" data\",v1,public\r\n";
const std::string dfe = "dfe,DfE,OGL,'@risk attribution,v1,public\r\n";

BodyStream stream_of(const DataIndex& data, std::map<std::string, std::string> q) {
    return csv_export_stream(data, select_export(data, Query(std::move(q))));
}

}  // namespace

TEST_CASE("CSV export stream: BOM, header, CRLF rows, quoting, formulas, withheld values",
          "[export]") {
    const auto data = test::export_data();
    const std::string expected =
        header +
        "T01,North "
        "West,lsoa,W,West,score,Score,2020,11,score,,,,,not_compared,not_compared,,100,3,," +
        ons +
        "T02,'=2+3,lsoa,E,\"East, "
        "Side\",score,Score,2020,-3.25,score,,,,,not_compared,not_compared,,,,," +
        ons +
        "T03,\"South "
        "\"\"West\"\"\",lsoa,W,West,score,Score,2020,8,score,,,,,not_compared,not_compared,,,,," +
        ons + "T04,Lone,lsoa,,,score,Score,2020,2.5,score,,,,,,not_compared,,,,," + ons +
        "T01,North West,lsoa,W,West,excluded,\"Excluded, "
        "pupils\",2020,,pupils,,,,,not_compared,not_compared,,,,suppressed," +
        dfe +
        "T02,'=2+3,lsoa,E,\"East, Side\",excluded,\"Excluded, "
        "pupils\",2020,0,pupils,,,,,not_compared,not_compared,,,,," +
        dfe +
        "T03,\"South \"\"West\"\"\",lsoa,W,West,excluded,\"Excluded, "
        "pupils\",2020,12,pupils,,,,,not_compared,not_compared,,,,," +
        dfe + "T04,Lone,lsoa,,,excluded,\"Excluded, pupils\",2020,6,pupils,,,,,,not_compared,,,,," +
        dfe;
    CHECK(test::drain(stream_of(*data, {{"set", "lsoa"}})) == expected);

    // An incomplete period with a withheld value: both flags.
    const std::string all = test::drain(
        stream_of(*data, {{"set", "lsoa"}, {"indicators", "excluded"}, {"period", "all"}}));
    CHECK_THAT(
        all,
        Catch::Contains(
            ",2021,,pupils,,,,,not_compared,not_compared,,,,incomplete_month;suppressed,dfe,"));
    const std::string lad = test::drain(stream_of(*data, {{"set", "lad"}}));
    CHECK(lad == header + "W,West,lad,W,West,rate,Rate,2020,4,%,,,,,,not_compared,,,,," + dfe +
                     "E,\"East, Side\",lad,E,\"East, "
                     "Side\",rate,Rate,2020,,%,,,,,,not_compared,,,,suppressed," +
                     dfe);
}

TEST_CASE("CSV export stream: the same bytes whatever the piece size, a piece per call",
          "[export]") {
    const auto data = test::export_data();
    const std::map<std::string, std::string> q = {{"set", "lsoa"}, {"period", "all"}};
    const std::string whole = test::drain(stream_of(*data, q), 1 << 20);
    std::size_t pieces = 0;
    // One byte asked: the header, then one row per call; the last call says nothing follows.
    CHECK(test::drain(stream_of(*data, q), 1, &pieces) == whole);
    CHECK(pieces == 1 + 11);
    CHECK(test::drain(stream_of(*data, q), 100) == whole);
    CHECK(test::drain(stream_of(*data, q), 1 << 20, &pieces) == whole);
    CHECK(pieces == 1);
    // Nothing selected: the header alone, in one call that says it is the last.
    CHECK(test::drain(stream_of(*data, {{"set", "lsoa"}, {"period", "1999"}}), 1, &pieces) ==
          header);
    CHECK(pieces == 1);
}

TEST_CASE("CSV export stream: a copy of the stream continues the same body", "[export]") {
    // The transport may move or copy the std::function; the state is shared, not duplicated.
    const auto data = test::export_data();
    const BodyStream first = stream_of(*data, {{"set", "lsoa"}});
    std::string out;
    REQUIRE(first(out, 1));
    const BodyStream copy = first;
    out += test::drain(copy);
    CHECK(out == test::drain(stream_of(*data, {{"set", "lsoa"}})));
}

TEST_CASE("CSV fields: quotes, separators, line breaks and formula prefixes", "[export]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\r\nlines") == "\"two\r\nlines\"");
    CHECK(csv_field("=1+2") == "'=1+2");
    CHECK(csv_field("+44") == "'+44");
    CHECK(csv_field("-x") == "'-x");
    CHECK(csv_field("@sum") == "'@sum");
    CHECK(csv_field("=a,b") == "\"'=a,b\"");
    CHECK(csv_field("-3.5", false) == "-3.5");
    CHECK(csv_field("") == "");
}
