#include "geo/store/point_columns.hpp"

#include "geo/core/errors.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <utility>

namespace sna::geo {

std::uint32_t StringDictionary::add(std::string_view text) {
    const auto found = m_ids.find(text);
    if (found != m_ids.end()) return found->second;
    const auto id = static_cast<std::uint32_t>(m_values.size());
    m_values.emplace_back(text);
    m_ids.emplace(std::string_view(m_values.back()), id);
    return id;
}

void PackedStrings::push_back(std::string_view text) {
    if (m_chars.size() + text.size() > std::numeric_limits<std::uint32_t>::max())
        throw DataError({"points", std::to_string(m_ends.size() + 1), ""},
                        "the layer's ids or names pass 4 GiB of text");
    m_chars.append(text);
    m_ends.push_back(static_cast<std::uint32_t>(m_chars.size()));
}

void PackedStrings::reserve(std::size_t rows) {
    m_ends.reserve(rows);
}

std::string_view PackedStrings::at(std::size_t row) const {
    const std::uint32_t begin = row == 0 ? 0 : m_ends[row - 1];
    return std::string_view(m_chars).substr(begin, m_ends[row] - begin);
}

PointColumns::PointColumns(std::string layer, std::vector<std::string> area_sets)
    : m_layer(std::move(layer)), m_area_sets(std::move(area_sets)) {
    std::sort(m_area_sets.begin(), m_area_sets.end());
}

void PointColumns::reserve(std::size_t rows) {
    m_fids.reserve(rows);
    m_locations.reserve(rows);
    m_source_ids.reserve(rows);
    m_names.reserve(rows);
    for (auto* column : {&m_kinds, &m_categories, &m_periods, &m_attributes}) column->reserve(rows);
    m_approximate.reserve(rows);
    m_areas.reserve(rows * m_area_sets.size());
}

std::size_t PointColumns::add(std::int64_t fid, const PointRecord& record) {
    m_fids.push_back(fid);
    m_locations.push_back(record.location);
    m_source_ids.push_back(record.source_id);
    m_names.push_back(record.name);
    m_kinds.push_back(m_strings.add(record.kind));
    m_categories.push_back(m_strings.add(record.category));
    m_periods.push_back(m_strings.add(record.period));
    m_attributes.push_back(m_attribute_texts.add(record.attributes_json));
    m_approximate.push_back(record.approximate ? 1 : 0);
    m_areas.insert(m_areas.end(), m_area_sets.size(), no_area);
    return m_fids.size() - 1;
}

void PointColumns::set_area(std::size_t row, std::size_t set, std::string_view code) {
    m_areas[row * m_area_sets.size() + set] = m_codes.add(code);
}

const std::string* PointColumns::area_code(std::size_t row, std::size_t set) const {
    const std::uint32_t code = m_areas[row * m_area_sets.size() + set];
    return code == no_area ? nullptr : &m_codes.at(code);
}

StoredPoint PointColumns::point(std::size_t row) const {
    StoredPoint p;
    p.fid = fid(row);
    p.record.layer = m_layer;
    p.record.kind = kind(row);
    p.record.source_id = std::string(source_id(row));
    p.record.name = std::string(name(row));
    p.record.category = category(row);
    p.record.period = period(row);
    p.record.attributes_json = m_attribute_texts.at(attributes_id(row));
    p.record.location = location(row);
    p.record.approximate = approximate(row);
    for (std::size_t s = 0; s < m_area_sets.size(); ++s) {
        if (const std::string* code = area_code(row, s)) p.areas[m_area_sets[s]] = *code;
    }
    return p;
}

namespace {

std::vector<std::string> area_set_ids(Database& db) {
    std::vector<std::string> ids;
    Statement st(db, "SELECT id FROM area_sets ORDER BY id");
    while (st.step()) ids.push_back(st.column_text(0));
    return ids;
}

/// The record's text fields in the order of columns 2… of the query below.
constexpr std::string PointRecord::*text_columns[] = {
    &PointRecord::kind,     &PointRecord::source_id, &PointRecord::name,
    &PointRecord::category, &PointRecord::period,    &PointRecord::attributes_json};

/// Reads `points` once, in fid order, into each layer's store.
void read_rows(Database& db, std::map<std::string, PointColumns>& layers) {
    Statement st(db,
                 "SELECT fid, layer, kind, source_id, name, category, period, attributes, "
                 "approximate, ST_X(geom), ST_Y(geom) FROM points ORDER BY fid");
    PointColumns* current = nullptr;
    PointRecord record;
    while (st.step()) {
        const std::string_view layer = st.column_text_view(1);
        if (!current || current->layer() != layer) {
            const auto found = layers.find(std::string(layer));
            if (found == layers.end())
                throw DataError({"points", std::to_string(st.column_int(0)), "layer"},
                                "no point layer '" + std::string(layer) + "' in point_layers");
            current = &found->second;
        }
        for (std::size_t c = 0; c < std::size(text_columns); ++c)
            record.*text_columns[c] = st.column_text_view(static_cast<int>(c) + 2);
        record.approximate = st.column_int(8) != 0;
        record.location = Point{st.column_double(9), st.column_double(10)};
        current->add(st.column_int(0), record);
    }
}

/// The row of `fid` in the store whose fids hold it (each store's fids ascend), if any.
std::pair<PointColumns*, std::size_t> row_of(std::map<std::string, PointColumns>& layers,
                                             std::int64_t fid) {
    for (auto& [_, columns] : layers) {
        const auto& fids = columns.fids();
        const auto it = std::lower_bound(fids.begin(), fids.end(), fid);
        if (it != fids.end() && *it == fid)
            return {&columns, static_cast<std::size_t>(it - fids.begin())};
    }
    return {nullptr, 0};
}

/// Reads `point_areas` once, in its key order (point, then set).
void read_areas(Database& db, std::map<std::string, PointColumns>& layers,
                const std::vector<std::string>& sets) {
    Statement st(db,
                 "SELECT point_fid, set_id, area_code FROM point_areas "
                 "WHERE area_code IS NOT NULL ORDER BY point_fid, set_id");
    std::int64_t last_fid = 0;
    std::pair<PointColumns*, std::size_t> row{nullptr, 0};
    while (st.step()) {
        const std::int64_t fid = st.column_int(0);
        if (fid != last_fid || !row.first) row = row_of(layers, fid);
        last_fid = fid;
        if (!row.first) continue;
        const std::string_view set = st.column_text_view(1);
        const auto s = std::lower_bound(sets.begin(), sets.end(), set);
        if (s == sets.end() || *s != set)
            throw DataError({"point_areas", std::to_string(fid), "set_id"},
                            "no area set '" + std::string(set) + "' in area_sets");
        row.first->set_area(row.second, static_cast<std::size_t>(s - sets.begin()),
                            st.column_text_view(2));
    }
}

}  // namespace

std::map<std::string, PointColumns> read_point_columns(
    Database& db, const std::vector<StoredPointLayer>& layers) {
    std::vector<std::string> sets = area_set_ids(db);
    std::map<std::string, PointColumns> out;
    for (const auto& layer : layers) {
        auto& columns = out.emplace(layer.id, PointColumns(layer.id, sets)).first->second;
        columns.reserve(static_cast<std::size_t>(std::max<std::int64_t>(layer.point_count, 0)));
    }
    if (out.empty()) return out;
    read_rows(db, out);
    read_areas(db, out, out.begin()->second.area_sets());
    return out;
}

}  // namespace sna::geo
