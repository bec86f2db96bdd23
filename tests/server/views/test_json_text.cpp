#include "server/views/json_text.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace sna::server;
using nlohmann::json;

namespace {

std::string dumped(double value) {
    return json(value).dump();
}

std::string appended(double value) {
    std::string out;
    json_text::append_number(out, value);
    return out;
}

}  // namespace

TEST_CASE("json text: numbers are written as dump() writes them") {
    for (const double v : {0.0, -0.0, 1.0, -1.5, 0.1, 1e-7, 123456789012345678.0, 1e300, 5e-324,
                           41.179, 2.0 / 3.0, -1e21, 1e15, 1e16}) {
        CHECK(appended(v) == dumped(v));
    }
    CHECK(appended(std::numeric_limits<double>::quiet_NaN()) == "null");
    CHECK(appended(std::numeric_limits<double>::infinity()) == "null");
    std::mt19937_64 engine(3);
    for (int k = 0; k < 20000; ++k) {
        const std::uint64_t bits = engine();
        double v = 0;
        std::memcpy(&v, &bits, sizeof v);
        if (k % 2) v = static_cast<double>(engine() % 2000000) / 1000.0 - 1000.0;
        INFO(bits);
        CHECK(appended(v) == dumped(v));
    }
    std::string out;
    json_text::append_integer(out, -9007199254740993LL);
    CHECK(out == json(-9007199254740993LL).dump());
}

TEST_CASE("json text: a merged object is the dump of the whole object") {
    const json small = {{"set", "lsoa21"}, {"draws", 200}, {"name", "Bir\xc3\xa9mingham"}};
    const json values = {{"E01", {{"score", 1.5}}}, {"E02", {{"score", -0.25}}}};
    const json by_fid = {{"10", 1.5}, {"9", -0.25}};
    const std::string merged = json_text::merge_object(
        small, {{"values", values.dump()}, {"by_feature_id", by_fid.dump()}});
    json whole = small;
    whole["values"] = values;
    whole["by_feature_id"] = by_fid;
    CHECK(merged == whole.dump());
    CHECK(json_text::merge_object(json::object(), {}) == "{}");
}
