#pragma once
/// Detects months of a count series that fall well below their usual level (e.g. a borough
/// missing from a police.uk extract).

#include <map>
#include <string>
#include <vector>

namespace sna::geo {

struct MonthVerdict {
    std::string period;
    std::string group;
    double total = 0;
    double median = 0;
    double ratio = 0;  ///< total / median (0 when the median is 0)
    bool flagged = false;
};

/// totals[group][period] → one verdict per group and period. A period missing for a group counts
/// as 0. Flagged when total < threshold × the group's median over all periods.
std::vector<MonthVerdict> check_completeness(
    const std::map<std::string, std::map<std::string, double>>& totals,
    const std::vector<std::string>& periods, double threshold);

double median(std::vector<double> values);

}  // namespace sna::geo
