#pragma once
/// The snamap database schema (documented in docs/data-model.md).

namespace sna::geo {

class Database;

/// 3: area_sets.level, noun, plural_noun; access_rules.
constexpr int schema_version = 3;

/// Initialises SpatiaLite metadata and creates every table, with the (empty) R*Tree spatial
/// indexes of `areas` and `points`. Call on an empty file.
void create_schema(Database& db);

/// The tables whose geometry columns have spatial indexes (see geo/store/bulk_load.hpp).
inline constexpr const char* spatial_tables[] = {"areas", "points"};

/// Builds the secondary indexes; call after bulk inserts, inside a transaction.
void create_indexes(Database& db);

}  // namespace sna::geo
