#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/import/build_context.hpp"
#include "geo/import/table_reader.hpp"

namespace sna::geo {

namespace {

/// Checks that `code` is an area of `set_id`, naming the file, row and column when it is not.
bool has_code(const BuildContext& ctx, const std::string& set_id, const std::string& code) {
    return ctx.areas.set(set_id).find_code(code).has_value();
}

void require_code(const BuildContext& ctx, const TableReader& table, const std::string& set_id,
                  const std::string& column, const std::string& code) {
    if (ctx.areas.set(set_id).find_code(code)) return;
    throw DataError({table.display_name(), std::to_string(table.line_number()), column},
                    "'" + excerpt(code) + "' is not a code of area set '" + set_id +
                        "' (expected one of the codes imported from its boundary file)");
}

/// The same child may be listed many times (one row per smaller area), but always with one parent.
void check_parent_conflict(const BuildContext& ctx, const TableReader& table,
                           const LookupLink& link, const std::string& from, const std::string& to) {
    const auto existing = ctx.areas.parent(link.from_set, from, link.to_set);
    if (!existing || *existing == to) return;
    throw DataError({table.display_name(), std::to_string(table.line_number()), link.to_column},
                    "area '" + from + "' of set '" + link.from_set + "' already has parent '" +
                        *existing + "' in set '" + link.to_set + "', this row gives '" +
                        excerpt(to) + "' (a parent lookup must give one parent per area)");
}

}  // namespace

void import_lookups(BuildContext& ctx) {
    for (const LookupSource& source : ctx.manifest.lookups) {
        auto table = TableReader::open(ctx.resolve(source.path), source.path, source.layer);
        struct Columns {
            std::size_t from, to;
        };
        std::vector<Columns> columns;
        for (const auto& link : source.links) {
            columns.push_back(
                {table->column_index(link.from_column, "lookup from " + link.from_set),
                 table->column_index(link.to_column, "lookup to " + link.to_set)});
        }
        ctx.progress.start("lookup " + source.path, 0);
        std::vector<std::string> row;
        std::int64_t rows = 0;
        std::int64_t skipped = 0;
        while (table->next(row)) {
            ++rows;
            for (std::size_t i = 0; i < source.links.size(); ++i) {
                const LookupLink& link = source.links[i];
                const std::string& from = row[columns[i].from];
                const std::string& to = row[columns[i].to];
                if (source.unknown_codes == "skip" &&
                    (!has_code(ctx, link.from_set, from) || !has_code(ctx, link.to_set, to))) {
                    ++skipped;
                    continue;
                }
                require_code(ctx, *table, link.from_set, link.from_column, from);
                require_code(ctx, *table, link.to_set, link.to_column, to);
                ctx.store.add_lookup(link.from_set, from, link.to_set, to, link.relation,
                                     source.path);
                if (link.relation == "parent") {
                    check_parent_conflict(ctx, *table, link, from, to);
                    ctx.areas.add_parent(link.from_set, from, link.to_set, to);
                    ctx.store.add_parent(link.from_set, from, link.to_set, to);
                }
            }
        }
        if (rows == 0) throw DataError({source.path, "", ""}, "no rows after the header");
        ctx.progress.finish(
            std::to_string(rows) + " rows" +
            (skipped ? ", " + std::to_string(skipped) + " links outside the region skipped" : ""));
    }
}

}  // namespace sna::geo
