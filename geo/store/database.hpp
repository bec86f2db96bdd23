#pragma once
/// RAII over sqlite3 + SpatiaLite (SQLiteCpp's shape). One connection per thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

struct sqlite3;
struct sqlite3_stmt;

namespace sna::geo {

class Statement;

namespace detail {
struct CloseConnection {
    void operator()(sqlite3* db) const noexcept;
};
struct CleanupSpatialite {
    void operator()(void* cache) const noexcept;
};
struct FinalizeStatement {
    void operator()(sqlite3_stmt* stmt) const noexcept;
};
}  // namespace detail

/// Bytes bound as a BLOB (bind_all(…, Blob{wkb}, …)); the bytes are copied by SQLite.
struct Blob {
    std::string_view bytes;
};

/// An open SQLite connection with SpatiaLite loaded.
class Database {
public:
    enum class Mode { read_only, read_write_create };

    /// Opens (and for read_write_create, creates) the file and loads SpatiaLite.
    /// @throws StoreError when the file cannot be opened or SpatiaLite cannot be loaded.
    Database(const std::string& path, Mode mode);

    /// Runs one or more statements that return no rows.
    void exec(const std::string& sql);
    Statement prepare(const std::string& sql);
    std::int64_t last_insert_rowid() const;
    /// Closes explicitly so a failure on close can be reported.
    void close();

    sqlite3* handle() const noexcept { return m_db.get(); }
    const std::string& path() const noexcept { return m_path; }

private:
    // Declared first so it is cleaned up after the connection that uses it is closed.
    std::unique_ptr<void, detail::CleanupSpatialite> m_spatialite_cache;
    std::unique_ptr<sqlite3, detail::CloseConnection> m_db;
    std::string m_path;
};

/// A prepared statement. bind() indexes start at 1, column() indexes at 0. Move-only.
class Statement {
public:
    Statement(Database& db, const std::string& sql);

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
    Statement& bind(int index, bool value) { return bind(index, value ? 1 : 0); }
    Statement& bind(int index, Blob value) {
        return bind_blob(index, value.bytes.data(), value.bytes.size());
    }
    Statement& bind(int index, std::nullopt_t) { return bind_null(index); }
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    /// Binds every argument in order to parameters 1, 2, … (SQLiteCpp's VariadicBind), so the
    /// indexes cannot drift from the argument list: `st.bind_all(id, title, std::nullopt).run()`.
    template <typename... Values>
    Statement& bind_all(const Values&... values) {
        bind_from(1, values...);
        return *this;
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
    /// The text without a copy; valid until the next step() or reset().
    std::string_view column_text_view(int column) const;
    std::optional<double> column_optional_double(int column) const;
    std::string column_blob(int column) const;
    /// The BLOB's bytes without a copy; valid until the next step() or reset().
    std::string_view column_blob_view(int column) const;
    int column_count() const;
    std::string column_name(int column) const;

private:
    void bind_from(int) {}
    template <typename First, typename... Rest>
    void bind_from(int index, const First& first, const Rest&... rest) {
        bind(index, first);
        bind_from(index + 1, rest...);
    }

    sqlite3* m_db;
    std::unique_ptr<sqlite3_stmt, detail::FinalizeStatement> m_stmt;
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
