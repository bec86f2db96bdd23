#pragma once
/// Writes a PMTiles v3 archive: clustered (tile data in tile id order), identical tiles stored
/// once (later entries point back at the first copy; consecutive ids with the same bytes become
/// one entry with a run length), gzip-compressed directories and metadata, leaf directories
/// when the root would not fit in the first 16 KiB.

#include "geo/core/temporary_file.hpp"
#include "geo/tileset/pmtiles_directory.hpp"
#include "geo/tileset/pmtiles_header.hpp"
#include "geo/tileset/tileset_metadata.hpp"

#include <cstdint>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace sna::geo {

class PmtilesWriter final : public TilesetWriter {
public:
    /// `tile_compression` says how the tiles given to add_tile() are compressed (the header's
    /// TileCompression, which clients obey). @throws InvalidInput if the folder does not exist
    explicit PmtilesWriter(std::string output_path,
                           PmtilesCompression tile_compression = PmtilesCompression::gzip);

    /// @pre tiles come in ascending pmtiles_tile_id order (that is what makes the archive
    /// clustered); @throws InvalidInput otherwise
    void add_tile(const TileId& tile, std::string_view data) override;

    /// @throws Error if no tile was added (a PMTiles directory cannot be empty) or on I/O errors
    void finish(const TilesetMetadata& metadata) override;

    /// The header as written by finish() (counts and section sizes), for reports.
    const PmtilesHeader& header() const { return m_header; }

private:
    struct Blob {
        std::uint64_t offset;
        std::uint32_t length;
    };
    void append_entry(std::uint64_t id, const Blob& blob);
    PmtilesHeader make_header(const TilesetMetadata& metadata, const PmtilesDirectories& dirs,
                              std::uint64_t metadata_bytes) const;

    std::string m_output;
    PmtilesCompression m_tile_compression;
    TemporaryFile m_data_file;  ///< the tile data section, copied in at the end
    std::ofstream m_data;
    std::uint64_t m_data_length = 0;
    std::vector<PmtilesEntry> m_entries;
    std::unordered_map<std::string, Blob> m_blobs;  ///< SHA-256 of the bytes → first copy
    std::uint64_t m_addressed = 0;
    PmtilesHeader m_header;
};

}  // namespace sna::geo
