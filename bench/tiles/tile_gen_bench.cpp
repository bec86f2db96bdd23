/// Uncached tile generation benchmark: one AreaTileLayer built directly from one area set of a
/// built snamap database (properties `code` and `name` only, to match the PostGIS query of
/// bench/tiles/run.sh), then encode() for every tile of a list, one tile at a time on one thread.
/// Prints figures; not a test.
///
/// Timed separately: start-up (SQLite read, then layer construction: projection, topology,
/// per-zoom shared-border simplification and indexes) and, per tile, what TileCatalog::encode
/// does (lookup, clip, MVT encoding, serialisation). Not timed: gzip, HTTP, the tile cache.
/// Per zoom it reports wall time and the thread's CPU time; on a shared machine the CPU time
/// is the steadier of the two (it does not count time spent waiting for a core).

#include "geo/core/errors.hpp"
#include "geo/store/database.hpp"
#include "geo/store/store_reader.hpp"
#include "geo/tiles/area_tile_layer.hpp"
#include "geo/tiles/mvt_encoder.hpp"
#include "geo/tiles/tile_id.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace geo = sna::geo;

struct Options {
    std::string database;
    std::string tile_list;
    std::string set_id = "lsoa11";
    std::string counts_output;  ///< per tile: z x y features bytes microseconds
    int min_zoom = 6;
    int max_zoom = 16;
    unsigned build_threads = 2;
    bool help = false;
};

constexpr const char* usage =
    "usage: tile_gen_bench DB TILELIST [--set lsoa11] [--counts OUT.tsv] [--min-zoom 6]\n"
    "                      [--max-zoom 16] [--build-threads 2]\n"
    "TILELIST: one tile per line, \"z x y\" (XYZ scheme); the file order is the timed order.\n";

Options parse_options(int argc, char** argv) {
    Options o;
    const auto value = [&](int& i) -> std::string {
        if (i + 1 >= argc) throw geo::InvalidInput(std::string(argv[i]) + " needs a value");
        return argv[++i];
    };
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--set") {
            o.set_id = value(i);
        } else if (arg == "--counts") {
            o.counts_output = value(i);
        } else if (arg == "--min-zoom") {
            o.min_zoom = std::stoi(value(i));
        } else if (arg == "--max-zoom") {
            o.max_zoom = std::stoi(value(i));
        } else if (arg == "--build-threads") {
            o.build_threads = static_cast<unsigned>(std::stoul(value(i)));
        } else if (arg == "-h" || arg == "--help") {
            o.help = true;
            return o;
        } else if (!arg.empty() && arg[0] != '-') {
            positional.push_back(arg);
        } else {
            throw geo::InvalidInput("unknown option " + arg + "\n" + usage);
        }
    }
    if (positional.size() != 2)
        throw geo::InvalidInput(std::string("expected DB and TILELIST\n") + usage);
    o.database = positional[0];
    o.tile_list = positional[1];
    return o;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// CPU time of the calling thread, in seconds.
double thread_cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

/// Reads "z x y" lines; blank lines and lines starting with '#' are skipped.
/// @throws InvalidInput naming the file and line for anything else.
std::vector<geo::TileId> read_tile_list(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw geo::InvalidInput("cannot open tile list " + path);
    std::vector<geo::TileId> tiles;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string z, x, y;
        fields >> z >> x >> y;
        const auto tile = geo::TileId::parse(z, x, y);
        if (!tile) {
            throw geo::InvalidInput(path + ":" + std::to_string(number) +
                                    ": expected \"z x y\" of a valid tile, got '" + line + "'");
        }
        tiles.push_back(*tile);
    }
    return tiles;
}

/// The features of one set, with only `code` and `name` as properties.
std::vector<geo::AreaFeature> load_features(const std::string& database, const std::string& set) {
    geo::Database db(database, geo::Database::Mode::read_only);
    std::vector<geo::AreaFeature> features;
    for (auto& stored : geo::read_stored_areas(db, true)) {
        if (stored.area.set_id != set) continue;
        features.push_back({static_cast<std::uint64_t>(stored.fid),
                            std::move(stored.area.geometry),
                            {{"code", stored.area.code}, {"name", stored.area.name}}});
    }
    if (features.empty()) throw geo::NotFound("no areas in set '" + set + "' in " + database);
    return features;
}

