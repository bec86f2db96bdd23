// Independent decoding: GDAL's MVT driver reads the tiles we encode (docs/style.md §6).
#include "geo/tiles/arc_simplifier.hpp"
#include "geo/tiles/gzip.hpp"
#include "geo/tiles/mercator.hpp"
#include "geo/tiles/mvt_encoder.hpp"
#include "geo/tiles/projection.hpp"
#include "tests/geo/tiles/run_command.hpp"
#include "tests/geo/tiles/tile_fixtures.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace sna::geo;
namespace fs = std::filesystem;

namespace {

const TileId sample_tile_id{12, 2026, 1344};

/// A feature as `ogrinfo -q -al` prints it.
struct GdalFeature {
    std::string layer;
    std::map<std::string, std::string> fields;  ///< name -> value as printed
    std::string geometry;                       ///< WKT
};

/// Writes a tile where GDAL's MVT driver finds it: a z/x/y.pbf path gives it the tile's place.
class TileFile {
public:
    TileFile(const std::string& bytes, const TileId& tile) {
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        m_root = fs::temp_directory_path() / ("sna_mvt_test_" + std::to_string(stamp));
        const fs::path dir = m_root / std::to_string(tile.z) / std::to_string(tile.x);
        fs::create_directories(dir);
        m_path = dir / (std::to_string(tile.y) + ".pbf");
        std::ofstream(m_path, std::ios::binary) << bytes;
    }
    ~TileFile() {
        std::error_code ignored;
        fs::remove_all(m_root, ignored);
    }
    TileFile(const TileFile&) = delete;
    TileFile& operator=(const TileFile&) = delete;
    std::string path() const { return m_path.string(); }

private:
    fs::path m_root;
    fs::path m_path;
};

/// Runs `ogrinfo -q -al` on the tile and parses its feature dump.
std::vector<GdalFeature> read_with_gdal(const TileFile& file) {
    const auto result = test::run_command("ogrinfo -q -al '" + file.path() + "' 2>&1");
    INFO(result.output.substr(0, 2000));
    REQUIRE(result.status == 0);
    std::vector<GdalFeature> features;
    std::istringstream lines{result.output};
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("OGRFeature(", 0) == 0) {
            features.push_back({line.substr(11, line.find(')') - 11), {}, {}});
        } else if (!features.empty() && line.rfind("  ", 0) == 0) {
            const auto equals = line.find(" = ");
            if (equals == std::string::npos) {
                features.back().geometry = line.substr(2);
            } else {
                const std::string name = line.substr(2, line.find(' ', 2) - 2);
                features.back().fields[name] = line.substr(equals + 3);
            }
        }
    }
    return features;
}

/// Every coordinate pair in a WKT string, in order.
std::vector<Point> wkt_points(const std::string& wkt) {
    std::string numbers = wkt;
    for (char& c : numbers) {
        if (c == '(' || c == ')' || c == ',' || (c >= 'A' && c <= 'Z')) c = ' ';
    }
    std::istringstream in{numbers};
    std::vector<Point> points;
    Point p;
    while (in >> p.x >> p.y) points.push_back(p);
    return points;
}

}  // namespace

