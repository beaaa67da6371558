// Write-through SQLite persistence for `--data FILE`: one row per stored object
// (kind, id, JSON including version and internal fields). The Store calls it under
// its own lock, so writes are serialized and always match memory.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct sqlite3;

namespace genesys_emulator {

class Persistence {
 public:
  struct Row {
    std::string kind;
    std::string id;
    nlohmann::json object;
  };

  // Opens or creates the database; nullptr with `error` set when it cannot.
  static std::unique_ptr<Persistence> open(const std::string& path, std::string& error);
  ~Persistence();
  Persistence(const Persistence&) = delete;
  Persistence& operator=(const Persistence&) = delete;

  std::vector<Row> load_all();
  void save(const std::string& kind, const std::string& id, const nlohmann::json& object);
  void erase(const std::string& kind, const std::string& id);
  void erase_kind(const std::string& kind);

 private:
  explicit Persistence(sqlite3* db) : db_(db) {}
  void exec(const char* sql, const std::vector<std::string>& args);

  std::mutex mutex_;
  sqlite3* db_;
};

}  // namespace genesys_emulator
