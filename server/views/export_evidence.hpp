#pragma once
/// The evidence columns of a CSV/XLSX export row: the 95 % confidence interval, numerator and
/// denominator, and the Fingertips judgement of the value against the area's borough, the region
/// and England where the sources give an England value (docs/methods.md §3) — what the profile
/// shows, one row at a time.

#include "geo/analysis/rates.hpp"
#include "server/index/data_index.hpp"
#include "server/views/export_selection.hpp"

#include <optional>
#include <string>
#include <unordered_map>

namespace sna::server {

struct RowEvidence {
    std::optional<double> lower_95, upper_95;      ///< none without an interval, or when withheld
    std::optional<double> numerator, denominator;  ///< none when withheld
    /// "better", "similar", "worse", "higher", "lower" or "not_compared"; "" when there is no
    /// such comparator (an area with no borough, a borough against itself, the region itself,
    /// no England value in the sources).
    std::string vs_borough_95, vs_region_95, vs_england_95;
};

/// Computes RowEvidence for the rows of one export, remembering comparator values per indicator
/// and period (an export of every period asks for each borough's value thousands of times).
class ExportEvidence {
public:
    explicit ExportEvidence(const DataIndex& data) : m_data(data) {}
    RowEvidence of(const ExportRow& row);

private:
    /// The comparator value (none when missing or withheld) of parent (set, code); "" = region.
    std::optional<double> comparator(const geo::Indicator& indicator, const std::string& period,
                                     const std::string& set, const std::string& code);
    std::string judgement(const ExportRow& row, const std::optional<geo::Interval>& ci,
                          const std::string& set, const std::string& code);
    /// Against England's value for the row's period; "" when the sources give none.
    std::string england_judgement(const ExportRow& row, const std::optional<geo::Interval>& ci);

    const DataIndex& m_data;
    const geo::Indicator* m_indicator = nullptr;  ///< whose comparators m_cache holds
    std::unordered_map<std::string, std::optional<double>> m_cache;  ///< "period\nset\ncode"
};

}  // namespace sna::server
