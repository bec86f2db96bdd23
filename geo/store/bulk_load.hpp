#pragma once
/// Bulk loading a SpatiaLite database: what a build does differently from row-at-a-time upkeep.
///
/// SpatiaLite guards a geometry column with triggers that run per inserted row (a geometry-type
/// and SRID check, a "last insert" timestamp, and the R*Tree upkeep of a spatial index). For
/// millions of rows they cost more than the inserts themselves, and an R*Tree grown one row at a
/// time is slow to build. A build therefore drops the triggers, inserts, checks every geometry
/// once, packs each spatial index in one pass and puts the triggers back, so the finished file
/// is what SpatiaLite itself would have made (same tables, triggers and metadata).

#include "geo/core/geometry.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sna::geo {

class Database;

/// The triggers of some tables, dropped for a bulk load and re-created by restore().
/// A build whose load fails discards the whole file, so nothing restores them on error.
class SuspendedTriggers {
public:
    /// Drops every trigger on `tables`, keeping their SQL.
    SuspendedTriggers(Database& db, const std::vector<std::string>& tables);

    /// Re-creates the dropped triggers, and stamps SpatiaLite's `geometry_columns_time`
    /// `last_insert` of the tables (what the dropped timestamp triggers would have done).
    void restore();

private:
    Database& m_db;
    std::vector<std::string> m_tables;
    std::vector<std::string> m_sql;
};

/// A point as SpatiaLite's BLOB-Geometry (what `MakePoint(x, y, srid)` returns), little-endian:
/// bound directly, it spares an SQL function call per inserted row.
std::string spatialite_point(const Point& p, std::int32_t srid);

/// Checks every geometry of `table`.`column` against its `geometry_columns` entry (geometry
/// class and SRID, what SpatiaLite's insert trigger checks) and fills the column's spatial
/// index, which must exist and be empty (`CreateSpatialIndex` on the empty table), in one pass:
/// the entries are sorted (sort-tile-recursive) and written as full R*Tree nodes straight into
/// the rtree module's `_node`, `_rowid` and `_parent` tables, the way SQLite itself lays them out
/// (boxes as 32-bit floats rounded outwards). `rtreecheck()` accepts the result.
/// @throws StoreError when a geometry breaks the column's constraints, naming the row.
void pack_spatial_index(Database& db, const std::string& table, const std::string& column);

}  // namespace sna::geo
