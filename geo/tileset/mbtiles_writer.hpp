#pragma once
/// Writes an MBTiles 1.3 file of vector tiles: SQLite with `metadata` (name/value, including
/// `json` with vector_layers and format=pbf) and `tiles` (rows in the TMS scheme: y flipped).

#include "geo/core/temporary_file.hpp"
#include "geo/store/database.hpp"
#include "geo/tileset/tileset_metadata.hpp"

#include <memory>
#include <string>

namespace sna::geo {

class MbtilesWriter final : public TilesetWriter {
public:
    /// Creates the file under a temporary name beside `output_path`.
    /// @throws InvalidInput if the folder does not exist; StoreError if SQLite fails
    explicit MbtilesWriter(std::string output_path);
    ~MbtilesWriter() override;

    /// @pre each tile once (the unique index on z/x/y refuses a second copy: StoreError)
    void add_tile(const TileId& tile, std::string_view data) override;
    void finish(const TilesetMetadata& metadata) override;

    std::uint64_t tile_count() const { return m_tiles; }

private:
    std::string m_output;
    TemporaryFile m_file;
    // Destroyed in reverse: the statement, then the transaction (rolled back unless committed),
    // then the connection, then the temporary file.
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Transaction> m_transaction;
    std::unique_ptr<Statement> m_insert;
    std::uint64_t m_tiles = 0;
};

/// The MBTiles `tile_row` of an XYZ tile: 2^z - 1 - y (TMS counts rows from the south).
std::uint32_t mbtiles_row(const TileId& tile);

}  // namespace sna::geo
