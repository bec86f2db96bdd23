/// `snamap export-tiles`: one tile layer into a PMTiles or MBTiles file for static hosting,
/// each tile made by the same code as the server's tile route (make_served_tile).

#include "app/arguments.hpp"
#include "app/commands.hpp"
#include "geo/core/progress.hpp"
#include "geo/store/database.hpp"
#include "geo/tileset/mbtiles_writer.hpp"
#include "geo/tileset/pmtiles_writer.hpp"
#include "geo/tileset/tileset_export.hpp"
#include "server/config/server_config.hpp"
#include "server/index/served_tile.hpp"
#include "server/index/tile_catalog.hpp"
#include "server/index/world.hpp"
#include "server/views/tilejson.hpp"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

namespace sna::app {

namespace {

constexpr const char* usage =
    "usage: snamap export-tiles DB --layer ID -o FILE [--format pmtiles|mbtiles] "
    "[--minzoom N] [--maxzoom N] [--config FILE] [--threads N] [--quiet]";

struct ExportOptions {
    std::string database;
    std::string layer;
    std::string output;
    std::string format;  ///< "pmtiles" or "mbtiles"
    int min_zoom = -1;   ///< -1: the layer's own
    int max_zoom = -1;
    unsigned threads = 2;
    bool quiet = false;
    server::ServerConfig config;  ///< zooms, buffer and headline indicators, as the server's
};

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

std::string format_of(const Arguments& a, const std::string& output) {
    if (const auto format = a.get("--format")) {
        if (*format != "pmtiles" && *format != "mbtiles")
            throw geo::InvalidInput("--format must be pmtiles or mbtiles, got '" + *format + "'");
        return *format;
    }
    if (ends_with(output, ".pmtiles")) return "pmtiles";
    if (ends_with(output, ".mbtiles")) return "mbtiles";
    throw geo::InvalidInput("say --format pmtiles or --format mbtiles (the output name '" + output +
                            "' ends in neither)");
}

/// The zoom range to export: the layer's, narrowed by --minzoom/--maxzoom.
std::pair<int, int> zoom_range(const ExportOptions& o, const server::TileCatalog& tiles) {
    const int low = tiles.min_zoom(o.layer), high = tiles.max_zoom(o.layer);
    const int min_zoom = o.min_zoom < 0 ? low : o.min_zoom;
    const int max_zoom = o.max_zoom < 0 ? high : o.max_zoom;
    if (min_zoom < low || max_zoom > high || min_zoom > max_zoom)
        throw geo::InvalidInput("layer '" + o.layer + "' has tiles from z" + std::to_string(low) +
                                " to z" + std::to_string(high) + "; asked for z" +
                                std::to_string(min_zoom) + " to z" + std::to_string(max_zoom));
    return {min_zoom, max_zoom};
}

geo::TilesetMetadata metadata_of(const server::DataIndex& data, const server::TileCatalog& tiles,
                                 const std::string& layer, std::pair<int, int> zooms) {
    nlohmann::json doc = server::layer_tilejson(data, tiles, layer);
    for (auto& vector_layer : doc["vector_layers"]) {
        vector_layer["minzoom"] = zooms.first;
        vector_layer["maxzoom"] = zooms.second;
    }
    geo::TilesetMetadata m;
    m.name = doc["name"];
    m.description = doc["description"];
    m.attribution = doc["attribution"];
    m.version = doc["version"];
    std::tie(m.min_zoom, m.max_zoom) = zooms;
    const auto& b = doc["bounds"];
    m.bounds = {b[0], b[1], b[2], b[3]};
    m.center = {doc["center"][0], doc["center"][1]};
    m.center_zoom = std::clamp(doc["center"][2].get<int>(), zooms.first, zooms.second);
    m.vector_layers_json = doc["vector_layers"].dump();
    m.extra = {{"data_version", data.data_version()}, {"generator", "snamap export-tiles"}};
    return m;
}

std::unique_ptr<geo::TilesetWriter> make_writer(const ExportOptions& o) {
    if (o.format == "pmtiles") return std::make_unique<geo::PmtilesWriter>(o.output);
    return std::make_unique<geo::MbtilesWriter>(o.output);
}

void export_tiles(const ExportOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    geo::Progress progress(std::cerr, isatty(2) != 0, o.quiet);
    progress.start("reading " + o.database, 0);
    geo::Database database(o.database, geo::Database::Mode::read_only);
    const auto sources = server::World::Sources::read(database);
    progress.finish();
    progress.start("preparing tile layers", 0);
    // The public tier: a static tileset is for anyone who can reach the file (docs/access.md).
    const server::World world(database, sources, {}, o.config);
    database.close();
    const server::TileCatalog& tiles = world.tiles();
    const server::DataIndex& data = world.data();
    progress.finish();
    if (!tiles.info(o.layer)) {
        std::string known;
        for (const auto& id : tiles.layer_ids()) known += (known.empty() ? "" : ", ") + id;
        throw geo::InvalidInput("no tile layer '" + o.layer + "'; the database has " + known);
    }
    const auto zooms = zoom_range(o, tiles);
    const auto metadata = metadata_of(data, tiles, o.layer, zooms);
    const std::string version = data.data_version();
    const geo::TileSource source = [&](const geo::TileId& tile) {
        return server::make_served_tile(tiles, o.layer, tile, version).gzip;
    };
    const auto candidates = geo::tiles_to_export(tiles.bounds(o.layer), zooms.first, zooms.second);
    const auto writer = make_writer(o);
    const auto counts =
        geo::write_tileset(candidates, source, *writer, metadata, progress, o.threads);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "snamap export-tiles: " << o.layer << " z" << zooms.first << "-" << zooms.second
              << ": " << counts.written << " tiles (" << counts.bytes << " bytes of tiles) in "
              << std::filesystem::file_size(o.output) << " bytes at " << o.output << ", " << seconds
              << " s" << std::endl;
}

int zoom_option(const Arguments& a, const std::string& key) {
    const long long z = a.integer(key, -1);
    if (a.has(key) && (z < 0 || z > 26))
        throw geo::InvalidInput(key + " must be from 0 to 26, got " + std::to_string(z));
    return static_cast<int>(z);
}

}  // namespace

Run setup_export_tiles(const std::vector<std::string>& args) {
    const Arguments a(
        args, {"--layer", "-o", "--format", "--minzoom", "--maxzoom", "--config", "--threads"},
        {"--quiet"});
    if (a.positional().size() != 1 || !a.has("--layer") || !a.has("-o"))
        throw geo::InvalidInput(usage);
    ExportOptions o;
    o.database = a.positional()[0];
    if (!std::filesystem::is_regular_file(o.database))
        throw geo::InvalidInput("no database at '" + o.database + "'");
    o.layer = *a.get("--layer");
    o.output = *a.get("-o");
    o.format = format_of(a, o.output);
    std::error_code ignored;
    if (std::filesystem::equivalent(o.output, o.database, ignored))
        throw geo::InvalidInput("-o '" + o.output +
                                "' is the database itself; choose another file");
    o.min_zoom = zoom_option(a, "--minzoom");
    o.max_zoom = zoom_option(a, "--maxzoom");
    const long long threads = a.integer("--threads", 2);
    if (threads < 1 || threads > 64)
        throw geo::InvalidInput("--threads must be from 1 to 64, got " + std::to_string(threads));
    o.threads = static_cast<unsigned>(threads);
    o.quiet = a.has("--quiet");
    if (const auto file = a.get("--config")) o.config = server::load_server_config(*file);
    server::validate_server_config(o.config);
    // Checked now, not after minutes of encoding.
    geo::temporary_path_beside_output(o.output);
    return [o] { export_tiles(o); };
}

}  // namespace sna::app
