// Images, evidence packs, spreadsheets and embeds on the real West Midlands database, read back
// with independent decoders (GDAL for PNG and XLSX, poppler for PDF).
#include "geo/render/map_scene.hpp"
#include "geo/tiles/mercator.hpp"
#include "tests/integration/server_fixture.hpp"
#include "tests/support/pdf_tools.hpp"
#include "tests/support/raster.hpp"
#include "tests/support/xlsx_read.hpp"

#include <ogrsf_frmts.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <regex>
#include <set>

using namespace sna;
using nlohmann::json;

namespace {

using test::body_of;

/// The most deprived LSOA 2011 by the IMD 2019 score, and every value, from the API.
std::pair<std::string, double> most_deprived(const test::ServerFixture& f) {
    const json values = body_of(f.get("/api/indicators/imd19_score/values?set=lsoa11"));
    std::pair<std::string, double> best{"", -1};
    for (const auto& [code, v] : values["values"].items())
        if (v["v"].is_number() && v["v"].get<double>() > best.second)
            best = {code, v["v"].get<double>()};
    return best;
}

int count_colour(const test::Raster& png, const std::string& hex) {
    int n = 0;
    for (int y = 0; y < png.height; ++y)
        for (int x = 0; x < png.width; ++x) n += png.hex(x, y) == hex;
    return n;
}

/// The colour drawn at (lon, lat) in a map.png of `query` over a box of ±d degrees around it,
/// using the renderer's view maths (fit_view, Web Mercator).
std::string colour_at(const test::ServerFixture& f, const std::string& query, double lon,
                      double lat, double d, int size) {
    char bbox[128];
    std::snprintf(bbox, sizeof bbox, "%.6f,%.6f,%.6f,%.6f", lon - d, lat - d, lon + d, lat + d);
    const std::string side = std::to_string(size);
    const auto r = f.get("/api/map.png?" + query + "&width=" + side + "&height=" + side +
                         "&legend=0&title=&attribution=0&scalebar=0&bbox=" + bbox);
    REQUIRE(r.status == 200);
    REQUIRE(r.headers.get_or("Content-Type") == "image/png");
    const test::Raster png = test::decode_png(r.body);
    REQUIRE(png.width == size);
    REQUIRE(png.height == size);
    const geo::Point lo = geo::lonlat_to_mercator({lon - d, lat - d});
    const geo::Point hi = geo::lonlat_to_mercator({lon + d, lat + d});
    const geo::BBox view = geo::fit_view({lo.x, lo.y, hi.x, hi.y}, size, size, 0.0);
    const geo::Point p = geo::lonlat_to_mercator({lon, lat});
    return png.hex(static_cast<int>((p.x - view.min_x) / (view.max_x - view.min_x) * size),
                   static_cast<int>((view.max_y - p.y) / (view.max_y - view.min_y) * size));
}

}  // namespace

TEST_CASE("map.png draws the most deprived LSOA in the darkest class at its location", "[real]") {
    const auto& f = test::real_fixture();
    const auto [code, score] = most_deprived(f);
    INFO("most deprived LSOA 2011 by IMD 2019 score: " << code << " (" << score << ")");
    const json area = body_of(f.get("/api/areas/" + code + "?set=lsoa11"));
    const double lon = area["label_point"][0], lat = area["label_point"][1];
    // A ~3 km window around it, so the area spans many pixels; classes still come from all LSOAs.
    const std::string drawn =
        colour_at(f, "indicator=imd19_score&set=lsoa11", lon, lat, 0.015, 500);
    const json style = body_of(f.get("/style.json?indicator=imd19_score"));
    const std::string darkest = style["metadata"]["snamap:colors"].back();
    CHECK(darkest == "#bd0026");
    CHECK(drawn == darkest);
}

