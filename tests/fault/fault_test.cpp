// The fault suite (docs/design/fault-suite.md): the provider under a misbehaving platform.
//  1. 200 mixed resources applied at -parallelism=10 while the emulator injects 5xx, dropped
//     connections, latency spikes, 429 bursts and token revocations, with one target that fails
//     verification and one source whose job fails. After the faults are cleared and the two
//     inputs fixed, one more apply converges; the emulator's inventory equals the state.
//  2. kill -9 of the CLI in the middle of an apply: the next apply creates no duplicate, every
//     duplicate-name error carries the import hint, and importing leads to convergence.
#include <catch2/catch.hpp>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <regex>
#include <thread>

#include "fault_support.h"
#include "harness.h"

using namespace ge::e2e;
using namespace ge::fault;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

// A client of its own for the provider, so revoking its tokens leaves the harness's alone.
const char* kClient = "fault-client";
const char* kSecret = "fault-secret";

void add_provider_client(Emulator& emu) {
  auto scopes = emu.control("GET", "/emulator/config");  // any control call: the emulator is up
  REQUIRE(scopes.status == 200);
  json all = json::array({"event:subscription:read", "event:subscription:write", "event:webhook:read",
                          "event:webhook:write", "eventbridge:topic:read", "integration:eventbridge:read",
                          "integration:eventbridge:write", "eventbridge:source:read", "eventbridge:source:write",
                          "asyncapi:job:read", "integration:destination:read", "integration:destination:write"});
  auto r = emu.control("POST", "/emulator/clients", {{"clientId", kClient}, {"clientSecret", kSecret}, {"scopes", all}});
  INFO(r.body.dump());
  REQUIRE((r.status == 201 || r.status == 200));
}

void write_provider(Workspace& ws, const Emulator& emu, int requests_per_minute) {
  ws.use_emulator(emu, "  requests_per_minute = " + std::to_string(requests_per_minute) + "\n", {kClient, kSecret});
}

void patch_config(Emulator& emu, const json& patch) {
  auto r = emu.control("PATCH", "/emulator/config", patch);
  INFO(patch.dump() << " -> " << r.body.dump());
  REQUIRE(r.status == 200);
}

std::string num(int i) { return std::to_string(i); }

// The mixed configuration: 200 resources. `fixed` repairs the two inputs meant to fail.
constexpr int kWebhooks = 70, kEventSubscriptions = 40, kDestinations = 40, kBridgeSubscriptions = 20,
              kTargets = 15, kSources = 15;
static_assert(kWebhooks + kEventSubscriptions + kDestinations + kBridgeSubscriptions + kTargets + kSources == 200);

