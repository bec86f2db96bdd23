#include "geo/store/store_reader.hpp"

#include "geo/core/wkb.hpp"

#include <algorithm>

namespace sna::geo {

namespace {

bool has_table(Database& db, const std::string& table) {
    Statement st(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.bind_all(table);
    return st.step();
}

bool has_column(Database& db, const std::string& table, const std::string& column) {
    Statement st(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    st.bind_all(table, column);
    return st.step();
}

/// Databases built before schema 3 have no `level`: the set ids snamap's own manifests used
/// then stand for their levels, so an archived version still compares like the current one.
AreaLevel legacy_area_level(const std::string& id) {
    if (id == "pfa") return AreaLevel::region;
    if (id == "lad") return AreaLevel::local_authority;
    if (id.rfind("ward", 0) == 0) return AreaLevel::ward;
    if (id.rfind("lsoa", 0) == 0) return AreaLevel::small_area;
    return AreaLevel::other;
}

}  // namespace

std::map<std::string, std::string> read_meta(Database& db) {
    std::map<std::string, std::string> meta;
    Statement st(db, "SELECT key, value FROM meta");
    while (st.step()) meta[st.column_text(0)] = st.column_text(1);
    return meta;
}

std::vector<Dataset> read_datasets(Database& db) {
    std::vector<Dataset> out;
    const bool has_suppression = has_column(db, "datasets", "suppress_below");
    Statement st(db,
                 std::string("SELECT id, title, publisher, licence, attribution, url, period, ") +
                     (has_suppression ? "suppress_below, suppression_note" : "5, ''") +
                     " FROM datasets ORDER BY id");
    while (st.step()) {
        out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3),
                       st.column_text(4), st.column_text(5), st.column_text(6), st.column_double(7),
                       st.column_text(8)});
    }
    return out;
}

std::vector<NationalValue> read_national_values(Database& db) {
    std::vector<NationalValue> out;
    if (!has_table(db, "national_values")) return out;
    Statement st(db,
                 "SELECT indicator_id, period, area_code, area_name, value, numerator, "
                 "denominator, source, note FROM national_values ORDER BY indicator_id, period");
    while (st.step()) {
        out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3),
                       st.column_optional_double(4), st.column_optional_double(5),
                       st.column_optional_double(6), st.column_text(7), st.column_text(8)});
    }
    return out;
}

std::vector<std::pair<AreaSet, std::int64_t>> read_area_sets(Database& db) {
    std::vector<std::pair<AreaSet, std::int64_t>> out;
    const bool has_level = has_column(db, "area_sets", "level");
    Statement st(db, std::string("SELECT s.id, s.title, s.dataset_id, s.source_file, ") +
                         (has_level ? "s.level, s.noun, s.plural_noun" : "'', '', ''") +
                         ", (SELECT COUNT(*) FROM areas a WHERE a.set_id = s.id) "
                         "FROM area_sets s ORDER BY s.id");
    while (st.step()) {
        AreaSet set;
        set.id = st.column_text(0);
        set.title = st.column_text(1);
        set.dataset_id = st.column_text(2);
        set.source_file = st.column_text(3);
        set.level = has_level ? area_level_from_text(st.column_text(4)).value_or(AreaLevel::other)
                              : legacy_area_level(set.id);
        set.noun = has_level ? st.column_text(5) : default_noun(set.level);
        set.plural_noun = has_level ? st.column_text(6) : set.noun + "s";
        out.emplace_back(std::move(set), st.column_int(7));
    }
    return out;
}

