#pragma once
/// RAII over sqlite3 + SpatiaLite (SQLiteCpp's shape). One connection per thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace sna::geo {

class Statement;

/// An open SQLite connection with SpatiaLite loaded.
class Database {
public:
    enum class Mode { read_only, read_write_create };

    /// Opens (and for read_write_create, creates) the file and loads SpatiaLite.
    /// @throws StoreError when the file cannot be opened or SpatiaLite cannot be loaded.
    Database(const std::string& path, Mode mode);
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs one or more statements that return no rows.
    void exec(const std::string& sql);
    Statement prepare(const std::string& sql);
    std::int64_t last_insert_rowid() const;
    /// Closes explicitly so a failure on close can be reported.
    void close();

    sqlite3* handle() const noexcept { return m_db; }
    const std::string& path() const noexcept { return m_path; }

private:
    sqlite3* m_db = nullptr;
    void* m_spatialite_cache = nullptr;
    std::string m_path;
};

/// A prepared statement. bind() indexes start at 1, column() indexes at 0.
class Statement {
public:
    Statement(Database& db, const std::string& sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind_blob(int index, const void* data, std::size_t size);
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    /// Advances; true while a row is available.
    bool step();
    /// Runs a statement that returns no rows, then resets it for reuse.
    void run();
    void reset();

    bool is_null(int column) const;
    std::int64_t column_int(int column) const;
    double column_double(int column) const;
    std::string column_text(int column) const;
    std::optional<double> column_optional_double(int column) const;
    std::string column_blob(int column) const;
    int column_count() const;
    std::string column_name(int column) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
    std::string m_sql;
};

/// Begins in the constructor; rolls back in the destructor unless commit() was called.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

}  // namespace sna::geo