TEST_CASE("map.png has a legend with the client's classes and a deterministic ETag", "[real]") {
    const auto& f = test::real_fixture();
    // A window over the sea: no areas, so every palette colour in the image is the legend's.
    const std::string sea =
        "/api/map.png?indicator=imd19_score&bbox=-6,50,-5.8,50.1&width=400&height=300";
    const auto with = f.get(sea + "&legend=1");
    const auto without = f.get(sea + "&legend=0");
    REQUIRE(with.status == 200);
    const test::Raster a = test::decode_png(with.body), b = test::decode_png(without.body);
    const json style = body_of(f.get("/style.json?indicator=imd19_score"));
    for (const std::string colour : style["metadata"]["snamap:colors"]) {
        CHECK(count_colour(a, colour) >= 100);  // a 14×12 swatch
        CHECK(count_colour(b, colour) == 0);
    }
    const auto again = f.get(sea + "&legend=1");
    CHECK(again.body == with.body);
    const std::string etag = with.headers.get_or("ETag");
    CHECK(!etag.empty());
    CHECK(f.get(sea + "&legend=1", "If-None-Match", etag).status == 304);
    CHECK_THAT(f.metrics.render(), Catch::Contains("snamap_map_render_seconds_count"));
}

TEST_CASE("map.svg, aggregated geographies and bad parameters", "[real]") {
    const auto& f = test::real_fixture();
    const auto svg = f.get(
        "/api/"
        "map.svg?indicator=crime_violence_and_sexual_offences_rate&set=ward22&width=640&height="
        "480");
    REQUIRE(svg.status == 200);
    CHECK(svg.headers.get_or("Content-Type") == "image/svg+xml");
    CHECK_THAT(svg.body, Catch::Contains("width=\"640px\" height=\"480px\""));
    CHECK_THAT(svg.body, Catch::Contains("rgb(74.117647%,0%,14.901961%)"));  // #bd0026 used
    const std::pair<const char*, int> bad[] = {
        {"/api/map.png?indicator=imd19_score&width=10", 400},
        {"/api/map.png?indicator=imd19_score&bbox=1,2,3", 400},
        {"/api/map.png?indicator=imd19_score&scale=9", 400},
        {"/api/map.png?indicator=imd19_score&scale=nan", 400},
        {"/api/map.png?indicator=imd19_score&bbox=nan,nan,nan,nan", 400},
        {"/api/map.png?indicator=imd19_score&bbox=-2,52,inf,53", 400},
        {"/api/map.png?indicator=imd19_score&bbox=a,b,c,d", 400},
        {"/api/composite?indicators=imd19_score:abc&set=lsoa11", 400},
        {"/api/map.png?indicator=imd19_score&legend=maybe", 400},
        {"/api/map.png?indicator=nope", 404},
        {"/api/map.png?indicator=imd19_score&area=E99999999", 404},
        {"/api/map.png", 400},
        {"/api/map.png?indicator=imd19_score&width=3000&height=3000&scale=2", 413},
    };
    for (const auto& [target, status] : bad) {
        INFO(target);
        CHECK(f.get(target).status == status);
    }
}

TEST_CASE("the evidence pack's figures equal the API's and every dataset is cited", "[real]") {
    const auto& f = test::real_fixture();
    const std::string code = "E01009348";  // Birmingham 047A (LSOA 2011 and 2021)
    const auto html = f.get("/report/" + code);
    REQUIRE(html.status == 200);
    CHECK(html.headers.get_or("Content-Type") == "text/html; charset=utf-8");
    std::map<std::string, double> api;
    std::set<std::string> datasets;
    for (const char* set : {"lsoa11", "lsoa21"}) {
        const json profile = body_of(f.get("/api/areas/" + code + "/profile?set=" + set));
        for (const json& i : profile["indicators"]) {
            // Proportions are shown as percentages, as in the web client.
            const double scale = i["value_kind"] == "proportion" ? 100.0 : 1.0;
            if (i["value"].is_number()) api.emplace(i["id"], scale * i["value"].get<double>());
            datasets.insert(
                profile["datasets"][i["dataset"].get<std::string>()]["title"].get<std::string>());
        }
    }
    // Each table row: data-indicator="id" … <span class="value">42.88</span>
    const std::regex row(
        "data-indicator=\"([a-z0-9_]+)\"><td>[^]*?<span class=\"value\">([^<]+)</span>");
    int compared = 0;
    for (std::sregex_iterator it(html.body.begin(), html.body.end(), row), end; it != end; ++it) {
        const std::string id = (*it)[1], text = (*it)[2];
        if (!api.count(id) || text == "no data") continue;
        std::string digits;
        for (char c : text)
            if (c != ',' && c != '%') digits += c;
        const double shown = std::stod(digits);
        // Equal to the shown precision: half a unit of the last printed digit.
        const auto dot = digits.find('.');
        const int decimals =
            dot == std::string::npos ? 0 : static_cast<int>(digits.size() - dot - 1);
        INFO(id << ": report shows " << text << ", API has " << api[id]);
        CHECK(shown == Approx(api[id]).margin(0.5 * std::pow(10.0, -decimals) + 1e-9));
        ++compared;
    }
    CHECK(compared >= 20);
    for (const auto& title : datasets) CHECK_THAT(html.body, Catch::Contains(title));
    CHECK_THAT(html.body,
               Catch::Contains("Data version <span id=\"data-version\">" + f.data->data_version()));
    CHECK_THAT(html.body, Catch::Contains("/report/" + code + "?v=" + f.data->data_version()));
    CHECK_THAT(html.body, Catch::Contains("Schools nearby"));
    CHECK_THAT(html.body, Catch::Contains("@page{size:A4"));

    const auto pinned = f.get("/report/" + code + "?v=000000000000");
    CHECK_THAT(pinned.body, Catch::Contains("This link cited data version 000000000000"));
    CHECK(f.get("/report/E99999999").status == 404);
}

