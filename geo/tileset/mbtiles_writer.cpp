#include "geo/tileset/mbtiles_writer.hpp"

#include <filesystem>

namespace sna::geo {

namespace {

/// MBTiles 1.3: "0x4d504258" ("MPBX") marks the SQLite file as MBTiles.
constexpr const char* schema = R"(
PRAGMA application_id = 1297105496;
CREATE TABLE metadata (name TEXT NOT NULL, value TEXT);
CREATE UNIQUE INDEX metadata_name ON metadata (name);
CREATE TABLE tiles (zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,
                    tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL);
CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
)";

}  // namespace

std::uint32_t mbtiles_row(const TileId& tile) {
    return tiles_per_axis(tile.z) - 1 - tile.y;
}

MbtilesWriter::MbtilesWriter(std::string output_path)
    : m_output(std::move(output_path)), m_file(temporary_path_beside_output(m_output)) {
    std::filesystem::remove(m_file.path());  // a leftover of a killed export with our pid
    m_db = std::make_unique<Database>(m_file.path(), Database::Mode::read_write_create);
    m_db->exec(schema);
    m_transaction = std::make_unique<Transaction>(*m_db);
    m_insert = std::make_unique<Statement>(
        *m_db,
        "INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)");
}

MbtilesWriter::~MbtilesWriter() = default;

void MbtilesWriter::add_tile(const TileId& tile, std::string_view data) {
    m_insert
        ->bind_all(static_cast<std::int64_t>(tile.z), static_cast<std::int64_t>(tile.x),
                   static_cast<std::int64_t>(mbtiles_row(tile)), Blob{data})
        .run();
    ++m_tiles;
}

void MbtilesWriter::finish(const TilesetMetadata& metadata) {
    validate(metadata);
    {
        Statement meta(*m_db, "INSERT INTO metadata (name, value) VALUES (?, ?)");
        for (const auto& [name, value] : mbtiles_metadata(metadata))
            meta.bind_all(name, value).run();
    }
    m_insert.reset();
    m_transaction->commit();
    m_transaction.reset();
    m_db->close();
    m_db.reset();
    rename_into_place(m_file.path(), m_output);
    m_file.release();
}

}  // namespace sna::geo