std::string mixed_config(const HttpsReceiver& good, const HttpsReceiver& bad, bool fixed) {
  std::string hcl;
  for (int i = 0; i < kWebhooks; ++i) {
    hcl += "resource \"genesysevents_webhook\" \"w" + num(i) + "\" {\n"
           "  name            = \"fault-webhook-" + num(i) + "\"\n"
           "  destination_url = \"https://hooks.example.com/" + num(i) + "\"\n"
           "}\n";
  }
  for (int i = 0; i < kEventSubscriptions; ++i) {
    hcl += "resource \"genesysevents_event_subscription\" \"e" + num(i) + "\" {\n"
           "  name       = \"fault-subscription-" + num(i) + "\"\n"
           "  webhook_id = genesysevents_webhook.w" + num(i) + ".id\n"
           "  filter     = { event_type = [\"routing.queueEvent\"], attributes = { queueId = \"q-" + num(i) + "\" } }\n"
           "}\n";
  }
  for (int i = 0; i < kDestinations; ++i) {
    hcl += "resource \"genesysevents_destination\" \"d" + num(i) + "\" {\n"
           "  name                = \"fault-destination-" + num(i) + "\"\n"
           "  webhook_destination = { url = \"https://ingest.example.com/" + num(i) + "\" }\n"
           "}\n";
  }
  for (int i = 0; i < kBridgeSubscriptions; ++i) {
    hcl += "resource \"genesysevents_eventbridge_subscription\" \"b" + num(i) + "\" {\n"
           "  name      = \"fault-bridge-" + num(i) + "\"\n"
           "  topic_arn = \"arn:aws:events:us-east-1:123456789012:topic/genesys-cx-events\"\n"
           "  destination = {\n"
           "    url      = \"https://api.example.com/events/" + num(i) + "\"\n"
           "    role_arn = \"arn:aws:iam::123456789012:role/genesys\"\n"
           "  }\n"
           "}\n";
  }
  // The last target answers its verification with HTTP 500 until fixed.
  for (int i = 0; i < kTargets; ++i) {
    bool failing = i == kTargets - 1 && !fixed;
    hcl += "resource \"genesysevents_eventbridge_target\" \"t" + num(i) + "\" {\n"
           "  name         = \"fault-target-" + num(i) + "\"\n"
           "  endpoint_url = \"" + (failing ? bad.url("/fails") : good.url("/target-" + num(i))) + "\"\n"
           // The event types of both topics the sources use: a source's targets must carry all of
           // its topic's (docs/design/source-compatibility.md).
           "  event_types  = [\"routing.queueEvent\", \"routing.contact.queued\", \"routing.contact.answered\",\n"
           "                  \"conversation.event\", \"CONVERSATION_STARTED\", \"CONVERSATION_ENDED\"]\n"
           "}\n";
  }
  // The last source names an inactive topic until fixed: its create job fails.
  for (int i = 0; i < kSources; ++i) {
    bool failing = i == kSources - 1 && !fixed;
    hcl += "resource \"genesysevents_eventbridge_source\" \"s" + num(i) + "\" {\n"
           "  name           = \"fault-source-" + num(i) + "\"\n"
           "  event_topic_id = \"" + (failing ? "legacy-events" : "genesys-cx-events") + "\"\n"
           "  targets        = [{ target_id = genesysevents_eventbridge_target.t" + num(i % (kTargets - 1)) +
           ".id, priority = 1 }]\n"
           "}\n";
  }
  return hcl;
}

// A CA bundle trusting both receivers, for the emulator's outbound verification calls.
std::string joint_trust(const HttpsReceiver& a, const HttpsReceiver& b, const Workspace& ws) {
  std::string path = (ws.dir() / "receivers-ca.pem").string();
  std::ofstream out(path);
  for (const auto* r : {&a, &b}) {
    std::ifstream in(r->ca_file());
    out << in.rdbuf() << "\n";
  }
  return path;
}

json fault(const std::string& path, std::optional<int> status, double rate, int latency_ms = 0,
           std::optional<int> count = std::nullopt) {
  json f = {{"path", path}, {"rate", rate}};
  if (status) f["status"] = *status;
  if (latency_ms) f["latencyMs"] = latency_ms;
  if (count) f["count"] = *count;
  return f;
}

// Creates of targets and sources pass unfaulted (the first rule that matches applies, and these
// only continue): the target that fails verification and the source whose job fails must exist,
// or their failure modes go untested. Everything else about them (polls, reads) is faulted.
json unfaulted_creates() {
  json rules = json::array();
  for (const char* path : {"/api/v2/integrations/eventbridge/targets", "/api/v2/eventbridge/sources"}) {
    json pass = fault(path, std::nullopt, 1.0);
    pass["method"] = "POST";
    rules.push_back(pass);
  }
  return rules;
}

// The steady faults on every API path: ~3% dropped connections, ~3% latency spikes, ~20% 5xx.
// Some of the drops and 5xx on creates come after the object was made (`after`): the answer is
// lost, the object exists. `burst`, when given, goes before them (after the unfaulted creates).
json steady_faults(std::optional<json> burst = std::nullopt) {
  json after_drop = fault("/api/v2/*", 0, 0.02), after_timeout = fault("/api/v2/*", 504, 0.02);
  for (json* f : {&after_drop, &after_timeout}) {
    (*f)["method"] = "POST";
    (*f)["after"] = true;
  }
  json rules = unfaulted_creates();
  if (burst) rules.push_back(*burst);
  for (const json& f : {after_drop, after_timeout, fault("/api/v2/*", 0, 0.02),
                        fault("/api/v2/*", std::nullopt, 0.03, 1500), fault("/api/v2/*", 500, 0.06),
                        fault("/api/v2/*", 502, 0.06), fault("/api/v2/*", 503, 0.06)}) {
    rules.push_back(f);
  }
  return rules;
}

