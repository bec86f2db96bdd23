#include "geo/analysis/aggregate.hpp"
#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"
#include "geo/import/build_context.hpp"
#include "geo/import/cell_parser.hpp"
#include "geo/import/row_filter.hpp"
#include "geo/import/table_reader.hpp"

#include <map>
#include <set>

namespace sna::geo {

namespace {

constexpr std::size_t no_column = static_cast<std::size_t>(-1);

struct IndicatorColumns {
    const IndicatorColumn* spec;
    std::size_t value, rank, decile, numerator, denominator;
    std::map<std::string, double> totals;  ///< area code → denominator_total_column summed
};

std::size_t optional_column(TableReader& table, const std::string& name,
                            const std::string& purpose) {
    return name.empty() ? no_column : table.column_index(name, purpose);
}

std::optional<double> optional_number(const CellParser& cells, const TableReader& table,
                                      const std::vector<std::string>& row, std::size_t column) {
    return column == no_column ? std::nullopt : cells.number(table, row, column);
}

std::optional<std::int64_t> optional_whole(const std::optional<double>& value) {
    if (!value) return std::nullopt;
    return static_cast<std::int64_t>(*value);
}

/// `column` summed over every row of each area code, before any filter: the denominator of a
/// long table's share (e.g. all households of an LSOA over its five TS011 rows).
std::map<std::string, double> totals_by_code(BuildContext& ctx, const TableSource& source,
                                             const std::string& column) {
    auto table = TableReader::open(ctx.resolve(source.path), source.path, source.layer);
    const std::size_t code = table->column_index(source.code_column, "area code");
    const std::size_t value = table->column_index(column, "denominator_total_column");
    const CellParser cells(source.missing_values);
    std::map<std::string, double> totals;
    std::vector<std::string> row;
    while (table->next(row)) {
        if (const auto n = cells.number(*table, row, value))
            totals[std::string(trim(row[code]))] += *n;
    }
    return totals;
}

/// Reads one table and writes its indicator values.
class TableImport {
public:
    TableImport(BuildContext& ctx, const TableSource& source)
        : m_ctx(ctx),
          m_source(source),
          m_table(TableReader::open(ctx.resolve(source.path), source.path, source.layer)),
          m_cells(source.missing_values),
          m_filter(source.filter, *m_table),
          m_set(ctx.areas.set(source.set_id)) {
        m_code = m_table->column_index(source.code_column, "area code");
        m_period = optional_column(*m_table, source.period_column, "period");
        m_population = optional_column(*m_table, source.population_column, "population");
        for (const auto& spec : source.indicators) {
            const std::string& id = spec.indicator.id;
            m_columns.push_back(
                {&spec,
                 optional_column(*m_table, spec.column, "indicator " + id),
                 optional_column(*m_table, spec.rank_column, "rank of " + id),
                 optional_column(*m_table, spec.decile_column, "decile of " + id),
                 optional_column(*m_table, spec.numerator_column, "numerator of " + id),
                 optional_column(*m_table, spec.denominator_column, "denominator of " + id),
                 {}});
            if (!spec.denominator_total_column.empty())
                m_columns.back().totals =
                    totals_by_code(ctx, source, spec.denominator_total_column);
        }
    }

    void run() {
        std::vector<std::string> row;
        while (m_table->next(row)) {
            ++m_rows;
            if (!m_filter.keeps(row)) continue;
            const auto area = find_area(row);
            if (!area) continue;
            const std::string& code = m_set.codes[*area];
            const std::string period =
                m_period == no_column ? "" : std::string(trim(row[m_period]));
            check_duplicate(code, period);
            if (m_population != no_column) {
                if (auto p = m_cells.number(*m_table, row, m_population)) {
                    m_ctx.store.set_population(m_source.set_id, code, *p);
                    m_ctx.populations[{m_source.set_id, code}] = *p;
                }
            }
            for (const auto& c : m_columns) write_value(c, code, period, row);
        }
        if (m_rows == 0) throw DataError({m_source.path, "", ""}, "no rows after the header");
    }

    std::string summary() const {
        std::string text =
            std::to_string(m_rows) + " rows, " + std::to_string(m_values) + " values";
        if (m_skipped_unknown)
            text += ", " + std::to_string(m_skipped_unknown) +
                    " rows with codes outside the region skipped";
        return text;
    }
    std::int64_t values() const { return m_values; }

private:
    std::optional<std::size_t> find_area(const std::vector<std::string>& row) {
        const std::string key(trim(row[m_code]));
        const auto found = m_source.match_by_name ? m_set.find_name(key) : m_set.find_code(key);
        if (found) return found;
        if (m_source.unknown_codes == "skip") {
            ++m_skipped_unknown;
            return std::nullopt;
        }
        throw DataError(
            {m_source.path, std::to_string(m_table->line_number()), m_source.code_column},
            "'" + excerpt(key) + "' is not " + (m_source.match_by_name ? "the name" : "the code") +
                " of an area in set '" + m_source.set_id +
                "' (set unknown_codes to 'skip' if the file covers more than the region)");
    }

    void check_duplicate(const std::string& code, const std::string& period) {
        const auto [it, inserted] = m_seen.emplace(code + "\x1f" + period, m_table->line_number());
        if (inserted) return;
        throw DataError(
            {m_source.path, std::to_string(m_table->line_number()), m_source.code_column},
            "duplicate row for area '" + code + "'" +
                (period.empty() ? "" : " and period '" + period + "'") + " (first seen at row " +
                std::to_string(it->second) + ")");
    }

