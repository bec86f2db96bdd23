#include "geo/store/bulk_load.hpp"

#include "geo/core/errors.hpp"
#include "geo/store/database.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace sna::geo {

namespace {

/// One R*Tree cell: a row id (or child node number) and its box in 32-bit floats.
struct Cell {
    std::int64_t id = 0;
    float min_x = 0, max_x = 0, min_y = 0, max_y = 0;
};

/// SQLite's rtree module (rtree.c, rtreeValueDown/Up): a double stored as a float is rounded
/// down for a minimum and up for a maximum, so the stored box contains the real one.
constexpr double round_towards = 1.0 - 1.0 / 8388608.0;
constexpr double round_away = 1.0 + 1.0 / 8388608.0;

float value_down(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) > d)
        f = static_cast<float>(d * (d < 0 ? round_away : round_towards));
    return f;
}

float value_up(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) < d)
        f = static_cast<float>(d * (d < 0 ? round_towards : round_away));
    return f;
}

std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (const char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

/// The SpatiaLite BLOB-Geometry header: 0x00, endianness, SRID, MBR (4 doubles), 0x7C, class.
struct BlobHeader {
    std::int32_t srid = 0, geometry_class = 0;
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};

template <typename T>
T read_scalar(const unsigned char* p, bool little) {
    unsigned char bytes[sizeof(T)];
    for (std::size_t i = 0; i < sizeof(T); ++i) bytes[i] = little ? p[i] : p[sizeof(T) - 1 - i];
    T value;
    std::memcpy(&value, bytes, sizeof(T));
    return value;
}

std::optional<BlobHeader> read_header(std::string_view blob) {
    const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
    if (blob.size() < 44 || p[0] != 0x00 || p[38] != 0x7C || p[blob.size() - 1] != 0xFE ||
        (p[1] != 0x00 && p[1] != 0x01))
        return std::nullopt;
    const bool little = p[1] == 0x01;
    BlobHeader h;
    h.srid = read_scalar<std::int32_t>(p + 2, little);
    h.min_x = read_scalar<double>(p + 6, little);
    h.min_y = read_scalar<double>(p + 14, little);
    h.max_x = read_scalar<double>(p + 22, little);
    h.max_y = read_scalar<double>(p + 30, little);
    h.geometry_class = read_scalar<std::int32_t>(p + 39, little);
    return h;
}

/// Reads every row's box, checking each geometry against the column's registered class and SRID.
std::vector<Cell> read_cells(Database& db, const std::string& table, const std::string& column) {
    Statement meta(db,
                   "SELECT geometry_type, srid FROM geometry_columns WHERE "
                   "lower(f_table_name) = lower(?) AND lower(f_geometry_column) = lower(?)");
    meta.bind_all(table, column);
    if (!meta.step()) throw StoreError(table + "." + column + " is not a geometry column", 1, 1);
    const std::int64_t want_class = meta.column_int(0), want_srid = meta.column_int(1);
    Statement rows(db, "SELECT ROWID, " + quoted(column) + " FROM " + quoted(table) + " WHERE " +
                           quoted(column) + " IS NOT NULL");
    std::vector<Cell> cells;
    while (rows.step()) {
        const auto header = read_header(rows.column_blob_view(1));
        const std::int64_t id = rows.column_int(0);
        if (!header || header->srid != want_srid ||
            (want_class != 0 && header->geometry_class != want_class)) {
            throw StoreError(table + " row " + std::to_string(id) + ": " + column +
                                 " violates the geometry constraint (type or SRID not allowed)",
                             19, 19);
        }
        cells.push_back({id, value_down(header->min_x), value_up(header->max_x),
                         value_down(header->min_y), value_up(header->max_y)});
    }
    return cells;
}

float centre_x(const Cell& c) {
    return c.min_x / 2 + c.max_x / 2;
}
float centre_y(const Cell& c) {
    return c.min_y / 2 + c.max_y / 2;
}

/// Sort-tile-recursive order: vertical slices by x, each slice by y, so that each run of
/// `per_node` cells is a compact tile.
void sort_tile_recursive(std::vector<Cell>& cells, std::size_t per_node) {
    const auto by_x = [](const Cell& a, const Cell& b) { return centre_x(a) < centre_x(b); };
    const auto by_y = [](const Cell& a, const Cell& b) { return centre_y(a) < centre_y(b); };
    std::sort(cells.begin(), cells.end(), by_x);
    const double nodes =
        std::ceil(static_cast<double>(cells.size()) / static_cast<double>(per_node));
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(nodes)));
    const std::size_t per_slice = slices * per_node;
    for (std::size_t start = 0; start < cells.size(); start += per_slice) {
        const auto end =
            cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), start + per_slice));
        std::sort(cells.begin() + static_cast<std::ptrdiff_t>(start), end, by_y);
    }
}