const json* find_resource(const std::map<std::string, json>& resources, const std::string& address) {
  auto it = resources.find(address);
  return it == resources.end() ? nullptr : &it->second;
}

}  // namespace

TEST_CASE("200 mixed resources at -parallelism=10 under injected faults converge", "[fault][mixed][serial]") {
  const auto started = Clock::now();
  HttpsReceiver good(200), bad(500);
  Workspace ws;
  Emulator emu(Emulator::Options{.trust_file = joint_trust(good, bad, ws)});
  add_provider_client(emu);
  // Fast asynchronous work and no server-side rate limit in the way (429s come as bursts).
  patch_config(emu, {{"rateLimitPerMinute", 1000000},
                     {"verificationDelayMs", 50},
                     {"jobDurationMs", 100},
                     {"subscriptionLimit", 25}});
  write_provider(ws, emu, 20000);
  ws.write("main.tf", mixed_config(good, bad, false));
  ws.init();
  // The target of the source whose job fails, before the faults: otherwise a fault on it could
  // leave that source never attempted.
  const std::string failing_source_target =
      "genesysevents_eventbridge_target.t" + num((kSources - 1) % (kTargets - 1));
  auto before = ws.apply({"-target=" + failing_source_target});
  INFO("apply of " << failing_source_target << " before the faults:\n" << before.all());
  REQUIRE(before.exit_code == 0);

  const int64_t seq0 = emu.last_request_seq();
  patch_config(emu, {{"faults", steady_faults()}});
  // No refresh: the one object in state was just applied, and every request of this apply is to
  // create something (as before that target existed).
  int pid = ws.start({"apply", "-auto-approve", "-no-color", "-parallelism=10", "-refresh=false"});
  // Mid-run, twice: a burst of 429s on every API path and the revocation of the provider's tokens.
  int64_t seq = seq0;
  int created = 0, disruptions = 0;
  const int thresholds[] = {40, 120};
  auto deadline = Clock::now() + std::chrono::minutes(4);
  while (alive(pid) && disruptions < 2 && Clock::now() < deadline) {
    created += count_creates(emu, seq);
    if (created >= thresholds[disruptions]) {
      patch_config(emu, {{"faults", steady_faults(fault("/api/v2/*", 429, 1.0, 0, 25))}});
      auto revoked = emu.control("POST", "/emulator/tokens/revoke", {{"clientId", kClient}});
      REQUIRE(revoked.status == 200);
      CHECK(revoked.body.value("revoked", 0) >= 1);
      ++disruptions;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto first = ws.finish(pid, std::chrono::seconds(420));
  patch_config(emu, {{"faults", json::array()}});
  INFO("first apply (stderr):\n" << first.err);
  CHECK(disruptions == 2);  // the apply lasted long enough for both disruptions

  // Every kind of fault really happened.
  auto statuses = status_counts(emu, seq0);
  std::string summary;
  for (const auto& [status, n] : statuses) summary += " " + std::to_string(status) + "x" + std::to_string(n);
  INFO("request-log statuses:" << summary);
  CHECK(statuses[0] > 0);
  CHECK(statuses[500] + statuses[502] + statuses[503] + statuses[504] > 0);
  CHECK(statuses[429] > 0);
  CHECK(statuses[401] > 0);  // calls made with a revoked token

  CHECK(first.exit_code != 0);  // at least the failing target and source

  // Nothing orphaned: every object the emulator holds is in state, once.
  auto resources = ws.resources();
  require_same(emulator_inventory(emu), state_inventory(resources));
  // The target that fails verification and the source whose job fails exist on the platform
  // (their creates pass unfaulted): both are errors of the apply and recorded in state, tainted.
  auto check_half_finished = [&](const std::string& path, const std::string& name, const std::string& address,
                                 const std::string& status, const std::string& message) {
    std::optional<json> object;
    for (const auto& o : emu.list(path)) {
      if (o.value("name", "") == name) object = o;
    }
    INFO(address << " (" << name << ") must have been created");
    REQUIRE(object);
    INFO(address << " in the emulator: " << object->dump());
    CHECK((*object)["status"] == status);
    // Its error: the platform's message, unless a fault cut the wait for it short.
    CHECK((first.err.find(message) != std::string::npos || first.err.find("with " + address + ",") != std::string::npos));
    const json* in_state = find_resource(resources, address);
    REQUIRE(in_state != nullptr);
    CHECK((*in_state)["values"]["id"] == (*object)["id"]);
    CHECK(in_state->value("tainted", false));
  };
  check_half_finished("/api/v2/integrations/eventbridge/targets", "fault-target-" + num(kTargets - 1),
                      "genesysevents_eventbridge_target.t" + num(kTargets - 1), "FAILED",
                      "endpointUrl answered HTTP 500");
  check_half_finished("/api/v2/eventbridge/sources", "fault-source-" + num(kSources - 1),
                      "genesysevents_eventbridge_source.s" + num(kSources - 1), "failed", "topic.not.active");

  // Faults cleared and inputs fixed: one more apply converges.
  ws.write("main.tf", mixed_config(good, bad, true));
  auto second = ws.apply({"-parallelism=10"});
  INFO("second apply:\n" << second.all());
  REQUIRE(second.exit_code == 0);
  resources = ws.resources();
  CHECK(resources.size() == 200);
  auto inventory = emulator_inventory(emu);
  require_same(inventory, state_inventory(resources));
  CHECK(inventory["genesysevents_webhook"].size() == kWebhooks);
  CHECK(inventory["genesysevents_event_subscription"].size() == kEventSubscriptions);
  CHECK(inventory["genesysevents_destination"].size() == kDestinations);
  CHECK(inventory["genesysevents_eventbridge_subscription"].size() == kBridgeSubscriptions);
  CHECK(inventory["genesysevents_eventbridge_target"].size() == kTargets);
  CHECK(inventory["genesysevents_eventbridge_source"].size() == kSources);
  for (const auto& [address, r] : resources) {
    INFO(address);
    CHECK_FALSE(r.value("tainted", false));
  }
  for (const auto& o : emu.list("/api/v2/integrations/eventbridge/targets")) CHECK(o["status"] == "VERIFIED");
  for (const auto& o : emu.list("/api/v2/eventbridge/sources")) CHECK(o["status"] == "active");
  CHECK(ws.plan_exit_code() == 0);
  WARN("mixed fault run: " << std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started).count()
                           << " s; statuses" << summary);
}

TEST_CASE("kill -9 of the CLI mid-apply, then apply again without duplicates", "[fault][kill][serial]") {
  const auto started = Clock::now();
  constexpr int kCount = 60;
  Emulator emu;
  add_provider_client(emu);
  patch_config(emu, {{"rateLimitPerMinute", 1000000}});
  Workspace ws;
  write_provider(ws, emu, 20000);
  std::string hcl;
  for (int i = 0; i < kCount; ++i) {
    hcl += "resource \"genesysevents_webhook\" \"k" + num(i) + "\" {\n"
           "  name            = \"kill-webhook-" + num(i) + "\"\n"
           "  destination_url = \"https://hooks.example.com/" + num(i) + "\"\n"
           "}\n";
  }
  ws.write("main.tf", hcl);
  ws.init();
  // Every create takes 600 ms: with 10 in flight, the kill lands while some are on the wire.
  patch_config(emu, {{"faults", json::array({{{"path", "/api/v2/events/webhooks"}, {"method", "POST"},
                                               {"latencyMs", 600}}})}});
  int64_t seq = emu.last_request_seq();
  int pid = ws.start({"apply", "-auto-approve", "-no-color", "-parallelism=10"});
  int created = 0;
  auto deadline = Clock::now() + std::chrono::seconds(120);
  while (created < 15 && alive(pid) && Clock::now() < deadline) {
    created += count_creates(emu, seq);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(created >= 15);
  REQUIRE(alive(pid));
  std::vector<int> plugins = children_of(pid);  // the provider process the CLI started
  REQUIRE(::kill(pid, SIGKILL) == 0);           // the CLI alone, not its process group
  auto killed = ws.finish(pid, std::chrono::seconds(30));
  INFO("killed apply:\n" << killed.all());
  CHECK(killed.exit_code == 128 + SIGKILL);

  // The provider notices its parent died and exits by itself; any straggler is our own child's.
  auto plugin_deadline = Clock::now() + std::chrono::seconds(15);
  auto any_alive = [&] {
    for (int p : plugins) {
      if (alive(p)) return true;
    }
    return false;
  };
  while (any_alive() && Clock::now() < plugin_deadline) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  bool lingering = any_alive();
  for (int p : plugins) {
    if (alive(p)) ::kill(p, SIGKILL);
  }
  CHECK_FALSE(lingering);

  // Creates already on the wire finish in the emulator: wait until the log shows no new create
  // for three latency periods, then lift the latency.
  auto quiet_since = Clock::now();
  deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() - quiet_since < std::chrono::milliseconds(1800) && Clock::now() < deadline) {
    if (count_creates(emu, seq) > 0) quiet_since = Clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  patch_config(emu, {{"faults", json::array()}});

  auto webhooks = emu.list("/api/v2/events/webhooks");
  auto in_state = state_inventory(ws.resources());
  std::map<std::string, std::string> orphans;  // id -> name
  for (const auto& w : webhooks) {
    std::string id = w.at("id").get<std::string>();
    if (!in_state["genesysevents_webhook"].count(id)) orphans[id] = w.at("name").get<std::string>();
  }
  UNSCOPED_INFO(webhooks.size() << " webhooks exist after the kill, " << in_state["genesysevents_webhook"].size()
                                << " in state, " << orphans.size() << " not recorded");

  // Apply again (a stale lock would fail it): no duplicate is created; each object created but
  // not recorded is a duplicate-name error naming its id, with the import command.
  auto again = ws.apply({"-parallelism=10"});
  INFO("apply after the kill:\n" << again.all());
  emulator_inventory(emu);  // names unique
  CHECK(emu.list("/api/v2/events/webhooks").size() == static_cast<size_t>(kCount));
  auto hinted = duplicate_ids(again.err);
  std::set<std::string> hinted_set(hinted.begin(), hinted.end());
  // An object created but not recorded is either a duplicate-name error naming its id, with the
  // import command, or was taken over by the create that met it (created moments before, with
  // the same content: the provider treats it as its own lost answer; see resource_engine.cpp).
  auto after_again = state_inventory(ws.resources())["genesysevents_webhook"];
  std::map<std::string, std::string> to_import;  // id -> name
  for (const auto& [id, name] : orphans) {
    INFO("object " << id << " (" << name << ") created before the kill, not in state then");
    CHECK((hinted_set.count(id) + after_again.count(id)) == 1);
    if (hinted_set.count(id)) to_import[id] = name;
  }
  for (const auto& id : hinted_set) CHECK(orphans.count(id) == 1);  // hints only for those objects
  if (to_import.empty()) {
    CHECK(again.exit_code == 0);
  } else {
    CHECK(again.exit_code != 0);
    for (const auto& [id, name] : to_import) {
      CHECK(again.err.find("import genesysevents_webhook.<name> " + id) != std::string::npos);
      CHECK(again.err.find("id = \"" + id + "\"") != std::string::npos);
    }
    // The path to convergence: the suggested import command for one, import blocks for the rest.
    auto address = [](const std::string& name) {
      return "genesysevents_webhook.k" + name.substr(std::string("kill-webhook-").size());
    };
    auto first = to_import.begin();
    auto imported = ws.run({"import", "-no-color", address(first->second), first->first});
    INFO(imported.all());
    REQUIRE(imported.exit_code == 0);
    std::string blocks;
    for (auto it = std::next(first); it != to_import.end(); ++it) {
      blocks += "import {\n  to = " + address(it->second) + "\n  id = \"" + it->first + "\"\n}\n";
    }
    ws.write("imports.tf", blocks);
    auto converged = ws.apply({"-parallelism=10"});
    INFO("apply with import blocks:\n" << converged.all());
    REQUIRE(converged.exit_code == 0);
  }
  auto resources = ws.resources();
  CHECK(resources.size() == static_cast<size_t>(kCount));
  auto inventory = emulator_inventory(emu);
  require_same(inventory, state_inventory(resources));
  CHECK(inventory["genesysevents_webhook"].size() == static_cast<size_t>(kCount));
  CHECK(ws.plan_exit_code() == 0);
  WARN("kill -9 run: " << std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started).count()
                       << " s; " << orphans.size() << " objects created but not recorded before the kill, "
                       << to_import.size() << " imported after a duplicate-name error");
}
