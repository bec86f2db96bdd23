// Issue 17: the preset composite and the default period's values map are computed once and then
// served from the response memo; the memoised bodies must equal the documents computed afresh.
#include "server/http/responses.hpp"
#include "server/views/composite_view.hpp"
#include "server/views/values_view.hpp"
#include "tests/integration/server_fixture.hpp"

#include <catch2/catch.hpp>

using namespace sna;

TEST_CASE("api: memoised preset composite and values equal fresh computations", "[real]") {
    const auto& f = test::real_fixture();
    const auto& data = *f.data;
    for (const char* transform : {"z_score", "exponential_rank"}) {
        const server::Query query(std::map<std::string, std::string>{{"transform", transform}});
        const std::string fresh =
            server::json_response(server::composite_json(data, query), "api_composite").body;
        for (int k = 0; k < 2; ++k) {  // the first fills the memo, the second reads it
            const auto r = f.get(std::string("/api/composite?transform=") + transform);
            REQUIRE(r.status == 200);
            CHECK(r.headers.get_or("Content-Type") == "application/json; charset=utf-8");
            CHECK(r.body == fresh);
        }
    }
    // Custom weights are never memoised: different weights, different documents.
    const auto custom = f.get("/api/composite?indicators=imd25_score:1,crime_robbery_rate:2");
    REQUIRE(custom.status == 200);
    CHECK(custom.body != f.get("/api/composite").body);
    for (const char* id : {"crime_all_rate", "imd19_score"}) {
        const geo::Indicator& i = *data.indicator(id);
        const std::string fresh =
            server::json_response(server::indicator_values_json(data, i, data.default_period(id)),
                                  "api_values")
                .body;
        for (int k = 0; k < 2; ++k)
            CHECK(f.get(std::string("/api/indicators/") + id + "/values").body == fresh);
    }
}
