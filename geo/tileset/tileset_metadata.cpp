#include "geo/tileset/tileset_metadata.hpp"

#include "geo/core/errors.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

namespace sna::geo {

namespace fs = std::filesystem;

namespace {

using nlohmann::json;

std::string joined(std::initializer_list<double> numbers) {
    std::ostringstream out;
    out.precision(10);
    const char* separator = "";
    for (const double n : numbers) {
        out << separator << n;
        separator = ",";
    }
    return out.str();
}

}  // namespace

void validate(const TilesetMetadata& m) {
    const auto fail = [](const std::string& what) {
        throw InvalidInput("tileset metadata: " + what);
    };
    if (m.name.empty()) fail("name is empty");
    if (m.min_zoom < 0 || m.max_zoom > 26 || m.min_zoom > m.max_zoom)
        fail("zooms " + std::to_string(m.min_zoom) + "-" + std::to_string(m.max_zoom) +
             " are not a range within 0-26");
    const BBox& b = m.bounds;
    if (!(b.min_x >= -180 && b.max_x <= 180 && b.min_y >= -90 && b.max_y <= 90 &&
          b.min_x <= b.max_x && b.min_y <= b.max_y))
        fail("bounds are not a lon/lat box");
    if (m.center_zoom < m.min_zoom || m.center_zoom > m.max_zoom)
        fail("center zoom " + std::to_string(m.center_zoom) + " is outside the zooms");
    const json layers = json::parse(m.vector_layers_json, nullptr, false);
    if (!layers.is_array()) fail("vector_layers is not a JSON array");
}

std::string metadata_json(const TilesetMetadata& m) {
    json out = {{"name", m.name},
                {"description", m.description},
                {"attribution", m.attribution},
                {"version", m.version},
                {"type", "overlay"},
                {"format", "pbf"},
                {"minzoom", m.min_zoom},
                {"maxzoom", m.max_zoom},
                {"bounds", {m.bounds.min_x, m.bounds.min_y, m.bounds.max_x, m.bounds.max_y}},
                {"center", {m.center.x, m.center.y, m.center_zoom}},
                {"vector_layers", json::parse(m.vector_layers_json)}};
    for (const auto& [key, value] : m.extra) out[key] = value;
    return out.dump();
}

std::vector<std::pair<std::string, std::string>> mbtiles_metadata(const TilesetMetadata& m) {
    const BBox& b = m.bounds;
    std::vector<std::pair<std::string, std::string>> rows = {
        {"name", m.name},
        {"format", "pbf"},
        {"bounds", joined({b.min_x, b.min_y, b.max_x, b.max_y})},
        {"center", joined({m.center.x, m.center.y, static_cast<double>(m.center_zoom)})},
        {"minzoom", std::to_string(m.min_zoom)},
        {"maxzoom", std::to_string(m.max_zoom)},
        {"attribution", m.attribution},
        {"description", m.description},
        {"type", "overlay"},
        {"version", m.version},
        {"json", json{{"vector_layers", json::parse(m.vector_layers_json)}}.dump()}};
    rows.insert(rows.end(), m.extra.begin(), m.extra.end());
    return rows;
}

std::string temporary_path_beside_output(const std::string& output) {
    fs::path dir = fs::path(output).parent_path();
    if (dir.empty()) dir = ".";
    if (!fs::is_directory(dir))
        throw InvalidInput("output folder '" + dir.string() + "' does not exist");
    const std::string name = "." + fs::path(output).filename().string() + ".exporting-";
    return (dir / (name + std::to_string(::getpid()))).string();
}

void rename_into_place(const std::string& from, const std::string& to) {
    std::error_code error;
    fs::rename(from, to, error);
    if (error)
        throw Error("cannot move the new file into place at '" + to + "': " + error.message());
}

}  // namespace sna::geo
