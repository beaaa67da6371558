#include "persistence.h"

#include <sqlite3.h>

#include <iostream>

namespace genesys_emulator {

std::unique_ptr<Persistence> Persistence::open(const std::string& path, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    error = "cannot open data file " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return nullptr;
  }
  // WAL + NORMAL: a crash may lose the last write, never corrupt the file; that is
  // the right trade for an emulator whose writes sit on the request path.
  const char* setup =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
      "CREATE TABLE IF NOT EXISTS objects (kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,"
      " PRIMARY KEY (kind, id));";
  char* message = nullptr;
  if (sqlite3_exec(db, setup, nullptr, nullptr, &message) != SQLITE_OK) {
    error = "cannot initialise data file " + path + ": " + (message ? message : "unknown error");
    sqlite3_free(message);
    sqlite3_close(db);
    return nullptr;
  }
  return std::unique_ptr<Persistence>(new Persistence(db));
}

Persistence::~Persistence() { sqlite3_close(db_); }

std::vector<Persistence::Row> Persistence::load_all() {
  std::lock_guard lock(mutex_);
  std::vector<Row> rows;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT kind, id, body FROM objects", -1, &stmt, nullptr) != SQLITE_OK) return rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    auto text = [&](int col) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, col))); };
    auto object = nlohmann::json::parse(text(2), nullptr, false);
    if (object.is_discarded()) {
      std::cerr << "genesys-emulator: skipping unreadable row " << text(0) << "/" << text(1) << "\n";
      continue;
    }
    rows.push_back(Row{text(0), text(1), std::move(object)});
  }
  sqlite3_finalize(stmt);
  return rows;
}

void Persistence::exec(const char* sql, const std::vector<std::string>& args) {
  std::lock_guard lock(mutex_);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    std::cerr << "genesys-emulator: sqlite prepare failed: " << sqlite3_errmsg(db_) << "\n";
    return;
  }
  for (std::size_t i = 0; i < args.size(); ++i)
    sqlite3_bind_text(stmt, static_cast<int>(i + 1), args[i].c_str(), static_cast<int>(args[i].size()),
                      SQLITE_TRANSIENT);
  if (sqlite3_step(stmt) != SQLITE_DONE)
    std::cerr << "genesys-emulator: sqlite write failed: " << sqlite3_errmsg(db_) << "\n";
  sqlite3_finalize(stmt);
}

void Persistence::save(const std::string& kind, const std::string& id, const nlohmann::json& object) {
  exec("INSERT OR REPLACE INTO objects (kind, id, body) VALUES (?, ?, ?)", {kind, id, object.dump()});
}

void Persistence::erase(const std::string& kind, const std::string& id) {
  exec("DELETE FROM objects WHERE kind = ? AND id = ?", {kind, id});
}

void Persistence::erase_kind(const std::string& kind) { exec("DELETE FROM objects WHERE kind = ?", {kind}); }

}  // namespace genesys_emulator
