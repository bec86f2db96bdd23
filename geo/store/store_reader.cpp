#include "geo/store/store_reader.hpp"

#include "geo/core/wkb.hpp"

namespace sna::geo {

std::map<std::string, std::string> read_meta(Database& db) {
    std::map<std::string, std::string> meta;
    Statement st(db, "SELECT key, value FROM meta");
    while (st.step()) meta[st.column_text(0)] = st.column_text(1);
    return meta;
}

std::vector<Dataset> read_datasets(Database& db) {
    std::vector<Dataset> out;
    Statement st(db,
                 "SELECT id, title, publisher, licence, attribution, url, period FROM datasets "
                 "ORDER BY id");
    while (st.step()) {
        out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3),
                       st.column_text(4), st.column_text(5), st.column_text(6)});
    }
    return out;
}

std::vector<std::pair<AreaSet, std::int64_t>> read_area_sets(Database& db) {
    std::vector<std::pair<AreaSet, std::int64_t>> out;
    Statement st(db,
                 "SELECT s.id, s.title, s.dataset_id, s.source_file, "
                 "(SELECT COUNT(*) FROM areas a WHERE a.set_id = s.id) FROM area_sets s ORDER BY s.id");
    while (st.step()) {
        out.emplace_back(AreaSet{st.column_text(0), st.column_text(1), st.column_text(2), st.column_text(3)},
                         st.column_int(4));
    }
    return out;
}

std::vector<Indicator> read_indicators(Database& db) {
    std::vector<Indicator> out;
    Statement st(db,
                 "SELECT id, title, description, theme, unit, polarity, period, set_id, dataset_id, "
                 "source_file, source_column, method, denominator, value_kind FROM indicators "
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
    st.bind(1, set_id);
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