/// rtree.c's node layout: 2-byte depth (root only), 2-byte cell count, then per cell an 8-byte
/// id and four 4-byte coordinates, all big-endian; the blob is always the full node size.
std::string encode_node(const Cell* cells, std::size_t count, std::size_t node_bytes, int depth) {
    std::string data(node_bytes, '\0');
    auto* p = reinterpret_cast<unsigned char*>(data.data());
    p[0] = static_cast<unsigned char>(depth >> 8);
    p[1] = static_cast<unsigned char>(depth & 0xff);
    p[2] = static_cast<unsigned char>(count >> 8);
    p[3] = static_cast<unsigned char>(count & 0xff);
    std::size_t at = 4;
    const auto put32 = [&](std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8)
            p[at++] = static_cast<unsigned char>(v >> shift);
    };
    for (std::size_t i = 0; i < count; ++i) {
        const auto id = static_cast<std::uint64_t>(cells[i].id);
        for (int shift = 56; shift >= 0; shift -= 8)
            p[at++] = static_cast<unsigned char>(id >> shift);
        for (const float f : {cells[i].min_x, cells[i].max_x, cells[i].min_y, cells[i].max_y}) {
            std::uint32_t bits;
            std::memcpy(&bits, &f, sizeof bits);
            put32(bits);
        }
    }
    return data;
}

Cell bounds_of(const Cell* cells, std::size_t count, std::int64_t id) {
    Cell box{id, cells[0].min_x, cells[0].max_x, cells[0].min_y, cells[0].max_y};
    for (std::size_t i = 1; i < count; ++i) {
        box.min_x = std::min(box.min_x, cells[i].min_x);
        box.max_x = std::max(box.max_x, cells[i].max_x);
        box.min_y = std::min(box.min_y, cells[i].min_y);
        box.max_y = std::max(box.max_y, cells[i].max_y);
    }
    return box;
}

/// Writes the levels bottom-up; the root is node 1 and holds at most `per_node` cells.
class NodeWriter {
public:
    NodeWriter(Database& db, const std::string& index, std::size_t node_bytes)
        : m_node(db, "INSERT INTO " + quoted(index + "_node") + " (nodeno, data) VALUES (?, ?)"),
          m_parent(db, "INSERT INTO " + quoted(index + "_parent") +
                           " (nodeno, parentnode) VALUES (?, ?)"),
          m_bytes(node_bytes),
          m_per_node((node_bytes - 4) / 24) {}

    std::size_t per_node() const { return m_per_node; }

