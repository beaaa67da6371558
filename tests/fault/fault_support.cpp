#include "fault_support.h"

#include <catch2/catch.hpp>
#include <dirent.h>

#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>

namespace ge::fault {

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> k = {
      {"genesysevents_webhook", "/api/v2/events/webhooks"},
      {"genesysevents_event_subscription", "/api/v2/events/subscriptions"},
      {"genesysevents_eventbridge_subscription", "/api/v2/events/eventbridgesubscriptions"},
      {"genesysevents_eventbridge_target", "/api/v2/integrations/eventbridge/targets"},
      {"genesysevents_eventbridge_source", "/api/v2/eventbridge/sources"},
      {"genesysevents_destination", "/api/v2/integrations/destinations"},
  };
  return k;
}

Inventory emulator_inventory(e2e::Emulator& emu) {
  Inventory out;
  for (const auto& kind : kinds()) {
    auto& ids = out[kind.type];
    std::set<std::string> names;
    for (const auto& o : emu.list(kind.path)) {
      ids.insert(o.at("id").get<std::string>());
      std::string name = o.value("name", "");
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      INFO(kind.type << " name " << name);
      CHECK(names.insert(name).second);
    }
  }
  return out;
}

Inventory state_inventory(const std::map<std::string, json>& resources) {
  Inventory out;
  for (const auto& kind : kinds()) out[kind.type];
  for (const auto& [address, r] : resources) {
    if (r.value("mode", "managed") != "managed") continue;
    std::string type = r.value("type", "");
    if (!out.count(type)) continue;
    out[type].insert(r.at("values").at("id").get<std::string>());
  }
  return out;
}

void require_same(const Inventory& emulator, const Inventory& state) {
  for (const auto& kind : kinds()) {
    const auto& in_api = emulator.at(kind.type);
    const auto& in_state = state.at(kind.type);
    std::string orphans, stale, doubled;
    for (const auto& id : in_api) {
      if (!in_state.count(id)) orphans += " " + id;
    }
    for (const auto& id : in_state) {
      if (!in_api.count(id)) stale += " " + id;
      if (in_state.count(id) > 1) doubled += " " + id;
    }
    INFO(kind.type << ": " << in_api.size() << " in the emulator, " << in_state.size() << " in state");
    INFO("orphans (emulator only):" << orphans);
    INFO("stale (state only):" << stale);
    INFO("recorded twice:" << doubled);
    REQUIRE((orphans.empty() && stale.empty() && doubled.empty()));
  }
}

std::map<int, int> status_counts(e2e::Emulator& emu, int64_t seq) {
  auto r = emu.control("GET", "/emulator/requests?since=" + std::to_string(seq));
  REQUIRE(r.status == 200);
  std::map<int, int> out;
  for (const auto& e : r.body) {
    std::string path = e.value("path", "");
    if (path.rfind("/api/v2", 0) != 0 && path.rfind("/oauth", 0) != 0) continue;
    ++out[e.value("status", -1)];
  }
  return out;
}

int count_creates(e2e::Emulator& emu, int64_t& seq) {
  auto r = emu.control("GET", "/emulator/requests?since=" + std::to_string(seq));
  REQUIRE(r.status == 200);
  int n = 0;
  for (const auto& e : r.body) {
    seq = std::max<int64_t>(seq, e.value("seq", int64_t{0}));
    if (e.value("method", "") != "POST" || e.value("path", "").rfind("/api/v2", 0) != 0) continue;
    int status = e.value("status", 0);
    if (status == 201 || status == 202) ++n;
  }
  return n;
}

namespace {
// Fields of /proc/<pid>/stat after the command name: state, ppid.
bool proc_stat(int pid, char& state, int& ppid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream rest(text.substr(close + 1));
  return static_cast<bool>(rest >> state >> ppid);
}
}  // namespace

bool alive(int pid) {
  char state = 0;
  int ppid = 0;
  return proc_stat(pid, state, ppid) && state != 'Z' && state != 'X';
}

std::vector<int> children_of(int pid) {
  std::vector<int> out;
  DIR* d = opendir("/proc");
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    int child = std::atoi(e->d_name);
    char state = 0;
    int ppid = 0;
    if (proc_stat(child, state, ppid) && ppid == pid) out.push_back(child);
  }
  closedir(d);
  return out;
}

std::vector<std::string> duplicate_ids(const std::string& output) {
  std::vector<std::string> out;
  static const std::regex re(R"(already\s+exists\s+\(id\s+([0-9A-Za-z-]+)\))");
  for (auto it = std::sregex_iterator(output.begin(), output.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

}  // namespace ge::fault
