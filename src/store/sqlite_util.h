// A thin RAII layer over SQLite's C API for the store: prepared statements
// with typed binding and reading, and errors as Status. Internal to src/store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hearsay/status.h"

namespace hearsay::store {

// "<what>: <sqlite message>" as kIoError (kInvalidArgument for an FTS5 query
// error, which is the user's).
Status SqliteError(sqlite3* db, std::string_view what);

class Stmt {
 public:
  Stmt() = default;
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& other) noexcept : stmt_(other.stmt_), db_(other.db_) { other.stmt_ = nullptr; }

  Status Prepare(sqlite3* db, std::string_view sql);
  bool prepared() const { return stmt_ != nullptr; }
  // Resets and clears bindings so that the statement can run again.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // Parameters are 1-based; an empty string binds NULL with BindTextOrNull.
  void Bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void Bind(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindTextOrNull(int i, std::string_view v) {
    if (v.empty())
      sqlite3_bind_null(stmt_, i);
    else
      Bind(i, v);
  }
  void BindOptional(int i, std::optional<std::int64_t> v) {
    if (v)
      Bind(i, *v);
    else
      sqlite3_bind_null(stmt_, i);
  }
  // One step: *row is true when a row is ready to read.
  Status Step(bool* row);
  // Steps to completion (for statements that return no rows).
  Status Run();

  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> OptionalInt(int col) const {
    return IsNull(col) ? std::nullopt : std::optional<std::int64_t>(Int(col));
  }
  // "" for NULL.
  std::string Text(int col) const { return std::string(TextView(col)); }
  // "" for NULL; valid until the next Step, Reset or column read of `col`.
  std::string_view TextView(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string_view()
                        : std::string_view(reinterpret_cast<const char*>(p),
                                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
  }
  std::string Blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return p == nullptr ? std::string()
                        : std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

// Runs SQL text without parameters (schema, pragmas, BEGIN/COMMIT).
Status Exec(sqlite3* db, std::string_view sql);

}  // namespace hearsay::store
