#include "geo/core/columns.hpp"

#include "geo/core/errors.hpp"
#include "geo/core/text.hpp"

#include <algorithm>

namespace sna::geo {

namespace {

/// A message lists at most this many columns when no name is close.
constexpr std::size_t max_listed_columns = 40;

}  // namespace

std::size_t find_column(const std::vector<std::string>& columns, const std::string& name,
                        const std::string& purpose, const std::string& file) {
    const auto found = std::find(columns.begin(), columns.end(), name);
    if (found != columns.end()) return static_cast<std::size_t>(found - columns.begin());

    std::string problem = "not found";
    if (!purpose.empty()) problem += " (needed for " + purpose + ")";
    if (const auto near = nearest_match(name, columns)) {
        problem += "; did you mean '" + *near + "'?";
    } else if (columns.empty()) {
        problem += "; the file has no columns";
    } else {
        problem += "; available columns: ";
        const std::size_t listed = std::min(columns.size(), max_listed_columns);
        for (std::size_t i = 0; i < listed; ++i) {
            problem += (i == 0 ? "'" : ", '") + columns[i] + "'";
        }
        if (listed < columns.size()) {
            problem += " and " + std::to_string(columns.size() - listed) + " more";
        }
    }
    throw DataError({file, "", name}, problem);
}

}  // namespace sna::geo
