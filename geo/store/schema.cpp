#include "geo/store/schema.hpp"

#include "geo/store/database.hpp"

namespace sna::geo {

namespace {

constexpr const char* tables_sql = R"SQL(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE datasets (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, publisher TEXT NOT NULL, licence TEXT NOT NULL,
  attribution TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', period TEXT NOT NULL DEFAULT '',
  suppress_below REAL NOT NULL DEFAULT 5, suppression_note TEXT NOT NULL DEFAULT '');
CREATE TABLE area_sets (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, dataset_id TEXT REFERENCES datasets(id),
  source_file TEXT NOT NULL DEFAULT '', level TEXT NOT NULL DEFAULT 'other',
  noun TEXT NOT NULL DEFAULT '', plural_noun TEXT NOT NULL DEFAULT '');
CREATE TABLE areas (
  fid INTEGER PRIMARY KEY, set_id TEXT NOT NULL REFERENCES area_sets(id), code TEXT NOT NULL,
  name TEXT NOT NULL, population REAL, area_m2 REAL NOT NULL, UNIQUE (set_id, code));
SELECT AddGeometryColumn('areas', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1);
SELECT CreateSpatialIndex('areas', 'geom');
CREATE TABLE area_parents (
  set_id TEXT NOT NULL, code TEXT NOT NULL, parent_set TEXT NOT NULL, parent_code TEXT NOT NULL,
  PRIMARY KEY (set_id, code, parent_set)) WITHOUT ROWID;
CREATE TABLE lookups (
  from_set TEXT NOT NULL, from_code TEXT NOT NULL, to_set TEXT NOT NULL, to_code TEXT NOT NULL,
  relation TEXT NOT NULL DEFAULT '', source_file TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (from_set, from_code, to_set, to_code)) WITHOUT ROWID;
CREATE TABLE indicators (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
  theme TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT '',
  polarity TEXT NOT NULL CHECK (polarity IN ('higher_is_worse','higher_is_better','neutral')),
  period TEXT NOT NULL DEFAULT '', set_id TEXT NOT NULL REFERENCES area_sets(id),
  dataset_id TEXT NOT NULL REFERENCES datasets(id), source_file TEXT NOT NULL DEFAULT '',
  source_column TEXT NOT NULL DEFAULT '', method TEXT NOT NULL DEFAULT '',
  denominator TEXT NOT NULL DEFAULT '', value_kind TEXT NOT NULL DEFAULT 'score',
  multiplier REAL NOT NULL DEFAULT 1, counts TEXT NOT NULL DEFAULT '',
  pooling TEXT NOT NULL DEFAULT '');
CREATE TABLE indicator_values (
  indicator_id TEXT NOT NULL REFERENCES indicators(id), set_id TEXT NOT NULL,
  area_code TEXT NOT NULL, period TEXT NOT NULL DEFAULT '', value REAL, numerator REAL,
  denominator REAL, national_rank INTEGER, national_decile INTEGER, flag TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (indicator_id, area_code, period)) WITHOUT ROWID;
CREATE TABLE national_values (
  indicator_id TEXT NOT NULL REFERENCES indicators(id), period TEXT NOT NULL DEFAULT '',
  area_code TEXT NOT NULL DEFAULT 'E92000001', area_name TEXT NOT NULL DEFAULT 'England',
  value REAL, numerator REAL, denominator REAL, source TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '', PRIMARY KEY (indicator_id, period)) WITHOUT ROWID;
CREATE TABLE access_rules (
  subject TEXT NOT NULL CHECK (subject IN ('dataset','indicator','point_layer','point_attribute')),
  id TEXT NOT NULL, attribute TEXT NOT NULL DEFAULT '', access TEXT NOT NULL,
  PRIMARY KEY (subject, id, attribute)) WITHOUT ROWID;
CREATE TABLE point_layers (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, dataset_id TEXT REFERENCES datasets(id),
  source_file TEXT NOT NULL DEFAULT '', point_count INTEGER NOT NULL DEFAULT 0,
  count_attributes TEXT NOT NULL DEFAULT '',
  own_code_set TEXT, own_code_checked INTEGER, own_code_agreeing INTEGER,
  own_code_tolerance_m REAL, own_code_within_tolerance INTEGER);
CREATE TABLE points (
  fid INTEGER PRIMARY KEY, layer TEXT NOT NULL REFERENCES point_layers(id), kind TEXT NOT NULL,
  source_id TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '', category TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL DEFAULT '', attributes TEXT NOT NULL DEFAULT '{}',
  source_row INTEGER NOT NULL DEFAULT 0, approximate INTEGER NOT NULL DEFAULT 0);
SELECT AddGeometryColumn('points', 'geom', 4326, 'POINT', 'XY', 1);
SELECT CreateSpatialIndex('points', 'geom');
CREATE TABLE point_areas (
  point_fid INTEGER NOT NULL REFERENCES points(fid), set_id TEXT NOT NULL, area_code TEXT,
  PRIMARY KEY (point_fid, set_id)) WITHOUT ROWID;
CREATE TABLE series_months (
  series_id TEXT NOT NULL, period TEXT NOT NULL, group_set TEXT NOT NULL, group_code TEXT NOT NULL,
  total REAL NOT NULL, median REAL NOT NULL, ratio REAL NOT NULL, flagged INTEGER NOT NULL,
  PRIMARY KEY (series_id, period, group_code)) WITHOUT ROWID;
CREATE TABLE postcodes (
  postcode TEXT PRIMARY KEY, dataset_id TEXT NOT NULL, lon REAL NOT NULL, lat REAL NOT NULL)
  WITHOUT ROWID;
CREATE TABLE postcode_areas (
  postcode TEXT NOT NULL REFERENCES postcodes(postcode), set_id TEXT NOT NULL,
  area_code TEXT NOT NULL, PRIMARY KEY (postcode, set_id)) WITHOUT ROWID;
CREATE TABLE build_report (
  seq INTEGER PRIMARY KEY, step TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '', seconds REAL);
)SQL";

constexpr const char* indexes_sql = R"SQL(
CREATE INDEX areas_by_code ON areas (code);
CREATE INDEX values_by_area ON indicator_values (area_code);
CREATE INDEX points_by_layer ON points (layer, category, period);
CREATE INDEX lookups_by_to ON lookups (to_set, to_code);
)SQL";

}  // namespace

void create_schema(Database& db) {
    // InitSpatialMetadata(1) runs its own single transaction (fast, docs/style.md §7).
    db.exec("SELECT InitSpatialMetadata(1)");
    Transaction tx{db};
    db.exec(tables_sql);
    db.exec("INSERT INTO meta (key, value) VALUES ('schema_version', '" +
            std::to_string(schema_version) + "')");
    tx.commit();
}

void create_indexes(Database& db) {
    db.exec(indexes_sql);
}

}  // namespace sna::geo
