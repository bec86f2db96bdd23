#include "geo/store/store_writer.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/wkb.hpp"

namespace sna::geo {

struct StoreWriter::Statements {
    explicit Statements(Database& db)
        : meta(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
          dataset(db,
                  "INSERT INTO datasets (id, title, publisher, licence, attribution, url, period, "
                  "suppress_below, suppression_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          area_set(db,
                   "INSERT INTO area_sets (id, title, dataset_id, source_file) VALUES (?,?,?,?)"),
          area(db,
               "INSERT INTO areas (set_id, code, name, population, area_m2, geom) "
               "VALUES (?, ?, ?, ?, ?, ST_GeomFromWKB(?, 4326))"),
          parent(db,
                 "INSERT OR REPLACE INTO area_parents (set_id, code, parent_set, parent_code) "
                 "VALUES (?, ?, ?, ?)"),
          lookup(db,
                 "INSERT OR IGNORE INTO lookups (from_set, from_code, to_set, to_code, relation, "
                 "source_file) VALUES (?, ?, ?, ?, ?, ?)"),
          indicator(
              db,
              "INSERT INTO indicators (id, title, description, theme, unit, polarity, period, "
              "set_id, dataset_id, source_file, source_column, method, denominator, "
              "value_kind, multiplier, counts, pooling) VALUES "
              "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
          value(db,
                "INSERT INTO indicator_values (indicator_id, set_id, area_code, period, value, "
                "numerator, denominator, national_rank, national_decile, flag) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)"),
          national(db,
                   "INSERT INTO national_values (indicator_id, period, area_code, area_name, "
                   "value, numerator, denominator, source, note) VALUES (?,?,?,?,?,?,?,?,?)"),
          point_layer(db,
                      "INSERT INTO point_layers (id, title, kind, dataset_id, source_file, "
                      "count_attributes) VALUES (?, ?, ?, ?, ?, ?)"),
          finish_layer(db,
                       "UPDATE point_layers SET point_count = ?, own_code_set = ?, "
                       "own_code_checked = ?, own_code_agreeing = ?, own_code_tolerance_m = ?, "
                       "own_code_within_tolerance = ? WHERE id = ?"),
          point(db,
                "INSERT INTO points (layer, kind, source_id, name, category, period, attributes, "
                "source_row, approximate, geom) VALUES (?,?,?,?,?,?,?,?,?, MakePoint(?, ?, 4326))"),
          point_area(db, "INSERT INTO point_areas (point_fid, set_id, area_code) VALUES (?, ?, ?)"),
          series_month(
              db,
              "INSERT INTO series_months (series_id, period, group_set, group_code, total, "
              "median, ratio, flagged) VALUES (?,?,?,?,?,?,?,?)"),
          report(db,
                 "INSERT INTO build_report (step, kind, source, detail, seconds) "
                 "VALUES (?, ?, ?, ?, ?)"),
          population(db, "UPDATE areas SET population = ? WHERE set_id = ? AND code = ?") {}

    Statement meta, dataset, area_set, area, parent, lookup, indicator, value, national,
        point_layer, finish_layer, point, point_area, series_month, report, population;
};

StoreWriter::StoreWriter(Database& db) : m_db(db), m_st(std::make_unique<Statements>(db)) {}
StoreWriter::~StoreWriter() = default;

void StoreWriter::set_meta(const std::string& key, const std::string& value) {
    m_st->meta.bind(1, key).bind(2, value).run();
}

void StoreWriter::add_dataset(const Dataset& d) {
    m_st->dataset.bind(1, d.id).bind(2, d.title).bind(3, d.publisher).bind(4, d.licence);
    m_st->dataset.bind(5, d.attribution).bind(6, d.url).bind(7, d.period);
    m_st->dataset.bind(8, d.suppress_below).bind(9, d.suppression_note).run();
}

void StoreWriter::add_area_set(const AreaSet& s) {
    m_st->area_set.bind(1, s.id)
        .bind(2, s.title)
        .bind(3, s.dataset_id)
        .bind(4, s.source_file)
        .run();
}

void StoreWriter::add_area(const Area& a) {
    const std::string wkb = to_wkb(a.geometry);
    auto& st = m_st->area;
    st.bind(1, a.set_id).bind(2, a.code).bind(3, a.name).bind(4, a.population).bind(5, a.area_m2);
    st.bind_blob(6, wkb.data(), wkb.size());
    try {
        st.run();
    } catch (const StoreError& e) {
        st.reset();
        if ((e.code() & 0xff) == 19 /* SQLITE_CONSTRAINT */) {
            throw DataError({}, "duplicate area code '" + a.code + "' in set '" + a.set_id + "'");
        }
        throw;
    }
}

void StoreWriter::add_parent(const std::string& set_id, const std::string& code,
                             const std::string& parent_set, const std::string& parent_code) {
    m_st->parent.bind(1, set_id).bind(2, code).bind(3, parent_set).bind(4, parent_code).run();
}

void StoreWriter::add_lookup(const std::string& from_set, const std::string& from_code,
                             const std::string& to_set, const std::string& to_code,
                             const std::string& relation, const std::string& source_file) {
    auto& st = m_st->lookup;
    st.bind(1, from_set).bind(2, from_code).bind(3, to_set).bind(4, to_code);
    st.bind(5, relation).bind(6, source_file).run();
}

void StoreWriter::add_indicator(const Indicator& i) {
    auto& st = m_st->indicator;
    st.bind(1, i.id).bind(2, i.title).bind(3, i.description).bind(4, i.theme).bind(5, i.unit);
    st.bind(6, to_string(i.polarity)).bind(7, i.period).bind(8, i.set_id).bind(9, i.dataset_id);
    st.bind(10, i.source_file).bind(11, i.source_column).bind(12, i.method);
    st.bind(13, i.denominator).bind(14, i.value_kind).bind(15, i.multiplier);
    st.bind(16, i.counts).bind(17, i.pooling);
    st.run();
}

void StoreWriter::add_value(const IndicatorValue& v) {
    auto& st = m_st->value;
    st.bind(1, v.indicator_id).bind(2, v.set_id).bind(3, v.area_code).bind(4, v.period);
    st.bind(5, v.value).bind(6, v.numerator).bind(7, v.denominator);
    st.bind(8, v.national_rank).bind(9, v.national_decile).bind(10, v.flag);
    st.run();
}

void StoreWriter::add_national_value(const NationalValue& n) {
    auto& st = m_st->national;
    st.bind(1, n.indicator_id).bind(2, n.period).bind(3, n.area_code).bind(4, n.area_name);
    st.bind(5, n.value).bind(6, n.numerator).bind(7, n.denominator);
    st.bind(8, n.source).bind(9, n.note).run();
}

void StoreWriter::add_point_layer(const std::string& id, const std::string& title,
                                  const std::string& kind, const std::string& dataset_id,
                                  const std::string& source_file,
                                  const std::vector<std::string>& count_attributes) {
    std::string counts;
    for (const auto& name : count_attributes) counts += (counts.empty() ? "" : "\n") + name;
    m_st->point_layer.bind(1, id).bind(2, title).bind(3, kind).bind(4, dataset_id);
    m_st->point_layer.bind(5, source_file).bind(6, counts).run();
}

void StoreWriter::finish_point_layer(const std::string& id, std::int64_t count,
                                     const OwnCodeCheck& check) {
    auto& st = m_st->finish_layer;
    st.bind(1, count);
    if (check.set_id.empty()) {
        st.bind_null(2).bind_null(3).bind_null(4).bind_null(5).bind_null(6);
    } else {
        st.bind(2, check.set_id).bind(3, check.checked).bind(4, check.agreeing);
        st.bind(5, check.tolerance_m).bind(6, check.within_tolerance);
    }
    st.bind(7, id).run();
}

std::int64_t StoreWriter::add_point(const PointRecord& p) {
    auto& st = m_st->point;
    st.bind(1, p.layer).bind(2, p.kind).bind(3, p.source_id).bind(4, p.name).bind(5, p.category);
    st.bind(6, p.period).bind(7, p.attributes_json).bind(8, p.source_row);
    st.bind(9, p.approximate ? 1 : 0).bind(10, p.location.x).bind(11, p.location.y);
    st.run();
    return m_db.last_insert_rowid();
}

void StoreWriter::add_point_area(std::int64_t point_fid, const std::string& set_id,
                                 const std::optional<std::string>& area_code) {
    m_st->point_area.bind(1, point_fid).bind(2, set_id).bind(3, area_code).run();
}

void StoreWriter::add_series_month(const SeriesMonth& m) {
    auto& st = m_st->series_month;
    st.bind(1, m.series_id).bind(2, m.period).bind(3, m.group_set).bind(4, m.group_code);
    st.bind(5, m.total).bind(6, m.median).bind(7, m.ratio).bind(8, m.flagged ? 1 : 0).run();
}

void StoreWriter::add_report(const ReportLine& line) {
    auto& st = m_st->report;
    st.bind(1, line.step).bind(2, line.kind).bind(3, line.source).bind(4, line.detail);
    st.bind(5, line.seconds).run();
}

void StoreWriter::set_population(const std::string& set_id, const std::string& code,
                                 double population) {
    m_st->population.bind(1, population).bind(2, set_id).bind(3, code).run();
}

}  // namespace sna::geo
