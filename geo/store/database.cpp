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

Database::Database(const std::string& path, Mode mode) : m_path(path) {
    const int flags = mode == Mode::read_only ? SQLITE_OPEN_READONLY
                                              : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close_v2(m_db);
        m_db = nullptr;
        throw StoreError("cannot open database '" + path + "': " + message, rc, rc);
    }
    m_spatialite_cache = spatialite_alloc_connection();
    spatialite_init_ex(m_db, m_spatialite_cache, 0);
    sqlite3_busy_timeout(m_db, 5000);
}

Database::~Database() {
    if (m_db) sqlite3_close_v2(m_db);
    if (m_spatialite_cache) spatialite_cleanup_ex(m_spatialite_cache);
}

Database::Database(Database&& other) noexcept
    : m_db(other.m_db),
      m_spatialite_cache(other.m_spatialite_cache),
      m_path(std::move(other.m_path)) {
    other.m_db = nullptr;
    other.m_spatialite_cache = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (m_db) sqlite3_close_v2(m_db);
        if (m_spatialite_cache) spatialite_cleanup_ex(m_spatialite_cache);
        m_db = other.m_db;
        m_spatialite_cache = other.m_spatialite_cache;
        m_path = std::move(other.m_path);
        other.m_db = nullptr;
        other.m_spatialite_cache = nullptr;
    }
    return *this;
}

void Database::exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw StoreError("SQL failed: " + message + " in: " + sql.substr(0, 200), rc,
                         sqlite3_extended_errcode(m_db));
    }
}

Statement Database::prepare(const std::string& sql) {
    return Statement(*this, sql);
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db);
}

void Database::close() {
    if (!m_db) return;
    const int rc = sqlite3_close(m_db);
    if (rc != SQLITE_OK) throw_store_error(m_db, rc, "close database '" + m_path + "'");
    m_db = nullptr;
    if (m_spatialite_cache) spatialite_cleanup_ex(m_spatialite_cache);
    m_spatialite_cache = nullptr;
}

Statement::Statement(Database& db, const std::string& sql) : m_db(db.handle()), m_sql(sql) {
    check(m_db, sqlite3_prepare_v2(m_db, sql.c_str(), -1, &m_stmt, nullptr),
          "prepare '" + sql.substr(0, 120) + "'");
}

Statement::~Statement() {
    if (m_stmt) sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(other.m_stmt), m_sql(std::move(other.m_sql)) {
    other.m_stmt = nullptr;
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(m_db, sqlite3_bind_int64(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(m_db, sqlite3_bind_double(m_stmt, index, value), "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    check(m_db,
          sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                            SQLITE_TRANSIENT),
          "bind");
    return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
    check(m_db, sqlite3_bind_blob(m_stmt, index, data, static_cast<int>(size), SQLITE_TRANSIENT),
          "bind");
    return *this;
}

Statement& Statement::bind_null(int index) {
    check(m_db, sqlite3_bind_null(m_stmt, index), "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
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
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::column_double(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

std::optional<double> Statement::column_optional_double(int column) const {
    if (is_null(column)) return std::nullopt;
    return column_double(column);
}

std::string Statement::column_text(int column) const {
    const unsigned char* text = sqlite3_column_text(m_stmt, column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::string Statement::column_blob(int column) const {
    const void* data = sqlite3_column_blob(m_stmt, column);
    if (!data) return {};
    return std::string(static_cast<const char*>(data),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

int Statement::column_count() const {
    return sqlite3_column_count(m_stmt);
}

std::string Statement::column_name(int column) const {
    return sqlite3_column_name(m_stmt, column);
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
