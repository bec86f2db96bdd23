#include "geo/tileset/pmtiles_directory.hpp"

#include "geo/core/errors.hpp"

#include <protozero/buffer_string.hpp>
#include <protozero/varint.hpp>

#include <cassert>
#include <limits>

namespace sna::geo {

namespace {

void put(std::string& out, std::uint64_t value) {
    protozero::add_varint_to_buffer(&out, value);
}

class VarintReader {
public:
    VarintReader(std::string_view bytes, const std::string& where)
        : m_next(bytes.data()), m_end(bytes.data() + bytes.size()), m_where(where) {}

    std::uint64_t next() {
        try {
            return protozero::decode_varint(&m_next, m_end);
        } catch (const protozero::exception&) {
            throw DataError({m_where, "", ""}, "PMTiles directory is truncated or corrupt");
        }
    }
    std::uint32_t next_u32(const char* what) {
        const std::uint64_t v = next();
        if (v > std::numeric_limits<std::uint32_t>::max())
            throw DataError({m_where, "", ""}, std::string("PMTiles directory: ") + what + " " +
                                                   std::to_string(v) + " exceeds 32 bits");
        return static_cast<std::uint32_t>(v);
    }
    bool at_end() const { return m_next == m_end; }

private:
    const char* m_next;
    const char* m_end;
    const std::string& m_where;
};

/// Leaves of `leaf_size` entries and the root pointing at them.
PmtilesDirectories split(const std::vector<PmtilesEntry>& entries, std::size_t leaf_size,
                         CompressDirectory compress) {
    PmtilesDirectories out;
    std::vector<PmtilesEntry> root;
    for (std::size_t first = 0; first < entries.size(); first += leaf_size) {
        const std::size_t last = std::min(entries.size(), first + leaf_size);
        const std::vector<PmtilesEntry> leaf(entries.begin() + static_cast<std::ptrdiff_t>(first),
                                             entries.begin() + static_cast<std::ptrdiff_t>(last));
        const std::string bytes = compress(serialize_directory(leaf));
        root.push_back(
            {leaf.front().tile_id, out.leaves.size(), static_cast<std::uint32_t>(bytes.size()), 0});
        out.leaves += bytes;
        ++out.leaf_count;
    }
    out.root = compress(serialize_directory(root));
    return out;
}

}  // namespace

std::string serialize_directory(const std::vector<PmtilesEntry>& entries) {
    assert(!entries.empty());
    std::string out;
    put(out, entries.size());
    std::uint64_t last_id = 0;
    for (const auto& e : entries) {
        assert(e.tile_id >= last_id && e.length > 0);
        put(out, e.tile_id - last_id);
        last_id = e.tile_id;
    }
    for (const auto& e : entries) put(out, e.run_length);
    for (const auto& e : entries) put(out, e.length);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const bool contiguous =
            i > 0 && entries[i].offset == entries[i - 1].offset + entries[i - 1].length;
        put(out, contiguous ? 0 : entries[i].offset + 1);
    }
    return out;
}

std::vector<PmtilesEntry> parse_directory(std::string_view bytes, const std::string& where) {
    VarintReader in(bytes, where);
    const std::uint64_t count = in.next();
    // Each entry takes at least four bytes, so a count beyond that is corrupt, not huge.
    if (count == 0 || count > bytes.size() / 4)
        throw DataError({where, "", ""}, "PMTiles directory claims " + std::to_string(count) +
                                             " entries in " + std::to_string(bytes.size()) +
                                             " bytes");
    std::vector<PmtilesEntry> entries(static_cast<std::size_t>(count));
    std::uint64_t id = 0;
    for (auto& e : entries) e.tile_id = id += in.next();
    for (auto& e : entries) e.run_length = in.next_u32("run length");
    for (auto& e : entries) e.length = in.next_u32("length");
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::uint64_t v = in.next();
        if (v == 0 && i == 0)
            throw DataError({where, "", ""}, "PMTiles directory: first offset is relative");
        entries[i].offset = v == 0 ? entries[i - 1].offset + entries[i - 1].length : v - 1;
    }
    if (!in.at_end())
        throw DataError({where, "", ""}, "PMTiles directory has bytes after its entries");
    return entries;
}

PmtilesDirectories build_directories(const std::vector<PmtilesEntry>& entries,
                                     CompressDirectory compress) {
    assert(!entries.empty());
    PmtilesDirectories only_root{compress(serialize_directory(entries)), {}, 0};
    if (only_root.root.size() <= max_root_directory_bytes) return only_root;
    // As go-pmtiles does: leaves of at least 4,096 entries, grown by a fifth until the root of
    // leaf entries fits in the first 16 KiB.
    std::size_t leaf_size = std::max<std::size_t>(4096, entries.size() / 3500);
    for (;;) {
        PmtilesDirectories split_dirs = split(entries, leaf_size, compress);
        if (split_dirs.root.size() <= max_root_directory_bytes) return split_dirs;
        leaf_size += leaf_size / 5;
    }
}

}  // namespace sna::geo