std::vector<Indicator> read_indicators(Database& db) {
    std::vector<Indicator> out;
    Statement st(
        db,
        "SELECT id, title, description, theme, unit, polarity, period, set_id, dataset_id, "
        "source_file, source_column, method, denominator, value_kind, multiplier, counts, pooling "
        "FROM indicators "
        "ORDER BY theme, id");
    while (st.step()) {
        Indicator i;
        i.id = st.column_text(0);
        i.title = st.column_text(1);
        i.description = st.column_text(2);
        i.theme = st.column_text(3);
        i.unit = st.column_text(4);
        i.polarity = polarity_from_string(st.column_text(5));
        i.period = st.column_text(6);
        i.set_id = st.column_text(7);
        i.dataset_id = st.column_text(8);
        i.source_file = st.column_text(9);
        i.source_column = st.column_text(10);
        i.method = st.column_text(11);
        i.denominator = st.column_text(12);
        i.value_kind = st.column_text(13);
        i.multiplier = st.column_double(14);
        i.counts = st.column_text(15);
        i.pooling = st.column_text(16);
        out.push_back(std::move(i));
    }
    return out;
}

std::map<std::string, std::int64_t> count_values(Database& db) {
    std::map<std::string, std::int64_t> out;
    Statement st(db, "SELECT indicator_id, COUNT(*) FROM indicator_values GROUP BY indicator_id");
    while (st.step()) out[st.column_text(0)] = st.column_int(1);
    return out;
}

