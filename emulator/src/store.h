// The object store: named collections ("webhooks", "targets", "jobs", ...) of JSON
// objects keyed by id, kept in creation order, with a case-insensitive name index
// (docs/reference/api-contract.md: names are unique per kind, case-insensitively).
//
// One mutex guards everything: handlers take `lock()` for the whole
// check-then-write sequence so uniqueness and version checks are atomic. Every
// method other than lock() requires the lock to be held. Keys starting with `_` are
// internal (never rendered); `_seq` orders a collection and survives restarts.
#pragma once

#include "persistence.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace genesys_emulator {

class Store {
 public:
  explicit Store(Persistence* persistence) : persistence_(persistence) {}

  std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }

  // Loads every persisted row (at start-up, before serving).
  void load_persisted();

  const nlohmann::json* find(const std::string& kind, const std::string& id) const;
  std::vector<const nlohmann::json*> list(const std::string& kind) const;
  std::size_t count(const std::string& kind) const;
  // The id of the object of `kind` whose name equals `name` ignoring case.
  std::optional<std::string> id_by_name(const std::string& kind, const std::string& name) const;

  // Inserts or replaces `object` (it must carry a string "id"); persists it.
  void put(const std::string& kind, nlohmann::json object);
  bool erase(const std::string& kind, const std::string& id);
  // Drops every collection whose kind is not in `keep`.
  void clear_except(const std::set<std::string>& keep);

 private:
  struct Collection {
    std::unordered_map<std::string, nlohmann::json> objects;
    std::map<std::uint64_t, std::string> order;          // _seq -> id
    std::unordered_map<std::string, std::string> names;  // lower-case name -> id
  };

  void index_insert(Collection& c, const nlohmann::json& object);
  void index_erase(Collection& c, const nlohmann::json& object);

  std::mutex mutex_;
  Persistence* persistence_;
  std::unordered_map<std::string, Collection> collections_;
  std::uint64_t next_seq_ = 1;
};

}  // namespace genesys_emulator