TEST_CASE("the evidence pack PDF opens and shows the same figures", "[real]") {
    const auto& f = test::real_fixture();
    const auto pdf = f.get("/report/E05011118.pdf");  // Acocks Green ward
    REQUIRE(pdf.status == 200);
    CHECK(pdf.headers.get_or("Content-Type") == "application/pdf");
    const test::PdfReadBack back = test::read_back_pdf(pdf.body);
    CHECK(back.pages >= 2);
    CHECK(back.rendered == back.pages);
    const json profile = body_of(f.get("/api/areas/E05011118/profile"));
    REQUIRE(profile["name"] == "Acocks Green");
    CHECK_THAT(back.text, Catch::Contains("Acocks Green (E05011118)"));
    for (const json& i : profile["indicators"]) {
        if (i["id"] != "crime_violence_and_sexual_offences_rate") continue;
        char text[32];
        std::snprintf(text, sizeof text, "%.2f", i["value"].get<double>());
        CHECK_THAT(back.text, Catch::Contains(text));  // e.g. 59.26 per 1,000
    }
    CHECK_THAT(back.text, Catch::Contains("data version " + f.data->data_version()));
    CHECK_THAT(back.text, Catch::Contains("Sources and citations"));
}

TEST_CASE("export.xlsx reads back with GDAL and matches the API", "[real]") {
    const auto& f = test::real_fixture();
    const auto r =
        f.get("/api/export.xlsx?set=lsoa11&indicators=imd19_score,idaci19_rank&la=Walsall");
    REQUIRE(r.status == 200);
    test::TempDir dir;
    const GDALDatasetUniquePtr ds = test::open_xlsx(r.body, dir);
    REQUIRE(ds);
    OGRLayer* data = ds->GetLayerByName("Data");
    REQUIRE(data);
    REQUIRE(ds->GetLayerByName("Indicators"));
    REQUIRE(ds->GetLayerByName("Sources"));
    CHECK(data->GetFeatureCount() == 2 * 167);  // Walsall's 167 LSOAs × 2 indicators
    const json values = body_of(f.get("/api/indicators/imd19_score/values?set=lsoa11"));
    int checked = 0;
    for (auto& feature : *data) {
        if (std::string(feature->GetFieldAsString("indicator_id")) != "imd19_score") continue;
        const std::string code = feature->GetFieldAsString("area_code");
        CHECK(feature->GetFieldAsDouble("value") ==
              Approx(values["values"][code]["v"].get<double>()));
        ++checked;
    }
    CHECK(checked == 167);
    OGRLayer* sources = ds->GetLayerByName("Sources");
    bool cites_iod = false;
    for (auto& feature : *sources) {
        cites_iod |= std::string(feature->GetFieldAsString("dataset")) == "iod2019";
        CHECK(std::string(feature->GetFieldAsString("data_version")) == f.data->data_version());
    }
    CHECK(cites_iod);
}

