#include "geo/tileset/pmtiles_reader.hpp"

#include "geo/core/errors.hpp"
#include "geo/tiles/gzip.hpp"
#include "geo/tileset/pmtiles_tile_id.hpp"

#include <algorithm>

namespace sna::geo {

namespace {

/// Leaf levels a reader follows before calling the archive corrupt (the spec discourages more
/// than one).
constexpr int max_directory_depth = 4;

}  // namespace

PmtilesReader::PmtilesReader(const std::string& path) : m_path(path), m_in(path, std::ios::binary) {
    if (!m_in) throw DataError({path, "", ""}, "cannot open the file");
    m_header = parse_header(read(0, pmtiles_header_bytes), path);
}

std::string PmtilesReader::read(std::uint64_t offset, std::uint64_t length) {
    std::string bytes(static_cast<std::size_t>(length), '\0');
    m_in.clear();
    m_in.seekg(static_cast<std::streamoff>(offset));
    m_in.read(bytes.data(), static_cast<std::streamsize>(length));
    if (!m_in)
        throw DataError({m_path, "", ""},
                        "file ends before byte " + std::to_string(offset + length));
    return bytes;
}

std::vector<PmtilesEntry> PmtilesReader::directory(std::uint64_t offset, std::uint64_t length) {
    std::string bytes = read(offset, length);
    if (m_header.internal_compression == PmtilesCompression::gzip)
        bytes = gzip_decompress(bytes);
    else if (m_header.internal_compression != PmtilesCompression::none)
        throw DataError({m_path, "", ""}, "unsupported internal compression");
    return parse_directory(bytes, m_path);
}

std::string PmtilesReader::metadata_json() {
    std::string bytes = read(m_header.metadata_offset, m_header.metadata_length);
    return m_header.internal_compression == PmtilesCompression::gzip ? gzip_decompress(bytes)
                                                                     : bytes;
}

std::optional<std::string> PmtilesReader::tile(const TileId& tile) {
    const std::uint64_t id = pmtiles_tile_id(tile);
    std::vector<PmtilesEntry> dir = directory(m_header.root_offset, m_header.root_length);
    for (int depth = 0; depth <= max_directory_depth; ++depth) {
        const auto after = std::upper_bound(
            dir.begin(), dir.end(), id,
            [](std::uint64_t value, const PmtilesEntry& e) { return value < e.tile_id; });
        if (after == dir.begin()) return std::nullopt;
        const PmtilesEntry& e = *std::prev(after);
        if (e.run_length > 0) {
            if (id >= e.tile_id + e.run_length) return std::nullopt;
            return read(m_header.tile_data_offset + e.offset, e.length);
        }
        dir = directory(m_header.leaves_offset + e.offset, e.length);
    }
    throw DataError({m_path, "", ""}, "PMTiles leaf directories nest too deep");
}

std::vector<PmtilesEntry> PmtilesReader::tile_entries() {
    std::vector<PmtilesEntry> out;
    for (const auto& e : directory(m_header.root_offset, m_header.root_length)) {
        if (e.run_length > 0) {
            out.push_back(e);
            continue;
        }
        const auto leaf = directory(m_header.leaves_offset + e.offset, e.length);
        out.insert(out.end(), leaf.begin(), leaf.end());
    }
    return out;
}

}  // namespace sna::geo
