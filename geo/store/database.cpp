#include "geo/store/database.hpp"

#include "geo/core/errors.hpp"

#include <sqlite3.h>

// spatialite.h needs sqlite3.h first.
#include <spatialite.h>

namespace sna::geo {

namespace {

[[noreturn]] void throw_store_error(sqlite3* db, int rc, const std::string& what) {
    const char* message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int extended = db ? sqlite3_extended_errcode(db) : rc;
    throw StoreError(what + ": " + message + " (sqlite code " + std::to_string(extended) + ")", rc,
                     extended);
}

void check(sqlite3* db, int rc, const std::string& what) {
    if (rc != SQLITE_OK) throw_store_error(db, rc, what);
}

}  // namespace

namespace detail {

void CloseConnection::operator()(sqlite3* db) const noexcept {
    sqlite3_close_v2(db);
}

void CleanupSpatialite::operator()(void* cache) const noexcept {
    spatialite_cleanup_ex(cache);
}

void FinalizeStatement::operator()(sqlite3_stmt* stmt) const noexcept {
    sqlite3_finalize(stmt);
}

}  // namespace detail

Database::Database(const std::string& path, Mode mode) : m_path(path) {
    const int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY
                                              : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    m_db.reset(raw);  // sqlite3_open_v2 may return a handle even on failure
    if (rc != SQLITE_OK) {
        const std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        throw StoreError("cannot open database '" + path + "': " + message, rc, rc);
    }
    m_spatialite_cache.reset(spatialite_alloc_connection());
    spatialite_init_ex(raw, m_spatialite_cache.get(), 0);
    sqlite3_busy_timeout(raw, 5000);
}

void Database::exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw StoreError("SQL failed: " + message + " in: " + sql.substr(0, 200), rc,
                         sqlite3_extended_errcode(m_db.get()));
    }
}

Statement Database::prepare(const std::string& sql) {
    return Statement(*this, sql);
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db.get());
}

void Database::close() {
    if (!m_db) return;
    const int rc = sqlite3_close(m_db.get());
    if (rc != SQLITE_OK) throw_store_error(m_db.get(), rc, "close database '" + m_path + "'");
    static_cast<void>(m_db.release());  // closed above
    m_spatialite_cache.reset();
}

Statement::Statement(Database& db, const std::string& sql) : m_db(db.handle()), m_sql(sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.c_str(), -1, &raw, nullptr);
    m_stmt.reset(raw);
    check(m_db, rc, "prepare '" + sql.substr(0, 120) + "'");
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(m_db, sqlite3_bind_int64(m_stmt.get(), index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(m_db, sqlite3_bind_double(m_stmt.get(), index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    check(m_db,
          sqlite3_bind_text(m_stmt.get(), index, value.data(), static_cast<int>(value.size()),
                            SQLITE_TRANSIENT),
          "bind");
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
    check(m_db,
          sqlite3_bind_blob(m_stmt.get(), index, data, static_cast<int>(size), SQLITE_TRANSIENT),
          "bind");
    return *this;
}

Statement& Statement::bind_null(int index) {
    check(m_db, sqlite3_bind_null(m_stmt.get(), index), "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_store_error(m_db, rc, "step '" + m_sql.substr(0, 120) + "'");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::column_int(int column) const {
    return sqlite3_column_int64(m_stmt.get(), column);
}

double Statement::column_double(int column) const {
    return sqlite3_column_double(m_stmt.get(), column);
}

std::optional<double> Statement::column_optional_double(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_double(column);
}

std::string Statement::column_text(int column) const {
    const unsigned char* text = sqlite3_column_text(m_stmt.get(), column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column)));
}

std::string_view Statement::column_text_view(int column) const {
    const unsigned char* text = sqlite3_column_text(m_stmt.get(), column);
    if (!text) return {};
    return std::string_view(reinterpret_cast<const char*>(text),
                            static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column)));
}

std::string Statement::column_blob(int column) const {
    const void* data = sqlite3_column_blob(m_stmt.get(), column);
    if (!data) return {};
    return std::string(static_cast<const char*>(data),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column)));
}

std::string_view Statement::column_blob_view(int column) const {
    const void* data = sqlite3_column_blob(m_stmt.get(), column);
    if (!data) return {};
    return std::string_view(static_cast<const char*>(data),
                            static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column)));
}

int Statement::column_count() const {
    return sqlite3_column_count(m_stmt.get());
}

std::string Statement::column_name(int column) const {
    return sqlite3_column_name(m_stmt.get(), column);
}

Transaction::Transaction(Database& db) : m_db(db) {
    m_db.exec("BEGIN");
}

Transaction::~Transaction() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) {  // NOLINT: destructors never throw
        }
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

}  // namespace sna::geo
