#pragma once
/// Which values a download holds (shared by the CSV and XLSX exports): one row per area,
/// indicator and period, in indicator then area then period order. The selection is validated
/// once, up front; its rows are then produced one at a time by an ExportCursor, so a download of
/// every period of every area is never whole in memory.

#include "server/http/query.hpp"
#include "server/index/data_index.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sna::server {

/// One row of an export: pointers into the DataIndex and the cursor, valid until the cursor's
/// next call.
struct ExportRow {
    const AreaEntry* area = nullptr;
    const std::string* borough_code = nullptr;  ///< the area's borough ("" when it has none)
    const std::string* borough_name = nullptr;  ///< the borough's name ("" when unknown)
    const geo::Indicator* indicator = nullptr;
    const ValueEntry* value = nullptr;
    bool suppressed = false;  ///< small number withheld (docs/methods.md): print no value

    /// The value a public download shows: none when withheld.
    std::optional<double> shown_value() const { return suppressed ? std::nullopt : value->value; }
    /// The stored flag plus "suppressed" when the value is withheld.
    std::string flag() const {
        if (!suppressed) return value->flag;
        return (value->flag.empty() ? "" : value->flag + ";") + "suppressed";
    }
};

/// A validated export query: what to walk, not the rows themselves.
struct ExportSelection {
    std::string set;
    std::vector<const geo::Indicator*> indicators;
    std::set<std::string> boroughs;  ///< borough (lad) codes to keep; empty = all
    std::set<std::string> areas;     ///< area codes to keep; empty = all
    std::string period;              ///< "" = each indicator's default period; "all" = every one
};

/// Query: `set` (required), `indicators` (comma list; default every indicator of the set),
/// `la` (borough codes or names, comma-separated; optional), `areas` (comma list of codes;
/// optional), `period` (optional; default each indicator's newest complete period; `all` for every
/// period).
/// @throws geo::InvalidInput / geo::NotFound naming the parameter (before any row is produced).
ExportSelection select_export(const DataIndex& data, const Query& query);

/// The groups the selection's reserved indicators are reserved to (empty: all public).
std::set<std::string> export_reserved(const DataIndex& data, const ExportSelection& selection);

/// Walks a selection's rows in order, one at a time. Holds pointers to `data` and `selection`,
/// which must outlive it (the DataIndex lives as long as the server).
class ExportCursor {
public:
    ExportCursor(const DataIndex& data, const ExportSelection& selection);

    /// The next row, or nullptr after the last; valid until the next call.
    const ExportRow* next();
    /// Moves past the next row without building it; false after the last.
    bool skip();

private:
    bool enter_indicator();
    bool enter_area();
    const ValueEntry* next_value();

    const DataIndex* m_data;
    const ExportSelection* m_selection;
    const std::vector<const AreaEntry*>* m_areas;
    std::size_t m_indicator = 0;
    std::size_t m_area = 0;
    std::size_t m_value = 0;
    bool m_started = false;
    std::string m_period;              ///< the current indicator's period, or "all"
    std::vector<ValueEntry> m_series;  ///< the current area's values
    bool m_in_series = false;          ///< m_series is the current area's
    ExportRow m_row;
};

/// How many rows the selection holds, counted without building them. Calls `check` (when set)
/// every few thousand rows; it may throw to abandon the count.
std::size_t count_export_rows(const DataIndex& data, const ExportSelection& selection,
                              const std::function<void()>& check = {});

/// The shortest decimal text that reads back as the same double (full precision, e.g. "24.444",
/// "0.1"), or "" for no value.
std::string number_text(const std::optional<double>& value);

}  // namespace sna::server
