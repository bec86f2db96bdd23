#pragma once
/// PMTiles v3 directories (spec chapter 4): entries, their varint serialisation, and the split
/// of a tileset's entries into a root directory and leaf directories.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sna::geo {

/// One directory entry. run_length >= 1: tiles tile_id … tile_id + run_length - 1 all have the
/// bytes at offset/length of the tile data section. run_length == 0: a leaf directory whose
/// first tile is tile_id, at offset/length of the leaf directories section.
struct PmtilesEntry {
    std::uint64_t tile_id = 0;
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
    std::uint32_t run_length = 0;

    friend bool operator==(const PmtilesEntry& a, const PmtilesEntry& b) {
        return a.tile_id == b.tile_id && a.offset == b.offset && a.length == b.length &&
               a.run_length == b.run_length;
    }
};

/// Largest compressed root directory: 16,384 bytes less the 127-byte header (spec 4).
constexpr std::size_t max_root_directory_bytes = 16384 - 127;

/// Serialises entries (spec 4.2, before compression): the count, then delta-encoded tile ids,
/// run lengths, lengths and offsets (0 when contiguous with the previous entry, else offset+1),
/// each a varint. @pre entries sorted by tile_id, non-empty, every length > 0
std::string serialize_directory(const std::vector<PmtilesEntry>& entries);

/// Reads a serialised (decompressed) directory.
/// @throws DataError naming `where` when the bytes are truncated or not a directory.
std::vector<PmtilesEntry> parse_directory(std::string_view bytes, const std::string& where);

/// A root directory and the leaf directories it points to, each already compressed.
struct PmtilesDirectories {
    std::string root;
    std::string leaves;  ///< all leaf directories, back to back
    std::size_t leaf_count = 0;
};

/// Compresses a directory as the header's internal compression says (gzip here).
using CompressDirectory = std::string (*)(std::string_view);

/// The root alone when it compresses to max_root_directory_bytes or less; otherwise leaves of
/// a growing number of entries until the root of leaf entries fits (spec 4: one leaf level).
/// @pre entries sorted by tile_id and non-empty
PmtilesDirectories build_directories(const std::vector<PmtilesEntry>& entries,
                                     CompressDirectory compress);

}  // namespace sna::geo