TEST_CASE("embed page and oEmbed", "[real]") {
    const auto& f = test::real_fixture();
    const auto page = f.get("/embed?i=imd19_score&sel=lsoa11:E01009348");
    REQUIRE(page.status == 200);
    CHECK_THAT(page.headers.get_or("Content-Security-Policy"),
               Catch::EndsWith("; frame-ancestors *") && Catch::Contains("script-src 'self';"));
    CHECK_FALSE(page.headers.get("X-Frame-Options"));
    CHECK_THAT(page.body, Catch::Contains("data-embed=\"true\""));
    CHECK(f.get("/embed/").status == 200);
    const std::string url = "http%3A%2F%2Fexample.test%3A8080%2Fembed%3Fi%3Dimd19_score";
    const json oembed = body_of(f.get("/oembed?format=json&url=" + url));
    CHECK(oembed["version"] == "1.0");
    CHECK(oembed["type"] == "rich");
    CHECK_THAT(oembed["html"].get<std::string>(),
               Catch::Contains("<iframe src=\"http://example.test:8080/embed?i=imd19_score\""));
    CHECK_THAT(oembed["thumbnail_url"].get<std::string>(),
               Catch::Contains("/api/map.png?indicator=imd19_score"));
    CHECK(f.get("/oembed?format=xml&url=" + url).status == 501);
    CHECK(f.get("/oembed?url=http%3A%2F%2Felsewhere.test%2Fembed").status == 404);
    CHECK(f.get("/oembed").status == 400);
}

TEST_CASE("data versions: the current one, unknown ones and pinned reports", "[real]") {
    const auto& f = test::real_fixture();
    const json versions = body_of(f.get("/api/versions"));
    CHECK(versions["current"]["data_version"] == f.data->data_version());
    CHECK(versions["archived"].empty());
    const json same = body_of(f.get("/api/changes?since=" + f.data->data_version()));
    CHECK(same["known"] == true);
    CHECK(same["changed"] == 0);
    const json unknown = body_of(f.get("/api/changes?since=abcdefabcdef&code=E01009348"));
    CHECK(unknown["known"] == false);
    CHECK_THAT(unknown["summary"].get<std::string>(), Catch::Contains("is not held here"));
    CHECK(f.get("/api/changes").status == 400);
}

TEST_CASE("exports take several boroughs and a list of areas", "[real]") {
    const auto& f = test::real_fixture();
    const auto count_rows = [&](const std::string& query) {
        const std::string csv =
            f.get("/api/export.csv?set=lsoa11&indicators=imd19_score" + query).body;
        return std::count(csv.begin(), csv.end(), '\n') - 1;  // minus the header
    };
    CHECK(count_rows("&la=Walsall") == 167);
    CHECK(count_rows("&la=Walsall,E08000031") == 167 + 158);  // + Wolverhampton
    CHECK(count_rows("&areas=E01009348,E01008881") == 2);
    CHECK(f.get("/api/export.csv?set=lsoa11&la=Walsall,Atlantis").status == 404);
}

TEST_CASE("map.png draws the composite index from the same computation as /api/composite",
          "[real]") {
    const auto& f = test::real_fixture();
    const std::string weights = "imd25_score:2,crime_robbery_rate:1";
    const json composite =
        body_of(f.get("/api/composite?set=lsoa21&draws=0&indicators=" + weights));
    // The highest-scoring LSOA is drawn in the darkest class at its label point.
    std::string top;
    double best = -1e300;
    for (const auto& [code, v] : composite["values"].items())
        if (v["score"].is_number() && v["score"].get<double>() > best)
            best = v["score"], top = code;
    const json area = body_of(f.get("/api/areas/" + top + "?set=lsoa21"));
    const double lon = area["label_point"][0], lat = area["label_point"][1];
    CHECK(colour_at(f, "indicator=composite&set=lsoa21&weights=" + weights, lon, lat, 0.01, 300) ==
          "#bd0026");
    CHECK(f.get("/api/map.png?indicator=composite&weights=imd25_score:7").status == 400);
    CHECK(f.get("/api/map.png?indicator=composite&weights=nope:1").status == 404);
}
