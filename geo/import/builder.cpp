#include "geo/import/builder.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/sha256.hpp"
#include "geo/core/temporary_file.hpp"
#include "geo/import/build_paths.hpp"
#include "geo/proj/coordinate_transform.hpp"
#include "geo/store/access_store.hpp"
#include "geo/store/bulk_load.hpp"
#include "geo/store/database.hpp"
#include "geo/store/schema.hpp"

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace sna::geo {

namespace fs = std::filesystem;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError({path, "", ""}, "cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

void timed_step(BuildContext& ctx, const std::string& name, void (*step)(BuildContext&)) {
    const auto start = std::chrono::steady_clock::now();
    step(ctx);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ctx.summary.step_seconds.emplace_back(name, seconds);
    ctx.store.add_report({name, "timing", "", "", seconds});
}

void write_metadata(BuildContext& ctx, const std::string& hash) {
    const Manifest& m = ctx.manifest;
    ctx.store.set_meta("data_hash", hash);
    ctx.store.set_meta("data_version", ctx.summary.data_version);
    ctx.store.set_meta("built_at", utc_now());
    ctx.store.set_meta("name", m.name);
    ctx.store.set_meta("description", m.description);
    ctx.store.set_meta("equal_area_crs", m.equal_area_crs);
    ctx.store.set_meta("analyses", analyses_json(m.analyses));
    ctx.store.set_meta("snamap_version", "0.1.0");
}

void import_datasets(BuildContext& ctx) {
    for (const Dataset& d : ctx.manifest.datasets) ctx.store.add_dataset(d);
    write_access_rules(ctx.store.database(), ctx.manifest.access);
}

/// Bulk-load settings for the temporary file only (it is renamed into place when complete, so a
/// crash never leaves a half-written database where the server reads it): no rollback journal,
/// no fsync, a large page cache and in-memory sorting, two sorter threads for CREATE INDEX.
void set_bulk_pragmas(Database& db) {
    db.exec(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON; "
        "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -524288; "
        "PRAGMA temp_store = MEMORY; PRAGMA threads = 2");
}

/// Spatial indexes packed in one pass, SpatiaLite's triggers back, then the other indexes.
void finish_indexes(Database& db, SuspendedTriggers& triggers, Progress& progress) {
    constexpr std::int64_t stages = std::size(spatial_tables) + 3;
    std::int64_t done = 0;
    progress.start("indexes", stages);
    for (const char* table : spatial_tables) {
        pack_spatial_index(db, table, "geom");
        progress.advance(++done);
    }
    triggers.restore();
    progress.advance(++done);
    create_indexes(db);
    progress.advance(++done);
    // Statistics from a sample of each index (1,000 rows per b-tree), not a scan of millions.
    db.exec("PRAGMA analysis_limit = 1000; ANALYZE");
    progress.advance(++done);
}

/// Runs every import step into an open, empty database.
BuildSummary import_all(Database& db, const Manifest& manifest, const BuildOptions& options,
                        const std::string& hash, Progress& progress) {
    set_bulk_pragmas(db);
    create_schema(db);
    SuspendedTriggers triggers(db, {std::begin(spatial_tables), std::end(spatial_tables)});
    StoreWriter store(db);
    BuildContext ctx{
        manifest, options.sources_dir, options.manifest_path, store, progress, {}, {}, {}, {}};
    ctx.summary.data_version = hash.substr(0, 12);
    {
        Transaction tx{db};
        import_datasets(ctx);
        timed_step(ctx, "areas", import_areas);
        timed_step(ctx, "lookups", import_lookups);
        timed_step(ctx, "tables", import_tables);
        timed_step(ctx, "deprivation_summaries", import_deprivation_summaries);
        timed_step(ctx, "points", import_points);
        timed_step(ctx, "series", import_series);
        timed_step(ctx, "postcodes", import_postcodes);
        write_metadata(ctx, hash);
        tx.commit();
    }
    {
        Transaction tx{db};
        finish_indexes(db, triggers, progress);
        tx.commit();
    }
    ctx.summary.step_seconds.emplace_back("indexes", progress.finish());
    return ctx.summary;
}

/// An unknown equal-area CRS is a manifest problem: report it against the manifest, up front.
void check_equal_area_crs(const Manifest& manifest, const std::string& manifest_path) {
    try {
        CoordinateTransform probe(manifest.equal_area_crs, "EPSG:4326");
    } catch (const DataError& e) {
        throw DataError({manifest_path, "", ""}, "equal_area_crs: " + e.problem());
    }
}

}  // namespace

std::string compute_data_hash(const std::string& manifest_text, const Manifest& manifest,
                              const BuildOptions& options) {
    Sha256 hash;
    hash.update(manifest_text);
    for (const std::string& relative : source_paths(manifest)) {
        const fs::path full = resolve_source(relative, options.sources_dir, options.manifest_path);
        if (!fs::is_regular_file(full)) {
            throw DataError({relative, "", ""}, "source file not found (looked for '" +
                                                    full.string() + "'; check --sources)");
        }
        hash.update(relative);
        hash.update(std::string(1, '\0'));
        hash.update(read_file(full.string()));
    }
    return hash.hex_digest();
}

BuildSummary build_database(const BuildOptions& options, Progress& progress) {
    const std::string manifest_text = read_file(options.manifest_path);
    const Manifest manifest = parse_manifest(manifest_text, options.manifest_path);
    check_equal_area_crs(manifest, options.manifest_path);
    check_output_is_not_input(manifest, options);
    check_source_locations(manifest, options);
    progress.start("checking sources", 0);
    const std::string hash = compute_data_hash(manifest_text, manifest, options);
    progress.finish("data version " + hash.substr(0, 12));

    TemporaryFile temporary(temporary_path_beside(options.output_path));
    if (const int stale = remove_stale_temporaries(options.output_path)) {
        progress.note("removed " + std::to_string(stale) +
                      " temporary file(s) left by builds that were killed");
    }
    Database db(temporary.path(), Database::Mode::read_write_create);
    BuildSummary summary = import_all(db, manifest, options, hash, progress);
    db.close();
    std::error_code error;
    fs::rename(temporary.path(), options.output_path, error);
    if (error) {
        throw Error("cannot move the new database into place at '" + options.output_path +
                    "': " + error.message());
    }
    temporary.release();
    return summary;
}

}  // namespace sna::geo
