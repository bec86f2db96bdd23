#include "geo/store/store_writer.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/wkb.hpp"
#include "geo/store/bulk_load.hpp"

namespace sna::geo {

struct StoreWriter::Statements {
    explicit Statements(Database& db)
        : meta(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
          dataset(db,
                  "INSERT INTO datasets (id, title, publisher, licence, attribution, url, period, "
                  "suppress_below, suppression_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          area_set(db,
                   "INSERT INTO area_sets (id, title, dataset_id, source_file, level, noun, "
                   "plural_noun) VALUES (?,?,?,?,?,?,?)"),
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
                "source_row, approximate, geom) VALUES (?,?,?,?,?,?,?,?,?,?)"),
          series_month(
              db,
              "INSERT INTO series_months (series_id, period, group_set, group_code, total, "
              "median, ratio, flagged) VALUES (?,?,?,?,?,?,?,?)"),
          report(db,
                 "INSERT INTO build_report (step, kind, source, detail, seconds) "
                 "VALUES (?, ?, ?, ?, ?)"),
          population(db, "UPDATE areas SET population = ? WHERE set_id = ? AND code = ?"),
          postcode(db,
                   "INSERT INTO postcodes (postcode, dataset_id, lon, lat) VALUES (?, ?, ?, ?)"),
          postcode_area(db,
                        "INSERT INTO postcode_areas (postcode, set_id, area_code) "
                        "VALUES (?, ?, ?)") {}

    Statement meta, dataset, area_set, area, parent, lookup, indicator, value, national,
        point_layer, finish_layer, point, series_month, report, population, postcode, postcode_area;
};

StoreWriter::StoreWriter(Database& db) : m_db(db), m_st(std::make_unique<Statements>(db)) {}
StoreWriter::~StoreWriter() = default;

void StoreWriter::set_meta(const std::string& key, const std::string& value) {
    m_st->meta.bind_all(key, value).run();
}

void StoreWriter::add_dataset(const Dataset& d) {
    m_st->dataset
        .bind_all(d.id, d.title, d.publisher, d.licence, d.attribution, d.url, d.period,
                  d.suppress_below, d.suppression_note)
        .run();
}

void StoreWriter::add_area_set(const AreaSet& s) {
    m_st->area_set
        .bind_all(s.id, s.title, s.dataset_id, s.source_file, to_text(s.level), s.noun,
                  s.plural_noun)
        .run();
}

void StoreWriter::add_area(const Area& a) {
    const std::string wkb = to_wkb(a.geometry);
    auto& st = m_st->area;
    st.bind_all(a.set_id, a.code, a.name, a.population, a.area_m2, Blob{wkb});
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
    m_st->parent.bind_all(set_id, code, parent_set, parent_code).run();
}

void StoreWriter::add_lookup(const std::string& from_set, const std::string& from_code,
                             const std::string& to_set, const std::string& to_code,
                             const std::string& relation, const std::string& source_file) {
    m_st->lookup.bind_all(from_set, from_code, to_set, to_code, relation, source_file).run();
}

void StoreWriter::add_indicator(const Indicator& i) {
    m_st->indicator
        .bind_all(i.id, i.title, i.description, i.theme, i.unit, to_string(i.polarity), i.period,
                  i.set_id, i.dataset_id, i.source_file, i.source_column, i.method, i.denominator,
                  i.value_kind, i.multiplier, i.counts, i.pooling)
        .run();
}

void StoreWriter::add_value(const IndicatorValue& v) {
    m_st->value
        .bind_all(v.indicator_id, v.set_id, v.area_code, v.period, v.value, v.numerator,
                  v.denominator, v.national_rank, v.national_decile, v.flag)
        .run();
}

void StoreWriter::add_national_value(const NationalValue& n) {
    m_st->national
        .bind_all(n.indicator_id, n.period, n.area_code, n.area_name, n.value, n.numerator,
                  n.denominator, n.source, n.note)
        .run();
}

void StoreWriter::add_point_layer(const std::string& id, const std::string& title,
                                  const std::string& kind, const std::string& dataset_id,
                                  const std::string& source_file,
                                  const std::vector<std::string>& count_attributes) {
    std::string counts;
    for (const auto& name : count_attributes) counts += (counts.empty() ? "" : "\n") + name;
    m_st->point_layer.bind_all(id, title, kind, dataset_id, source_file, counts).run();
}

void StoreWriter::finish_point_layer(const std::string& id, std::int64_t count,
                                     const OwnCodeCheck& check) {
    auto& st = m_st->finish_layer;
    if (check.set_id.empty()) {
        st.bind_all(count, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                    id);
    } else {
        st.bind_all(count, check.set_id, check.checked, check.agreeing, check.tolerance_m,
                    check.within_tolerance, id);
    }
    st.run();
}

std::int64_t StoreWriter::add_point(const PointRecord& p) {
    const std::string geom = spatialite_point(p.location, 4326);
    m_st->point
        .bind_all(p.layer, p.kind, p.source_id, p.name, p.category, p.period, p.attributes_json,
                  p.source_row, p.approximate, Blob{geom})
        .run();
    return m_db.last_insert_rowid();
}

void StoreWriter::add_point_areas(
    std::int64_t point_fid,
    const std::vector<std::pair<std::string, std::optional<std::string>>>& areas) {
    if (areas.empty()) return;
    if (!m_point_areas || m_point_area_rows != areas.size()) {
        std::string sql = "INSERT INTO point_areas (point_fid, set_id, area_code) VALUES (?, ?, ?)";
        for (std::size_t i = 1; i < areas.size(); ++i) sql += ", (?, ?, ?)";
        m_point_areas = std::make_unique<Statement>(m_db, sql);
        m_point_area_rows = areas.size();
    }
    int column = 1;
    for (const auto& [set_id, code] : areas) {
        m_point_areas->bind(column++, point_fid);
        m_point_areas->bind(column++, set_id);
        m_point_areas->bind(column++, code);
    }
    m_point_areas->run();
}

void StoreWriter::add_series_month(const SeriesMonth& m) {
    m_st->series_month
        .bind_all(m.series_id, m.period, m.group_set, m.group_code, m.total, m.median, m.ratio,
                  m.flagged)
        .run();
}

void StoreWriter::add_postcode(const StoredPostcode& p) {
    m_st->postcode.bind_all(p.postcode, p.dataset_id, p.lon, p.lat).run();
    for (const auto& [set, code] : p.areas)
        m_st->postcode_area.bind_all(p.postcode, set, code).run();
}

void StoreWriter::add_report(const ReportLine& line) {
    m_st->report.bind_all(line.step, line.kind, line.source, line.detail, line.seconds).run();
}

void StoreWriter::set_population(const std::string& set_id, const std::string& code,
                                 double population) {
    m_st->population.bind_all(population, set_id, code).run();
}

}  // namespace sna::geo
