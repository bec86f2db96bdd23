// ValueStore: values packed into 40 bytes come back exactly as they were stored.
#include "geo/core/errors.hpp"
#include "server/index/value_store.hpp"

#include <catch2/catch.hpp>

#include <limits>

using sna::geo::IndicatorValue;
using sna::server::ValueEntry;
using sna::server::ValueStore;

namespace {

IndicatorValue stored(const std::string& indicator, const std::string& code,
                      const std::string& period, std::optional<double> value) {
    IndicatorValue v;
    v.indicator_id = indicator;
    v.set_id = "lsoa";
    v.area_code = code;
    v.period = period;
    v.value = value;
    return v;
}

}  // namespace

TEST_CASE("ValueStore: every field round-trips, missing ones stay missing", "[value_store]") {
    ValueStore store;
    IndicatorValue full = stored("rate", "E01", "2023-02", 12.5);
    full.numerator = 25;
    full.denominator = 2000;
    full.national_rank = 32844;
    full.national_decile = 10;
    full.flag = "incomplete_month";
    store.add(IndicatorValue(full));
    IndicatorValue zero = stored("rate", "E01", "2023-01", 0.0);  // zero is a value, not "none"
    zero.numerator = 0;
    store.add(std::move(zero));
    store.add(stored("rate", "E02", "2023-01", std::nullopt));
    store.finish();

    const std::optional<ValueEntry> got = store.value("rate", "E01", "2023-02");
    REQUIRE(got);
    CHECK(got->period == "2023-02");
    CHECK(got->value == 12.5);
    CHECK(got->numerator == 25.0);
    CHECK(got->denominator == 2000.0);
    CHECK(got->national_rank == std::int64_t{32844});
    CHECK(got->national_decile == std::int64_t{10});
    CHECK(got->flag == "incomplete_month");

    const auto first = store.value("rate", "E01", "2023-01");
    REQUIRE(first);
    CHECK(first->value == 0.0);
    CHECK(first->numerator == 0.0);
    CHECK_FALSE(first->denominator);
    CHECK_FALSE(first->national_rank);
    CHECK(first->flag.empty());

    const auto empty = store.value("rate", "E02", "2023-01");
    REQUIRE(empty);  // the row exists, with no value
    CHECK_FALSE(empty->value);

    CHECK_FALSE(store.value("rate", "E02", "2023-02"));
    CHECK_FALSE(store.value("rate", "E03", "2023-01"));
    CHECK_FALSE(store.value("other", "E01", "2023-01"));
    CHECK_FALSE(store.value("rate", "E01", "1999"));
}

TEST_CASE("ValueStore: series sorted by period, periods and the default period", "[value_store]") {
    ValueStore store;
    for (const char* period : {"2023-03", "2023-01", "2023-02"})
        store.add(stored("rate", "E01", period, 1.0));
    IndicatorValue flagged = stored("rate", "E02", "2023-04", 2.0);
    flagged.flag = "incomplete_month";
    store.add(std::move(flagged));
    store.finish();

    std::vector<std::string> order;
    for (const ValueEntry& v : store.series("rate", "E01")) order.push_back(v.period);
    CHECK(order == std::vector<std::string>{"2023-01", "2023-02", "2023-03"});
    CHECK(store.series("rate", "E09").empty());
    CHECK(store.periods("rate") ==
          std::vector<std::string>{"2023-01", "2023-02", "2023-03", "2023-04"});
    // The newest period is flagged incomplete: the default is the newest complete one.
    CHECK(store.default_period("rate") == "2023-03");
    CHECK(store.default_period("none").empty());
    CHECK(store.periods("none").empty());
}

TEST_CASE("ValueStore: a rank outside 32 bits is an error naming the row", "[value_store]") {
    ValueStore store;
    IndicatorValue huge = stored("rank", "E01", "2019", 1.0);
    huge.national_rank = std::int64_t{std::numeric_limits<std::int32_t>::max()} + 1;
    CHECK_THROWS_WITH(store.add(std::move(huge)), Catch::Contains("rank E01 2019") &&
                                                      Catch::Contains("national_rank") &&
                                                      Catch::Contains("within 32 bits"));
}