TEST_CASE("GDAL reads our sample tile: layers, properties and geometry", "[gdal]") {
    const TileFile file{test::sample_tile().serialize(), sample_tile_id};
    const auto features = read_with_gdal(file);
    REQUIRE(features.size() == 4);
    const GdalFeature& area = features[0];
    CHECK(area.layer == "areas");
    CHECK(area.fields.at("mvt_id") == "101");
    CHECK(area.fields.at("code") == "E01009001");
    CHECK(area.fields.at("score") == "41.5");
    CHECK(area.fields.at("rank") == "-3");
    CHECK(area.fields.at("population") == "1650");
    CHECK(area.fields.at("delta") == "-7");
    CHECK(area.fields.at("is_priority") == "1");
    // One polygon with one hole: GDAL read our winding as exterior + interior ring.
    CHECK(area.geometry.rfind("MULTIPOLYGON (((", 0) == 0);
    CHECK(area.geometry.find(")),((") == std::string::npos);
    CHECK(area.geometry.find("),(") != std::string::npos);
    // Tile (0, 0) is the tile's north-west corner in GDAL's georeferencing too.
    const Point corner = TileTransform{sample_tile_id}.to_mercator(TilePoint{0, 0});
    const Point gdal_corner = wkt_points(area.geometry).at(0);
    CHECK(gdal_corner.x == Approx(corner.x).margin(1e-3));
    CHECK(gdal_corner.y == Approx(corner.y).margin(1e-3));
    // The second feature is a multipolygon of two exteriors.
    CHECK(features[1].geometry.find(")),((") != std::string::npos);
    CHECK(features[3].layer == "schools");
    CHECK(features[3].fields.at("name") == "Parkway");
    CHECK(features[3].geometry.rfind("POINT (", 0) == 0);
}

TEST_CASE("GDAL reads a gzipped tile", "[gdal]") {
    const TileFile file{gzip_compress(test::sample_tile().serialize()), sample_tile_id};
    CHECK(read_with_gdal(file).size() == 4);
}

TEST_CASE("GDAL sees shared borders after the whole pipeline", "[gdal]") {
    // Two neighbouring lon/lat areas in Birmingham with a wiggly common border.
    std::vector<Point> border;
    for (int i = 0; i <= 40; ++i) {
        const double wiggle = (i == 0 || i == 40) ? 0.0 : 0.0003 * ((i * 7) % 5 - 2);
        border.push_back(Point{-1.9 + wiggle, 52.465 + 0.0002 * i});
    }
    Ring west{{-1.91, 52.465}};
    west.insert(west.end(), border.begin(), border.end());
    west.push_back({-1.91, 52.473});
    Ring east{{-1.89, 52.465}, {-1.89, 52.473}};
    east.insert(east.end(), border.rbegin(), border.rend());
    const std::vector<MultiPolygon> layer{project_to_mercator(MultiPolygon{{Polygon{{west}}}}),
                                          project_to_mercator(MultiPolygon{{Polygon{{east}}}})};

    const Topology topology = build_topology(layer);
    const SimplifiedLayer simplified = simplify_layer(topology, mercator_pixel_size(12));
    const TileTransform transform{sample_tile_id};
    LayerBuilder builder{"lsoa"};
    for (std::size_t i = 0; i < simplified.features.size(); ++i) {
        const auto polygons = clip_to_tile(simplified.features[i], transform, 64);
        builder.add_polygon_feature(i + 1, polygons, {{"code", "E0100" + std::to_string(i)}});
    }
    TileBuilder tile;
    tile.add_layer(std::move(builder));
    const TileFile file{tile.serialize(), sample_tile_id};

    const auto features = read_with_gdal(file);
    REQUIRE(features.size() == 2);
    CHECK(features[1].fields.at("code") == "E01001");
    const double border_x = lonlat_to_mercator(Point{-1.9, 52.48}).x;
    std::vector<std::vector<Point>> borders(2);
    for (std::size_t f = 0; f < 2; ++f) {
        // A layer without multipolygons comes back from GDAL as plain polygons.
        CHECK(features[f].geometry.rfind("POLYGON ((", 0) == 0);
        for (const Point& p : wkt_points(features[f].geometry)) {
            if (std::abs(p.x - border_x) < 100.0) borders[f].push_back(p);
        }
        std::sort(borders[f].begin(), borders[f].end(),
                  [](const Point& a, const Point& b) { return a.y < b.y; });
        borders[f].erase(std::unique(borders[f].begin(), borders[f].end()), borders[f].end());
    }
    CHECK(borders[0].size() > 2);
    CHECK(borders[0] == borders[1]);  // identical border vertices, as GDAL decoded them
}
