#pragma once
/// The snamap database schema (documented in docs/data-model.md).

namespace sna::geo {

class Database;

/// 3: area_sets.level, noun, plural_noun; access_rules.
constexpr int schema_version = 3;

/// Initialises SpatiaLite metadata and creates every table. Call on an empty file.
void create_schema(Database& db);

/// Builds the R*Tree spatial indexes and secondary indexes; call after bulk inserts.
void create_indexes(Database& db);

}  // namespace sna::geo