/// What TileCatalog::encode does for an area layer: nullopt for a tile without features.
struct EncodedTile {
    std::size_t features = 0;
    std::size_t bytes = 0;
};

EncodedTile encode_one(const geo::AreaTileLayer& layer, const geo::TileId& tile) {
    geo::LayerBuilder builder = layer.new_builder();
    if (!layer.encode(tile, builder)) return {};
    const std::size_t features = builder.feature_count();
    geo::TileBuilder tile_builder;
    tile_builder.add_layer(std::move(builder));
    return {features, tile_builder.serialize().size()};
}

struct ZoomFigures {
    std::size_t tiles = 0;
    std::size_t non_empty = 0;
    std::size_t features = 0;
    std::size_t bytes = 0;
    double seconds = 0;
    double cpu_seconds = 0;
    double slowest_s = 0;
};

int run(const Options& o) {
    if (o.help) {
        std::cout << usage;
        return 0;
    }
    const std::vector<geo::TileId> tiles = read_tile_list(o.tile_list);

    const auto read_start = Clock::now();
    std::vector<geo::AreaFeature> features = load_features(o.database, o.set_id);
    const std::size_t feature_count = features.size();
    const double read_s = seconds_since(read_start);

    geo::TileLayerOptions options;
    options.name = o.set_id;
    options.min_zoom = o.min_zoom;
    options.max_zoom = o.max_zoom;
    options.build_threads = o.build_threads;
    const auto build_start = Clock::now();
    const geo::AreaTileLayer layer(std::move(features), options);
    const double build_s = seconds_since(build_start);

    std::ofstream counts;
    if (!o.counts_output.empty()) {
        counts.open(o.counts_output);
        if (!counts) throw geo::Error("cannot write " + o.counts_output);
        counts << "z\tx\ty\tfeatures\tbytes\tmicroseconds\n";
    }
    std::map<std::uint32_t, ZoomFigures> by_zoom;
    for (const geo::TileId& tile : tiles) {
        const double cpu_start = thread_cpu_seconds();
        const auto start = Clock::now();
        const EncodedTile encoded = encode_one(layer, tile);
        const double seconds = seconds_since(start);
        const double cpu_seconds = thread_cpu_seconds() - cpu_start;
        ZoomFigures& z = by_zoom[tile.z];
        ++z.tiles;
        z.non_empty += encoded.features > 0 ? 1 : 0;
        z.features += encoded.features;
        z.bytes += encoded.bytes;
        z.seconds += seconds;
        z.cpu_seconds += cpu_seconds;
        z.slowest_s = std::max(z.slowest_s, seconds);
        if (counts) {
            counts << tile.z << '\t' << tile.x << '\t' << tile.y << '\t' << encoded.features << '\t'
                   << encoded.bytes << '\t' << seconds * 1e6 << '\n';
        }
    }
    if (counts) {
        counts.close();
        if (!counts) throw geo::Error("error writing " + o.counts_output);
    }

    const geo::AreaTileLayerStats& stats = layer.stats();
    std::printf("layer: %s (%zu areas, %zu arcs, %zu zoom bands, zooms %d-%d)\n", o.set_id.c_str(),
                feature_count, stats.arcs, stats.bands.size(), o.min_zoom, o.max_zoom);
    std::printf("startup_read_s: %.3f\n", read_s);
    std::printf("startup_build_s: %.3f (topology %.3f, bands %.3f on %u threads)\n", build_s,
                stats.topology_seconds, stats.bands_seconds, o.build_threads);
    std::printf(
        "# zoom tiles non_empty features_per_tile bytes_per_tile seconds tiles_per_s slowest_ms "
        "cpu_seconds\n");
    for (const auto& [zoom, z] : by_zoom) {
        const double n = static_cast<double>(z.tiles);
        std::printf("zoom %u %zu %zu %.1f %.0f %.6f %.1f %.3f %.6f\n", zoom, z.tiles, z.non_empty,
                    static_cast<double>(z.features) / n, static_cast<double>(z.bytes) / n,
                    z.seconds, n / z.seconds, z.slowest_s * 1e3, z.cpu_seconds);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse_options(argc, argv));
    } catch (const sna::geo::InvalidInput& e) {
        std::cerr << "tile_gen_bench: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "tile_gen_bench: error: " << e.what() << "\n";
        return 1;
    }
}