    /// Leaf level first: returns (row id, leaf node) pairs for the `_rowid` table.
    std::vector<std::pair<std::int64_t, std::int64_t>> write(std::vector<Cell> level) {
        std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of;
        leaf_of.reserve(level.size());
        int depth = 0;
        while (level.size() > m_per_node) {
            std::vector<Cell> parents;
            for (std::size_t start = 0; start < level.size(); start += m_per_node) {
                const std::size_t count = std::min(m_per_node, level.size() - start);
                const std::int64_t number = m_next++;
                write_node(number, &level[start], count, 0);
                for (std::size_t i = start; i < start + count; ++i) {
                    if (depth == 0)
                        leaf_of.emplace_back(level[i].id, number);
                    else
                        m_children.emplace_back(level[i].id, number);
                }
                parents.push_back(bounds_of(&level[start], count, number));
            }
            level = std::move(parents);
            ++depth;
        }
        write_node(1, level.data(), level.size(), depth);
        for (const Cell& c : level) {
            if (depth == 0)
                leaf_of.emplace_back(c.id, 1);
            else
                m_children.emplace_back(c.id, 1);
        }
        for (const auto& [child, parent] : m_children) m_parent.bind_all(child, parent).run();
        return leaf_of;
    }

private:
    void write_node(std::int64_t number, const Cell* cells, std::size_t count, int depth) {
        const std::string data = encode_node(cells, count, m_bytes, depth);
        m_node.bind_all(number, Blob{data}).run();
    }

    Statement m_node, m_parent;
    std::size_t m_bytes, m_per_node;
    std::int64_t m_next = 2;
    std::vector<std::pair<std::int64_t, std::int64_t>> m_children;
};

}  // namespace

std::string spatialite_point(const Point& p, std::int32_t srid) {
    std::string blob(60, '\0');
    char* at = blob.data();
    const auto put = [&at](const auto& value) {
        std::memcpy(at, &value, sizeof value);
        at += sizeof value;
    };
    static_assert(sizeof(double) == 8 && sizeof(std::int32_t) == 4);
    const std::uint16_t one = 1;
    unsigned char first_byte;
    std::memcpy(&first_byte, &one, 1);
    if (first_byte != 1) throw StoreError("spatialite_point needs a little-endian machine", 1, 1);
    blob[1] = 0x01;  // blob[0] = 0x00 (start), then little-endian
    at += 2;
    put(srid);
    for (const double d : {p.x, p.y, p.x, p.y}) put(d);  // the MBR
    blob[38] = static_cast<char>(0x7C);
    at += 1;
    put(std::int32_t{1});  // POINT
    put(p.x);
    put(p.y);
    blob[59] = static_cast<char>(0xFE);
    return blob;
}

SuspendedTriggers::SuspendedTriggers(Database& db, const std::vector<std::string>& tables)
    : m_db(db), m_tables(tables) {
    for (const std::string& table : tables) {
        std::vector<std::string> names;
        Statement st(db,
                     "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                     "tbl_name = ? ORDER BY rowid");
        st.bind_all(table);
        while (st.step()) {
            names.push_back(st.column_text(0));
            m_sql.push_back(st.column_text(1));
        }
        for (const std::string& name : names) db.exec("DROP TRIGGER " + quoted(name));
    }
}

void SuspendedTriggers::restore() {
    for (const std::string& sql : m_sql) m_db.exec(sql);
    m_sql.clear();
    Statement stamp(m_db,
                    "UPDATE geometry_columns_time SET last_insert = "
                    "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE lower(f_table_name) = lower(?)");
    for (const std::string& table : m_tables) stamp.bind_all(table).run();
}

void pack_spatial_index(Database& db, const std::string& table, const std::string& column) {
    const std::string index = "idx_" + table + "_" + column;
    std::vector<Cell> cells = read_cells(db, table, column);
    Statement size(db, "SELECT length(data) FROM " + quoted(index + "_node") + " WHERE nodeno = 1");
    if (!size.step()) throw StoreError("no spatial index " + index + " to fill", 1, 1);
    NodeWriter writer(db, index, static_cast<std::size_t>(size.column_int(0)));
    db.exec("DELETE FROM " + quoted(index + "_node") + "; DELETE FROM " + quoted(index + "_rowid") +
            "; DELETE FROM " + quoted(index + "_parent"));
    sort_tile_recursive(cells, writer.per_node());
    auto leaf_of = writer.write(std::move(cells));
    std::sort(leaf_of.begin(), leaf_of.end());
    Statement rowid(db,
                    "INSERT INTO " + quoted(index + "_rowid") + " (rowid, nodeno) VALUES (?, ?)");
    for (const auto& [id, node] : leaf_of) rowid.bind_all(id, node).run();
}

}  // namespace sna::geo
