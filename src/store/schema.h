// The corpus store's SQL schema, as an ordered list of migrations.
//
// The schema version of a store file is SQLite's `PRAGMA user_version`:
// 0 for a new, empty file, N after kMigrations[0..N-1] have run. Opening a
// file for writing runs the missing migrations in order, each in its own
// transaction together with the version bump, so a crash leaves the file at
// one version or the next, never between. A file whose version is newer than
// kMigrations.size() was written by a newer hearsay and is refused
// (kVersionMismatch). docs/store.md describes every table and column.
//
// Rules for a new migration: append, never edit a released one; it must
// bring the data of every older file to the new shape (e.g. rebuild an index
// or an FTS table from existing rows).
#pragma once

#include <span>
#include <string_view>

namespace hearsay::store {

// kMigrations[i] takes a file from version i to version i + 1.
std::span<const std::string_view> Migrations();

// The version a store written by this build has: Migrations().size().
int CurrentSchemaVersion();

}  // namespace hearsay::store