    void write_value(const IndicatorColumns& c, const std::string& code, const std::string& period,
                     const std::vector<std::string>& row) {
        IndicatorValue v;
        v.indicator_id = c.spec->indicator.id;
        v.set_id = m_source.set_id;
        v.area_code = code;
        v.period = period.empty() ? c.spec->indicator.period : period;
        v.value = c.value == no_column
                      ? std::nullopt
                      : m_cells.scaled_number(*m_table, row, c.value, c.spec->scale);
        v.national_rank = optional_whole(optional_number(m_cells, *m_table, row, c.rank));
        v.national_decile = optional_whole(optional_number(m_cells, *m_table, row, c.decile));
        v.numerator = optional_number(m_cells, *m_table, row, c.numerator);
        v.denominator = optional_number(m_cells, *m_table, row, c.denominator);
        if (!c.spec->denominator_total_column.empty()) {
            const auto total = c.totals.find(std::string(trim(row[m_code])));
            if (total != c.totals.end()) v.denominator = total->second;
        }
        if (c.value == no_column && v.numerator && v.denominator)
            v.value = value_of_ratio(c.spec->indicator, *v.numerator, *v.denominator);
        m_ctx.store.add_value(v);
        ++m_values;
    }

    BuildContext& m_ctx;
    const TableSource& m_source;
    std::unique_ptr<TableReader> m_table;
    CellParser m_cells;
    RowFilter m_filter;
    const AreaSetIndex& m_set;
    std::size_t m_code = 0, m_period = no_column, m_population = no_column;
    std::vector<IndicatorColumns> m_columns;
    std::map<std::string, std::int64_t> m_seen;
    std::int64_t m_rows = 0, m_values = 0, m_skipped_unknown = 0;
};

/// England values read from the rows of the same file that `national.filter` selects (e.g. the
/// DfE file's `level = National` rows), one per indicator and period.
void import_national_rows(BuildContext& ctx, const TableSource& source) {
    const NationalSpec& n = source.national;
    auto table = TableReader::open(ctx.resolve(source.path), source.path, source.layer);
    const CellParser cells(source.missing_values);
    const RowFilter filter(n.filter, *table, "national.filter");
    const std::size_t period = optional_column(*table, source.period_column, "period");
    std::vector<IndicatorColumns> columns;
    for (const auto& spec : source.indicators) {
        if (!spec.national.empty()) continue;  // the indicator says otherwise
        const std::string& id = spec.indicator.id;
        columns.push_back({&spec,
                           optional_column(*table, spec.column, "indicator " + id),
                           no_column,
                           no_column,
                           optional_column(*table, spec.numerator_column, "numerator of " + id),
                           optional_column(*table, spec.denominator_column, "denominator of " + id),
                           {}});
    }
    const std::string where = source.path + " (rows where " + describe_filter(n.filter) + ")";
    std::set<std::string> seen;
    std::vector<std::string> row;
    std::int64_t rows = 0;
    while (table->next(row)) {
        if (!filter.keeps(row)) continue;
        ++rows;
        const std::string p = period == no_column ? "" : std::string(trim(row[period]));
        if (!seen.insert(p).second) {
            throw DataError({source.path, std::to_string(table->line_number()), "national.filter"},
                            "more than one national row" +
                                (p.empty() ? std::string() : " for period '" + p + "'") +
                                "; make the filter select one row per period");
        }
        for (const auto& c : columns) {
            NationalValue v;
            v.indicator_id = c.spec->indicator.id;
            v.period = p.empty() ? c.spec->indicator.period : p;
            v.area_code = n.code;
            v.area_name = n.name;
            v.value = c.value == no_column
                          ? std::nullopt
                          : cells.scaled_number(*table, row, c.value, c.spec->scale);
            v.numerator = optional_number(cells, *table, row, c.numerator);
            v.denominator = optional_number(cells, *table, row, c.denominator);
            v.source = where;
            v.note = "Published " + n.name + " value.";
            ctx.store.add_national_value(v);
        }
    }
    if (rows == 0) {
        throw DataError({source.path, "", "national.filter"},
                        "no row matches the national filter (" + describe_filter(n.filter) + ")");
    }
    ctx.store.add_report({"tables", "info", source.path,
                          std::to_string(rows) + " national rows (" + n.name + ")", std::nullopt});
}

/// Declared national values and "no national value" notes, which apply to every period.
void import_national_notes(BuildContext& ctx, const TableSource& source) {
    for (const auto& spec : source.indicators) {
        const NationalSpec& n = spec.national.empty() ? source.national : spec.national;
        if (!n.value && !n.unavailable) continue;
        NationalValue v;
        v.indicator_id = spec.indicator.id;
        v.area_code = n.code;
        v.area_name = n.name;
        v.value = n.value;
        v.source = "manifest";
        v.note = n.note;
        ctx.store.add_national_value(v);
    }
}

}  // namespace

void import_tables(BuildContext& ctx) {
    for (const TableSource& source : ctx.manifest.tables) {
        for (const auto& spec : source.indicators) ctx.add_indicator(spec.indicator, source.path);
        ctx.progress.start("table " + source.path, 0);
        TableImport table(ctx, source);
        table.run();
        if (!source.national.filter.empty()) import_national_rows(ctx, source);
        import_national_notes(ctx, source);
        ctx.summary.values += table.values();
        const std::string summary = table.summary();
        ctx.store.add_report({"tables", "info", source.path, summary, std::nullopt});
        ctx.progress.finish(summary);
    }
}

}  // namespace sna::geo