std::vector<Area> read_areas(Database& db, const std::string& set_id) {
    std::vector<Area> out;
    Statement st(db,
                 "SELECT code, name, population, area_m2, ST_AsBinary(geom) FROM areas "
                 "WHERE set_id = ? ORDER BY code");
    st.bind_all(set_id);
    while (st.step()) {
        Area a;
        a.set_id = set_id;
        a.code = st.column_text(0);
        a.name = st.column_text(1);
        a.population = st.column_optional_double(2);
        a.area_m2 = st.column_double(3);
        a.geometry = multipolygon_from_wkb(st.column_blob(4));
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace sna::geo

namespace sna::geo {

namespace {

std::optional<std::int64_t> optional_int(const Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.column_int(column);
}

constexpr const char* value_columns =
    "SELECT indicator_id, set_id, area_code, period, value, numerator, denominator, "
    "national_rank, national_decile, flag FROM indicator_values";

void each_row(Statement& st, const std::function<void(StoredValue&&)>& each) {
    while (st.step()) {
        each(StoredValue{st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3),
                         st.column_optional_double(4), st.column_optional_double(5),
                         st.column_optional_double(6), optional_int(st, 7), optional_int(st, 8),
                         st.column_text(9)});
    }
}

}  // namespace

void for_each_value(Database& db, const std::function<void(StoredValue&&)>& each) {
    Statement st(db, value_columns);
    each_row(st, each);
}

std::vector<StoredValue> read_values(Database& db, const std::string& indicator_id) {
    Statement st(db, std::string(value_columns) + " WHERE indicator_id = ?");
    st.bind(1, indicator_id);
    std::vector<StoredValue> out;
    each_row(st, [&](StoredValue&& v) { out.push_back(std::move(v)); });
    return out;
}

std::vector<StoredArea> read_stored_areas(Database& db, bool with_geometry) {
    std::vector<StoredArea> out;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    Statement st(db, std::string("SELECT fid, set_id, code, name, population, area_m2, ") +
                         (with_geometry ? "ST_AsBinary(geom)" : "NULL") +
                         " FROM areas ORDER BY fid");
    while (st.step()) {
        StoredArea a;
        a.fid = st.column_int(0);
        a.area.set_id = st.column_text(1);
        a.area.code = st.column_text(2);
        a.area.name = st.column_text(3);
        a.area.population = st.column_optional_double(4);
        a.area.area_m2 = st.column_double(5);
        if (with_geometry) a.area.geometry = multipolygon_from_wkb(st.column_blob(6));
        index[{a.area.set_id, a.area.code}] = out.size();
        out.push_back(std::move(a));
    }
    Statement parents(db, "SELECT set_id, code, parent_set, parent_code FROM area_parents");
    while (parents.step()) {
        const auto it = index.find({parents.column_text(0), parents.column_text(1)});
        if (it != index.end())
            out[it->second].parents[parents.column_text(2)] = parents.column_text(3);
    }
    return out;
}

std::vector<StoredPointLayer> read_point_layers(Database& db) {
    std::vector<StoredPointLayer> out;
    const bool has_counts = has_column(db, "point_layers", "count_attributes");
    Statement st(db, std::string("SELECT id, title, kind, dataset_id, source_file, point_count, ") +
                         (has_counts ? "count_attributes" : "''") +
                         " FROM point_layers ORDER BY id");
    while (st.step()) {
        StoredPointLayer l{st.column_text(0),
                           st.column_text(1),
                           st.column_text(2),
                           st.column_text(3),
                           st.column_text(4),
                           st.column_int(5),
                           {}};
        std::string counts = st.column_text(6);
        for (std::size_t start = 0; start < counts.size();) {
            const std::size_t end = std::min(counts.find('\n', start), counts.size());
            l.count_attributes.push_back(counts.substr(start, end - start));
            start = end + 1;
        }
        out.push_back(std::move(l));
    }
    return out;
}

std::vector<StoredPoint> read_points(Database& db, const std::string& layer) {
    std::vector<StoredPoint> out;
    std::map<std::int64_t, std::size_t> index;
    Statement st(db,
                 "SELECT fid, kind, source_id, name, category, period, attributes, source_row, "
                 "approximate, ST_X(geom), ST_Y(geom) FROM points WHERE layer = ? ORDER BY fid");
    st.bind_all(layer);
    while (st.step()) {
        StoredPoint p;
        p.fid = st.column_int(0);
        p.record.layer = layer;
        p.record.kind = st.column_text(1);
        p.record.source_id = st.column_text(2);
        p.record.name = st.column_text(3);
        p.record.category = st.column_text(4);
        p.record.period = st.column_text(5);
        p.record.attributes_json = st.column_text(6);
        p.record.source_row = st.column_int(7);
        p.record.approximate = st.column_int(8) != 0;
        p.record.location = Point{st.column_double(9), st.column_double(10)};
        index[p.fid] = out.size();
        out.push_back(std::move(p));
    }
    Statement areas(
        db,
        "SELECT pa.point_fid, pa.set_id, pa.area_code FROM point_areas pa JOIN points p "
        "ON p.fid = pa.point_fid WHERE p.layer = ? AND pa.area_code IS NOT NULL");
    areas.bind_all(layer);
    while (areas.step()) {
        const auto it = index.find(areas.column_int(0));
        if (it != index.end()) out[it->second].areas[areas.column_text(1)] = areas.column_text(2);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> read_flagged_months(Database& db) {
    std::vector<std::pair<std::string, std::string>> out;
    Statement st(
        db, "SELECT DISTINCT series_id, period FROM series_months WHERE flagged = 1 ORDER BY 1, 2");
    while (st.step()) out.emplace_back(st.column_text(0), st.column_text(1));
    return out;
}

std::vector<StoredPostcode> read_postcodes(Database& db) {
    std::vector<StoredPostcode> out;
    if (!has_table(db, "postcodes")) return out;
    Statement st(db,
                 "SELECT p.postcode, p.dataset_id, p.lon, p.lat, a.set_id, a.area_code "
                 "FROM postcodes p LEFT JOIN postcode_areas a ON a.postcode = p.postcode "
                 "ORDER BY p.postcode, a.set_id");
    while (st.step()) {
        std::string postcode = st.column_text(0);
        if (out.empty() || out.back().postcode != postcode) {
            out.push_back({std::move(postcode),
                           st.column_text(1),
                           st.column_double(2),
                           st.column_double(3),
                           {}});
        }
        if (!st.column_text(4).empty())
            out.back().areas.emplace_back(st.column_text(4), st.column_text(5));
    }
    return out;
}

}  // namespace sna::geo
