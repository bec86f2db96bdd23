// Point tables: the manifest's row filter and the policy for rows without coordinates.
#include "geo/core/errors.hpp"
#include "geo/core/progress.hpp"
#include "geo/import/builder.hpp"
#include "geo/store/database.hpp"

#include "tests/support/error_text.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace sna::geo;
using sna::test::TempDir;

namespace {

// Six sites: pt2 is closed, pt3 and pt5 are services, pt4 has no coordinates (line 5).
constexpr const char* sites_csv =
    "id,lon,lat,type,status\n"
    "pt1,-1.905,52.485,school,Open\n"
    "pt2,-1.895,52.485,school,Closed\n"
    "pt3,-1.905,52.475,service,Open\n"
    "pt4,,,school,Open\n"
    "pt5,-1.80,52.40,service,Proposed\n"
    "pt6,-1.895,52.475,school,Open\n";

/// tests/data/good with points.csv replaced by the sites above and `extra` added to the point
/// layer's manifest entry.
struct SitesBuild {
    TempDir dir;
    fs::path sources = dir.path() / "sources";
    fs::path output = dir.path() / "out.sqlite";

    explicit SitesBuild(const std::string& extra, const std::string& csv = sites_csv) {
        fs::copy(fs::path(SNAMAP_SOURCE_DIR) / "tests" / "data" / "good", sources,
                 fs::copy_options::recursive);
        std::ofstream(sources / "points.csv", std::ios::binary) << csv;
        std::ifstream in(sources / "manifest.json", std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        std::string manifest = text.str();
        const std::string anchor = "\"category_column\": \"type\"";
        const auto at = manifest.find(anchor);
        REQUIRE(at != std::string::npos);
        manifest.insert(at + anchor.size(), extra.empty() ? "" : ", " + extra);
        std::ofstream(sources / "manifest.json", std::ios::binary) << manifest;
    }

    void build() const {
        std::ostringstream log;
        Progress progress(log, false, true);
        build_database({(sources / "manifest.json").string(), sources.string(), output.string()},
                       progress);
    }

    std::vector<std::string> texts(const std::string& sql) const {
        Database db(output.string(), Database::Mode::read_only);
        auto st = db.prepare(sql);
        std::vector<std::string> out;
        while (st.step()) out.push_back(st.column_text(0));
        return out;
    }
};

/// `rows` open schools in a grid over the good fixture's squares (far more than one batch of
/// the reading thread), with the coordinates of row `blank` (1-based; 0 = none) left empty.
std::string many_sites(int rows, int blank) {
    std::ostringstream csv;
    csv << "id,lon,lat,type,status\n";
    for (int i = 1; i <= rows; ++i) {
        csv << "s" << i << ',';
        if (i == blank) {
            csv << ",,";
        } else {
            csv << -1.909 + 0.018 * (i % 97) / 97.0 << ',' << 52.471 + 0.018 * (i % 89) / 89.0
                << ',';
        }
        csv << "school,Open\n";
    }
    return csv.str();
}

}  // namespace

TEST_CASE("points read on a second thread are stored in file order with all their areas") {
    SitesBuild b("", many_sites(20000, 0));
    b.build();
    const auto ids = b.texts("SELECT source_id FROM points WHERE layer = 'sites' ORDER BY fid");
    REQUIRE(ids.size() == 20000);
    bool in_order = true;
    for (std::size_t i = 0; i < ids.size(); ++i)
        in_order = in_order && ids[i] == "s" + std::to_string(i + 1);
    CHECK(in_order);
    CHECK(b.texts("SELECT COUNT(DISTINCT a.point_fid) || ' ' || COUNT(a.area_code) || ' ' || "
                  "COUNT(*) FROM point_areas a JOIN points p ON p.fid = a.point_fid "
                  "WHERE p.layer = 'sites'") ==
          b.texts("SELECT '20000 ' || (20000 * COUNT(*)) || ' ' "
                  "|| (20000 * COUNT(*)) FROM area_sets"));
}

TEST_CASE(
    "an error on the reading thread past its first batches names the line and loses nothing") {
    SitesBuild b("", many_sites(20000, 15000));
    const std::string message = sna::test::error_text([&] { b.build(); });
    CHECK_THAT(message, Catch::Contains("points.csv:15001") && Catch::Contains("column 'lon'") &&
                            Catch::Contains("got an empty cell"));
    CHECK_FALSE(fs::exists(b.output));
}

TEST_CASE("a point filter keeps rows whose cells are among the listed values") {
    SitesBuild b(R"("filter": {"status": ["Open", "Proposed"], "type": "school"},
                    "missing_coordinates": "skip")");
    b.build();
    CHECK(b.texts("SELECT source_id FROM points WHERE layer = 'sites' ORDER BY source_id") ==
          std::vector<std::string>{"pt1", "pt6"});
    // The skipped row is listed by file, line and id; the summary counts both kinds of row.
    CHECK(b.texts("SELECT source || ': ' || detail FROM build_report WHERE kind = 'skipped'") ==
          std::vector<std::string>{"points.csv: line 5 (pt4): no coordinates ('lon' and 'lat' "
                                   "empty); row skipped (missing_coordinates: skip)"});
    const auto info = b.texts(
        "SELECT detail FROM build_report WHERE step = 'points' AND kind = 'info' AND source = "
        "'sites'");
    REQUIRE(info.size() == 1);
    CHECK_THAT(info[0], Catch::StartsWith("2 points from points.csv; 3 rows left out by the "
                                          "filter (status in {Open, Proposed}, type = school); "
                                          "1 row without coordinates skipped"));
}

TEST_CASE("a row without coordinates is an error naming file, line and column by default") {
    SitesBuild b(R"("filter": {"type": "school"})");
    const std::string message = sna::test::error_text([&] { b.build(); });
    CHECK_THAT(message,
               Catch::Contains("points.csv:5") && Catch::Contains("column 'lon'") &&
                   Catch::Contains("expected a coordinate (EPSG:4326), got an empty cell") &&
                   Catch::Contains("\"missing_coordinates\": \"skip\" on points 'sites'"));
    CHECK_FALSE(fs::exists(b.output));
}

TEST_CASE("a point filter naming a column the file lacks is an error naming the column") {
    SitesBuild b(R"("filter": {"Status": "Open"}, "missing_coordinates": "skip")");
    const std::string message = sna::test::error_text([&] { b.build(); });
    CHECK_THAT(message, Catch::Contains("points.csv") && Catch::Contains("Status") &&
                            Catch::Contains("filter"));
}

TEST_CASE("a point filter value must be a string or a non-empty list of strings") {
    SitesBuild empty_list(R"("filter": {"status": []})");
    CHECK_THAT(sna::test::error_text([&] { empty_list.build(); }),
               Catch::Contains("points[0].filter.status") &&
                   Catch::Contains("a string or a non-empty array of strings"));
    SitesBuild bad_policy(R"("missing_coordinates": "drop")");
    CHECK_THAT(sna::test::error_text([&] { bad_policy.build(); }),
               Catch::Contains("points[0].missing_coordinates") &&
                   Catch::Contains("expected 'error' or 'skip'"));
}
