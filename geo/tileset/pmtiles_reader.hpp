#pragma once
/// Reads tiles back from a PMTiles v3 archive on disk (for checks and tests of what the writer
/// made; a browser reads the same archive over HTTP range requests).

#include "geo/tiles/tile_id.hpp"
#include "geo/tileset/pmtiles_directory.hpp"
#include "geo/tileset/pmtiles_header.hpp"

#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace sna::geo {

class PmtilesReader {
public:
    /// @throws DataError if the file cannot be read or does not start with a v3 header
    explicit PmtilesReader(const std::string& path);

    const PmtilesHeader& header() const { return m_header; }
    /// The JSON metadata, decompressed.
    std::string metadata_json();
    /// The tile's bytes as stored (still tile-compressed); nullopt when the archive lacks it.
    std::optional<std::string> tile(const TileId& tile);
    /// Every tile entry (run_length > 0) from the root and all leaves, in tile id order.
    std::vector<PmtilesEntry> tile_entries();

private:
    std::string read(std::uint64_t offset, std::uint64_t length);
    std::vector<PmtilesEntry> directory(std::uint64_t offset, std::uint64_t length);

    std::string m_path;
    std::ifstream m_in;
    PmtilesHeader m_header;
};

}  // namespace sna::geo
