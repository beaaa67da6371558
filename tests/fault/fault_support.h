// Helpers of the fault suite (docs/design/fault-suite.md): the emulator's inventory against the
// CLI's state, the request log's fault counts, and process checks for the kill -9 case.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness.h"

namespace ge::fault {

using nlohmann::json;

// Every resource type the suite creates, with its collection in the API.
struct Kind {
  std::string type;
  std::string path;
};
const std::vector<Kind>& kinds();

// Ids by resource type.
using Inventory = std::map<std::string, std::multiset<std::string>>;

// What the emulator holds, read with the harness's own client (call with faults cleared).
// Also checks that names are unique per kind (case-insensitively).
Inventory emulator_inventory(e2e::Emulator& emu);
// The ids the state records, by type (managed resources only).
Inventory state_inventory(const std::map<std::string, json>& resources);

// Fails the test when inventories differ: an id only in the emulator is an orphan, an id in state
// twice or only in state is a duplicate or stale record.
void require_same(const Inventory& emulator, const Inventory& state);

// Request-log statuses since `seq` (API and OAuth paths): how many requests ended with each status.
std::map<int, int> status_counts(e2e::Emulator& emu, int64_t seq);
// Successful creates (POST answered 201 or 202) under /api/v2 since `seq`; advances `seq`.
int count_creates(e2e::Emulator& emu, int64_t& seq);

// Whether a process is still running (not a zombie, not gone).
bool alive(int pid);
// The pids whose parent is `pid`.
std::vector<int> children_of(int pid);

// All ids quoted by duplicate-name diagnostics ("already exists (id X)") in a CLI output.
std::vector<std::string> duplicate_ids(const std::string& output);

}  // namespace ge::fault
