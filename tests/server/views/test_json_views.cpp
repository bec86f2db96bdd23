#include "server/views/json_views.hpp"

#include <catch2/catch.hpp>

using nlohmann::json;

TEST_CASE("whole numbers are written as integers, every value unchanged") {
    json doc = {{"rank", 714.0},
                {"value", 12.5},
                {"ci95", {3.0, 7.25}},
                {"count", 0.0},
                {"negative", -42.0},
                {"huge", 1e300},
                {"nested", {{"of", 1717.0}, {"text", "1.0"}, {"none", nullptr}}}};
    const json before = doc;
    sna::server::write_whole_numbers_as_integers(doc);
    CHECK(doc.dump() ==
          R"({"ci95":[3,7.25],"count":0,"huge":1e+300,"negative":-42,)"
          R"("nested":{"none":null,"of":1717,"text":"1.0"},"rank":714,"value":12.5})");
    CHECK(doc == before);  // nlohmann compares numbers by value across integer and float
    CHECK(doc["rank"].is_number_integer());
    CHECK(doc["huge"].is_number_float());  // beyond 2^53 a double is not an exact integer
}
