#pragma once
/// Error hierarchy shared by every module (docs/style.md §3).

#include <stdexcept>
#include <string>

namespace sna::geo {

/// Base of every error snamap throws on purpose.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A caller supplied something invalid (maps to HTTP 400 / usage error).
class InvalidInput : public Error {
public:
    using Error::Error;
};

/// The thing asked for does not exist (maps to HTTP 404).
class NotFound : public Error {
public:
    using Error::Error;
};

/// Where in an input file a problem was found. Empty fields are omitted from messages.
struct DataLocation {
    std::string file;
    std::string row;     ///< row number, or feature id for vector data
    std::string column;  ///< column or field name
};

/// Bad input data: names the file, row or feature, and column.
class DataError : public Error {
public:
    DataError(DataLocation where, std::string problem);

    const DataLocation& where() const noexcept { return m_where; }
    const std::string& problem() const noexcept { return m_problem; }

    /// Fills in location parts that are still empty (like libosmium's set_id) and rebuilds what().
    DataError with_context(const DataLocation& outer) const;

private:
    DataLocation m_where;
    std::string m_problem;
};

/// A SQLite/SpatiaLite failure; carries sqlite's result codes.
class StoreError : public Error {
public:
    StoreError(const std::string& message, int code, int extended_code)
        : Error(message), m_code(code), m_extended_code(extended_code) {}
    int code() const noexcept { return m_code; }
    int extended_code() const noexcept { return m_extended_code; }

private:
    int m_code;
    int m_extended_code;
};

/// "file:row: column 'x': problem" — the format every data error uses.
std::string format_location(const DataLocation& where);

}  // namespace sna::geo
