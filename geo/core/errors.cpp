#include "geo/core/errors.hpp"

namespace sna::geo {

std::string format_location(const DataLocation& where) {
    std::string out = where.file;
    if (!where.row.empty()) out += (out.empty() ? "" : ":") + where.row;
    if (!where.column.empty()) {
        out += (out.empty() ? "" : ": ") + std::string("column '") + where.column + "'";
    }
    return out;
}

static std::string compose(const DataLocation& where, const std::string& problem) {
    const std::string place = format_location(where);
    return place.empty() ? problem : place + ": " + problem;
}

DataError::DataError(DataLocation where, std::string problem)
    : Error(compose(where, problem)), m_where(std::move(where)), m_problem(std::move(problem)) {}

DataError DataError::with_context(const DataLocation& outer) const {
    DataLocation merged = m_where;
    if (merged.file.empty()) merged.file = outer.file;
    if (merged.row.empty()) merged.row = outer.row;
    if (merged.column.empty()) merged.column = outer.column;
    return DataError(merged, m_problem);
}

}  // namespace sna::geo
