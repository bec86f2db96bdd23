#include "geo/core/errors.hpp"
#include "geo/core/postcode.hpp"
#include "geo/core/text.hpp"
#include "geo/import/build_context.hpp"
#include "geo/import/cell_parser.hpp"
#include "geo/import/table_reader.hpp"

#include <cstdio>
#include <map>

namespace sna::geo {

namespace {

/// ONSPD's latitude for a postcode with no grid reference (osgrdind 9); its longitude is 0.
constexpr double no_grid_latitude = 99.999999;

struct PostcodeCounts {
    std::int64_t kept = 0, terminated = 0, no_grid = 0, outside = 0;
};

struct PostcodeColumns {
    std::size_t postcode, latitude, longitude, terminated;
    std::vector<std::pair<std::string, std::size_t>> areas;  ///< set id → column
    bool has_terminated = false;
};

PostcodeColumns postcode_columns(const TableReader& table, const PostcodeSource& spec) {
    PostcodeColumns c{table.column_index(spec.postcode_column, "postcodes.postcode_column"),
                      table.column_index(spec.latitude_column, "postcodes.latitude_column"),
                      table.column_index(spec.longitude_column, "postcodes.longitude_column"),
                      0,
                      {},
                      !spec.terminated_column.empty()};
    if (c.has_terminated)
        c.terminated = table.column_index(spec.terminated_column, "postcodes.terminated_column");
    for (const auto& [set, column] : spec.areas)
        c.areas.emplace_back(set, table.column_index(column, "postcodes.areas." + set));
    return c;
}

[[noreturn]] void bad_cell(const TableReader& t, const std::string& column,
                           const std::string& problem) {
    throw DataError({t.display_name(), std::to_string(t.line_number()), column}, problem);
}

/// "49", "-8.7": a bound as written in the code.
std::string bound_text(double bound) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", bound);
    return text;
}

/// A coordinate cell: a number within [low, high] (Great Britain and Northern Ireland).
double coordinate(const TableReader& t, const std::vector<std::string>& row, std::size_t column,
                  const std::string& name, double low, double high) {
    const auto value = CellParser().number(t, row, column);
    if (!value) bad_cell(t, name, "expected a WGS84 coordinate, got an empty cell");
    if (*value < low || *value > high) {
        bad_cell(t, name,
                 "coordinate " + excerpt(row[column]) + " is outside the United Kingdom (" +
                     bound_text(low) + " to " + bound_text(high) + ")");
    }
    return *value;
}

/// One row: kept (and stored), or counted as skipped.
void import_row(BuildContext& ctx, const TableReader& t, const std::vector<std::string>& row,
                const PostcodeSource& spec, const PostcodeColumns& c,
                std::map<std::string, std::int64_t>& seen, PostcodeCounts& counts) {
    // Rows outside the region are skipped before anything else is read from them, so a
    // national file's rows elsewhere never stop a regional build.
    if (c.has_terminated && !trim(row[c.terminated]).empty()) {
        ++counts.terminated;
        return;
    }
    StoredPostcode p{"", spec.dataset_id, 0, 0, {}};
    for (const auto& [set, column] : c.areas) {
        const std::string code(trim(row[column]));
        if (!code.empty() && ctx.areas.set(set).find_code(code)) p.areas.emplace_back(set, code);
    }
    if (p.areas.empty()) {
        ++counts.outside;
        return;
    }
    const auto postcode = normalise_postcode(row[c.postcode]);
    if (!postcode)
        bad_cell(
            t, spec.postcode_column,
            "'" + excerpt(row[c.postcode]) + "' is not a UK postcode (expected e.g. 'B19 1AA')");
    p.postcode = *postcode;
    const auto lat = CellParser().number(t, row, c.latitude);
    if (lat && *lat == no_grid_latitude) {
        ++counts.no_grid;
        return;
    }
    p.lat = coordinate(t, row, c.latitude, spec.latitude_column, 49.0, 61.0);
    p.lon = coordinate(t, row, c.longitude, spec.longitude_column, -8.7, 2.0);
    const auto [first, inserted] = seen.emplace(*postcode, t.line_number());
    if (!inserted)
        bad_cell(t, spec.postcode_column,
                 "postcode '" + *postcode + "' appears twice (first at line " +
                     std::to_string(first->second) + ")");
    ctx.store.add_postcode(p);
    ++counts.kept;
}

}  // namespace

void import_postcodes(BuildContext& ctx) {
    if (!ctx.manifest.postcodes) return;
    const PostcodeSource& spec = *ctx.manifest.postcodes;
    std::map<std::string, std::int64_t> seen;
    PostcodeCounts counts;
    ctx.progress.start("postcodes", 0);
    for (const std::string& path : spec.paths) {
        auto table = TableReader::open(ctx.resolve(path), path, "");
        const PostcodeColumns columns = postcode_columns(*table, spec);
        std::vector<std::string> row;
        while (table->next(row)) import_row(ctx, *table, row, spec, columns, seen, counts);
    }
    if (counts.kept == 0)
        throw DataError({spec.paths.front(), "", ""},
                        "no postcode lies in any area of the sets named in postcodes.areas");
    const std::string text = std::to_string(counts.kept) + " postcodes; skipped " +
                             std::to_string(counts.terminated) + " terminated, " +
                             std::to_string(counts.no_grid) + " without a grid reference, " +
                             std::to_string(counts.outside) + " outside the region";
    ctx.store.add_report({"postcodes", "info", join(spec.paths, ", "), text, std::nullopt});
    ctx.progress.finish(text);
}

}  // namespace sna::geo
