#include "geo/tileset/pmtiles_writer.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/sha256.hpp"
#include "geo/tiles/gzip.hpp"
#include "geo/tileset/pmtiles_tile_id.hpp"

#include <limits>

namespace sna::geo {

namespace {

std::string gzip_directory(std::string_view bytes) {
    return gzip_compress(bytes);
}

void check_stream(const std::ios& stream, const std::string& path, const char* what) {
    if (!stream) throw Error("cannot " + std::string(what) + " '" + path + "'");
}

}  // namespace

PmtilesWriter::PmtilesWriter(std::string output_path, PmtilesCompression tile_compression)
    : m_output(std::move(output_path)),
      m_tile_compression(tile_compression),
      m_data_file(temporary_path_beside_output(m_output) + ".tiles"),
      m_data(m_data_file.path(), std::ios::binary | std::ios::trunc) {
    check_stream(m_data, m_data_file.path(), "create the temporary tile data file");
}

void PmtilesWriter::add_tile(const TileId& tile, std::string_view data) {
    if (data.empty() || data.size() > std::numeric_limits<std::uint32_t>::max())
        throw InvalidInput("a PMTiles tile must hold 1 byte to 4 GiB");
    const std::uint64_t id = pmtiles_tile_id(tile);
    if (!m_entries.empty() && id <= m_entries.back().tile_id + m_entries.back().run_length - 1)
        throw InvalidInput("PMTiles tiles must be added in ascending tile id order (tile " +
                           std::to_string(tile.z) + "/" + std::to_string(tile.x) + "/" +
                           std::to_string(tile.y) + ")");
    Sha256 hash;
    hash.update(data);
    const auto [found, is_new] = m_blobs.try_emplace(hash.hex_digest(), Blob{m_data_length, 0});
    if (is_new) {
        found->second.length = static_cast<std::uint32_t>(data.size());
        m_data.write(data.data(), static_cast<std::streamsize>(data.size()));
        check_stream(m_data, m_data_file.path(), "write tile data to");
        m_data_length += data.size();
    }
    append_entry(id, found->second);
}

void PmtilesWriter::append_entry(std::uint64_t id, const Blob& blob) {
    ++m_addressed;
    if (!m_entries.empty()) {
        PmtilesEntry& last = m_entries.back();
        if (last.offset == blob.offset && last.tile_id + last.run_length == id &&
            last.run_length < std::numeric_limits<std::uint32_t>::max()) {
            ++last.run_length;
            return;
        }
    }
    m_entries.push_back({id, blob.offset, blob.length, 1});
}

PmtilesHeader PmtilesWriter::make_header(const TilesetMetadata& m, const PmtilesDirectories& dirs,
                                         std::uint64_t metadata_bytes) const {
    PmtilesHeader h;
    h.root_offset = pmtiles_header_bytes;
    h.root_length = dirs.root.size();
    h.metadata_offset = h.root_offset + h.root_length;
    h.metadata_length = metadata_bytes;
    h.leaves_offset = h.metadata_offset + h.metadata_length;
    h.leaves_length = dirs.leaves.size();
    h.tile_data_offset = h.leaves_offset + h.leaves_length;
    h.tile_data_length = m_data_length;
    h.addressed_tiles = m_addressed;
    h.tile_entries = m_entries.size();
    h.tile_contents = m_blobs.size();
    h.clustered = true;
    h.internal_compression = PmtilesCompression::gzip;
    h.tile_compression = m_tile_compression;
    h.tile_type = PmtilesTileType::mvt;
    h.min_zoom = static_cast<std::uint8_t>(m.min_zoom);
    h.max_zoom = static_cast<std::uint8_t>(m.max_zoom);
    h.min_lon_e7 = to_e7(m.bounds.min_x);
    h.min_lat_e7 = to_e7(m.bounds.min_y);
    h.max_lon_e7 = to_e7(m.bounds.max_x);
    h.max_lat_e7 = to_e7(m.bounds.max_y);
    h.center_zoom = static_cast<std::uint8_t>(m.center_zoom);
    h.center_lon_e7 = to_e7(m.center.x);
    h.center_lat_e7 = to_e7(m.center.y);
    return h;
}

void PmtilesWriter::finish(const TilesetMetadata& metadata) {
    validate(metadata);
    if (m_entries.empty())
        throw Error("no tiles to write to '" + m_output +
                    "': the layer has no features in the zoom range");
    m_data.close();
    check_stream(m_data, m_data_file.path(), "finish the temporary tile data file");
    const PmtilesDirectories dirs = build_directories(m_entries, gzip_directory);
    const std::string meta = gzip_compress(metadata_json(metadata));
    m_header = make_header(metadata, dirs, meta.size());

    TemporaryFile archive(temporary_path_beside_output(m_output));
    std::ofstream out(archive.path(), std::ios::binary | std::ios::trunc);
    check_stream(out, archive.path(), "create");
    out << serialize_header(m_header) << dirs.root << meta << dirs.leaves;
    std::ifstream data(m_data_file.path(), std::ios::binary);
    check_stream(data, m_data_file.path(), "read back");
    if (m_data_length > 0) out << data.rdbuf();
    out.close();
    check_stream(out, archive.path(), "write");
    data.close();
    m_data_file.remove();
    rename_into_place(archive.path(), m_output);
    archive.release();
}

}  // namespace sna::geo
