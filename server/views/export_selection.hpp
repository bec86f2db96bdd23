#pragma once
/// Which values a download holds (shared by the CSV and XLSX exports): one row per area,
/// indicator and period, in indicator then area order.

#include "server/http/query.hpp"
#include "server/index/data_index.hpp"

#include <string>
#include <vector>

namespace sna::server {

struct ExportRow {
    const AreaEntry* area = nullptr;
    std::string borough_code;
    std::string borough_name;
    const geo::Indicator* indicator = nullptr;
    const ValueEntry* value = nullptr;
    bool suppressed = false;  ///< small number withheld (docs/methods.md): print no value

    /// The stored flag plus "suppressed" when the value is withheld.
    std::string flag() const {
        if (!suppressed) return value->flag;
        return (value->flag.empty() ? "" : value->flag + ";") + "suppressed";
    }
};

struct ExportSelection {
    std::string set;
    std::vector<const geo::Indicator*> indicators;
    std::vector<ExportRow> rows;
};

/// Query: `set` (required), `indicators` (comma list; default every indicator of the set),
/// `la` (borough codes or names, comma-separated; optional), `areas` (comma list of codes;
/// optional), `period` (optional; default each indicator's newest complete period; `all` for every
/// period).
/// @throws geo::InvalidInput / geo::NotFound naming the parameter.
ExportSelection select_export(const DataIndex& data, const Query& query);

/// "%.10g", or "" for no value.
std::string number_text(const std::optional<double>& value);

}  // namespace sna::server
