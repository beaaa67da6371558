// The Platform API's integrations (docs/reference/platform-api.md "Amazon
// EventBridge integration"): one case per row of its call table, its property
// table and its "errors and behaviour to honour".
#include "bodies.h"
#include "support/emulator_process.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <thread>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

namespace {

const std::string kIntegrations = "/api/v2/integrations";
const std::string kType = "amazon-eventbridge-source";
const std::string kSeededId = "0d5f8a3c-7b2e-4c1d-9e6f-3a8b5c7d9e10";

nlohmann::json eventbridge_properties(const std::string& suffix, const std::string& account = "123456789012") {
  return {
      {"awsAccountId", account},
      {"awsAccountRegion", "us-east-1"},
      {"eventSourceSuffix", suffix},
      {"eventFilter", {"v2.detail.events.conversation.{id}.customer.end", "v2.audits.entitytype.{id}.entityid.{id}"}}};
}

nlohmann::json config_body(const std::string& name, std::int64_t version, nlohmann::json properties,
                           const std::string& notes = "") {
  return {{"name", name},
          {"version", version},
          {"properties", std::move(properties)},
          {"advanced", nlohmann::json::object()},
          {"notes", notes},
          {"credentials", nlohmann::json::object()}};
}

std::string create(EmulatorProcess& emu, const std::string& name) {
  auto created = emu.post(kIntegrations, {{"name", name}, {"integrationType", {{"id", kType}}}});
  INFO(created.raw);
  REQUIRE(created.status == 201);
  return created.body["id"].get<std::string>();
}

// Creates an integration and gives it a valid configuration (version 2).
std::string create_configured(EmulatorProcess& emu, const std::string& name, const std::string& suffix,
                              const std::string& account = "123456789012") {
  auto id = create(emu, name);
  auto put = emu.put(kIntegrations + "/" + id + "/config/current",
                     config_body(name, 1, eventbridge_properties(suffix, account)));
  INFO(put.raw);
  REQUIRE(put.status == 200);
  return id;
}

// Polls the integration until reportedState.code is one of `codes`; returns it.
nlohmann::json wait_for_state(EmulatorProcess& emu, const std::string& id, const std::set<std::string>& codes) {
  nlohmann::json last;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(std::chrono::milliseconds(20))) {
    last = emu.get(kIntegrations + "/" + id).body;
    if (codes.count(last["reportedState"]["code"].get<std::string>())) break;
  }
  return last;
}

std::string field_of_config_put(EmulatorProcess& emu, const std::string& id, const nlohmann::json& properties) {
  auto res = emu.put(kIntegrations + "/" + id + "/config/current", config_body("x", 1, properties));
  INFO(properties.dump() << " -> " << res.raw);
  REQUIRE(res.status == 400);
  return only_field(res.body);
}

}  // namespace

TEST_CASE("create answers 201 with a disabled, inactive Integration", "[emulator][integrations]") {
  EmulatorProcess emu;
  auto created = emu.post(kIntegrations, {{"name", "gc-events-prod"}, {"integrationType", {{"id", kType}}}});
  REQUIRE(created.status == 201);
  const auto& i = created.body;
  CHECK(i["id"].is_string());
  CHECK(i["name"] == "gc-events-prod");
  CHECK(i["version"] == 1);
  CHECK(i["integrationType"]["id"] == kType);
  CHECK(i["integrationType"]["name"] == "Amazon EventBridge Source");
  CHECK(i["integrationType"]["selfUri"] == "/api/v2/integrations/types/" + kType);
  CHECK(i["intendedState"] == "DISABLED");
  CHECK(i["reportedState"]["code"] == "INACTIVE");
  CHECK(i["reportedState"]["effective"] == "Inactive");
  CHECK(i["reportedState"]["lastUpdated"].is_string());
  CHECK(i["attributes"] == nlohmann::json::object());
  CHECK(i["selfUri"] == kIntegrations + "/" + i["id"].get<std::string>());
  CHECK(created.header("Location") == i["selfUri"].get<std::string>());
  CHECK(emu.get(kIntegrations + "/" + i["id"].get<std::string>()).body == i);

  auto missing_type = emu.post(kIntegrations, {{"name", "x"}});
  REQUIRE(missing_type.status == 400);
  CHECK(only_field(missing_type.body) == "integrationType");
  auto unknown_type = emu.post(kIntegrations, {{"integrationType", {{"id", "no-such-type"}}}});
  REQUIRE(unknown_type.status == 400);
  CHECK(only_field(unknown_type.body) == "integrationType.id");
  // Without a name, the type's name.
  CHECK(emu.post(kIntegrations, {{"integrationType", {{"id", kType}}}}).body["name"] == "Amazon EventBridge Source");
}

TEST_CASE("names are not unique", "[emulator][integrations]") {
  EmulatorProcess emu;
  auto first = create(emu, "same");
  auto second = create(emu, "same");
  CHECK(first != second);
  CHECK(emu.get(kIntegrations + "?name=SAME").body["total"] == 2);
}

TEST_CASE("the configuration reads with its version and empty notes as node_dynamodb_empty_string",
          "[emulator][integrations]") {
  EmulatorProcess emu;
  auto id = create(emu, "gc-events");
  auto config = emu.get(kIntegrations + "/" + id + "/config/current");
  REQUIRE(config.status == 200);
  CHECK(config.body["id"] == id);
  CHECK(config.body["name"] == "gc-events");
  CHECK(config.body["version"] == 1);
  CHECK(config.body["properties"] == nlohmann::json::object());
  CHECK(config.body["advanced"] == nlohmann::json::object());
  CHECK(config.body["credentials"] == nlohmann::json::object());
  CHECK(config.body["notes"] == "node_dynamodb_empty_string");
  CHECK(config.body["selfUri"] == kIntegrations + "/" + id + "/config/current");
  CHECK(emu.get(kIntegrations + "/" + id).body["notes"] == "node_dynamodb_empty_string");
  CHECK(emu.get(kIntegrations + "/no-such-id/config/current").status == 404);
}

TEST_CASE("a configuration PUT needs all six fields and the current version", "[emulator][integrations]") {
  EmulatorProcess emu;
  auto id = create(emu, "gc-events");
  const std::string path = kIntegrations + "/" + id + "/config/current";
  auto saved = emu.put(path, config_body("renamed", 1, eventbridge_properties("prod"), "some notes"));
  REQUIRE(saved.status == 200);
  CHECK(saved.body["version"] == 2);
  CHECK(saved.body["name"] == "renamed");
  CHECK(saved.body["notes"] == "some notes");
  CHECK(saved.body["properties"] == eventbridge_properties("prod"));
  CHECK(emu.get(path).body == saved.body);
  auto integration = emu.get(kIntegrations + "/" + id).body;
  CHECK(integration["name"] == "renamed");
  CHECK(integration["notes"] == "some notes");
  CHECK(integration["version"] == 2);

  auto stale = emu.put(path, config_body("renamed", 1, eventbridge_properties("prod")));
  REQUIRE(stale.status == 409);
  CHECK(stale.body["code"] == "version.mismatch");
  CHECK(stale.body["message"] ==
        "The version number of the modified resource must match the version number in the database.");

  for (const char* field : {"name", "version", "properties", "advanced", "notes", "credentials"}) {
    auto body = config_body("renamed", 2, eventbridge_properties("prod"));
    body.erase(field);
    auto refused = emu.put(path, body);
    INFO(field << ": " << refused.raw);
    REQUIRE(refused.status == 400);
    CHECK(only_field(refused.body) == field);
  }
  // Empty notes are allowed, and read back as the platform stores them.
  auto emptied = emu.put(path, config_body("renamed", 2, eventbridge_properties("prod"), ""));
  REQUIRE(emptied.status == 200);
  CHECK(emptied.body["notes"] == "node_dynamodb_empty_string");
  CHECK(
      emu.put(kIntegrations + "/no-such-id/config/current", config_body("x", 1, eventbridge_properties("p"))).status ==
      404);
}

TEST_CASE("configuration properties are held to the served JSON Schema", "[emulator][integrations]") {
  EmulatorProcess emu;
  auto id = create(emu, "gc-events");
  auto with = [](const std::string& key, nlohmann::json value) {
    auto p = eventbridge_properties("prod");
    p[key] = std::move(value);
    return p;
  };
  CHECK(field_of_config_put(emu, id, with("awsAccountId", "12345678901")) == "properties.awsAccountId");
  CHECK(field_of_config_put(emu, id, with("awsAccountId", 123456789012)) == "properties.awsAccountId");
  CHECK(field_of_config_put(emu, id, with("awsAccountRegion", "useast1")) == "properties.awsAccountRegion");
  CHECK(field_of_config_put(emu, id, with("eventSourceSuffix", "")) == "properties.eventSourceSuffix");
  CHECK(field_of_config_put(emu, id, with("eventSourceSuffix", std::string(65, 's'))) ==
        "properties.eventSourceSuffix");
  CHECK(field_of_config_put(emu, id, with("eventSourceSuffix", "has space")) == "properties.eventSourceSuffix");
  CHECK(field_of_config_put(emu, id, with("eventFilter", "v2.users.{id}.presence")) == "properties.eventFilter");
  CHECK(field_of_config_put(emu, id, with("eventFilter", nlohmann::json::array())) == "properties.eventFilter");
  CHECK(field_of_config_put(emu, id, with("eventFilter", {"v2.users.{id}.presence", "v2.no.such.topic"})) ==
        "properties.eventFilter[1]");
  // A Websocket-only topic cannot be received over EventBridge.
  CHECK(field_of_config_put(emu, id, with("eventFilter", {"v2.routing.queues.{id}.conversations"})) ==
        "properties.eventFilter[0]");
  CHECK(field_of_config_put(emu, id, with("eventFilter", {"v2.users.{id}.presence", "v2.users.{id}.presence"})) ==
        "properties.eventFilter[1]");
  CHECK(field_of_config_put(emu, id, with("unknownProperty", "x")) == "properties.unknownProperty");
  auto missing = eventbridge_properties("prod");
  missing.erase("awsAccountRegion");
  CHECK(field_of_config_put(emu, id, missing) == "properties.awsAccountRegion");

  // The longest suffix, its whole character set, and a filter in another order are fine.
  auto edge = with("eventSourceSuffix", "A-z_0." + std::string(58, 'x'));
  edge["eventFilter"] = {"v2.users.{id}.presence", "v2.detail.events.conversation.{id}.customer.start"};
  auto ok = emu.put(kIntegrations + "/" + id + "/config/current", config_body("x", 1, edge));
  INFO(ok.raw);
  CHECK(ok.status == 200);
}

TEST_CASE("enabling moves ACTIVATING to ACTIVE after the configured delay, disabling DEACTIVATING to INACTIVE",
          "[emulator][integrations]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"integrationStateDelayMs", 1000}}).status == 200);
  auto id = create_configured(emu, "gc-events", "prod");
  const std::string path = kIntegrations + "/" + id;
  auto started = std::chrono::steady_clock::now();
  auto enabled = emu.patch(path, {{"intendedState", "ENABLED"}});
  REQUIRE(enabled.status == 200);
  CHECK(enabled.body["intendedState"] == "ENABLED");
  CHECK(enabled.body["reportedState"]["code"] == "ACTIVATING");
  CHECK(enabled.body["version"] == 3);
  CHECK(emu.get(path).body["reportedState"]["code"] == "ACTIVATING");
  auto active = wait_for_state(emu, id, {"ACTIVE", "ERROR"});
  CHECK(active["reportedState"]["code"] == "ACTIVE");
  CHECK(active["reportedState"]["effective"] == "Active");
  CHECK(active["version"] == 3);  // state changes are the platform's, not a new version
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(1000));

  // Enabling again changes nothing.
  CHECK(emu.patch(path, {{"intendedState", "ENABLED"}}).body["version"] == 3);

  auto disabled = emu.patch(path, {{"intendedState", "DISABLED"}});
  REQUIRE(disabled.status == 200);
  CHECK(disabled.body["reportedState"]["code"] == "DEACTIVATING");
  CHECK(wait_for_state(emu, id, {"INACTIVE"})["reportedState"]["code"] == "INACTIVE");

  auto bad = emu.patch(path, {{"intendedState", "ON"}});
  REQUIRE(bad.status == 400);
  CHECK(only_field(bad.body) == "intendedState");
  CHECK(emu.patch(kIntegrations + "/no-such-id", {{"intendedState", "ENABLED"}}).status == 404);
}

TEST_CASE("enabling ends in ERROR for an incomplete configuration, a suffix in use and a rejecting AWS account",
          "[emulator][integrations]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"integrationStateDelayMs", 50}, {"rejectedAwsAccountIds", {"999999999999"}}})
              .status == 200);
  auto error_of = [&](const std::string& id) {
    REQUIRE(emu.patch(kIntegrations + "/" + id, {{"intendedState", "ENABLED"}}).status == 200);
    auto state = wait_for_state(emu, id, {"ACTIVE", "ERROR"})["reportedState"];
    INFO(state.dump());
    REQUIRE(state["code"] == "ERROR");
    CHECK(state["effective"] == "Error");
    return state["detail"]["message"].get<std::string>();
  };

  CHECK(error_of(create(emu, "unconfigured")).find("awsAccountId") != std::string::npos);

  auto holder = create_configured(emu, "holder", "shared");
  auto taken = create_configured(emu, "taker", "shared");
  CHECK(error_of(taken).find("shared") != std::string::npos);
  // Once the other integration is gone, a new configuration activates.
  REQUIRE(emu.del(kIntegrations + "/" + holder).status == 200);
  auto reconfigured = emu.put(kIntegrations + "/" + taken + "/config/current",
                              config_body("taker", 2, eventbridge_properties("shared")));
  REQUIRE(reconfigured.status == 200);
  CHECK(wait_for_state(emu, taken, {"ACTIVE", "ERROR"})["reportedState"]["code"] == "ACTIVE");

  auto rejected = create_configured(emu, "rejected", "other", "999999999999");
  auto message = error_of(rejected);
  CHECK(message.find("999999999999") != std::string::npos);
  auto org = emu.get("/api/v2/organizations/me").body["id"].get<std::string>();
  CHECK(message.find("aws.partner/genesys.com/cloud/" + org + "/other") != std::string::npos);

  CHECK(emu.control("PATCH", "/emulator/config", {{"rejectedAwsAccountIds", {1}}}).status == 400);
}

TEST_CASE("read embeds the configuration with expand=config.current", "[emulator][integrations]") {
  EmulatorProcess emu;
  auto id = create_configured(emu, "gc-events", "prod");
  auto plain = emu.get(kIntegrations + "/" + id).body;
  CHECK_FALSE(plain.contains("config"));
  auto expanded = emu.get(kIntegrations + "/" + id + "?expand=config.current");
  REQUIRE(expanded.status == 200);
  CHECK(expanded.body["config"]["current"] == emu.get(kIntegrations + "/" + id + "/config/current").body);
  CHECK(emu.get(kIntegrations + "/no-such-id").status == 404);
}

TEST_CASE("list filters by integrationType, ids and reportedState, pages and expands", "[emulator][integrations]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"integrationStateDelayMs", 0}}).status == 200);
  // The seeded integration of another type is there from the start.
  auto all = emu.get(kIntegrations).body;
  REQUIRE(all["total"] == 1);
  CHECK(all["entities"][0]["id"] == kSeededId);
  CHECK(all["entities"][0]["integrationType"]["id"] != kType);
  CHECK(all["entities"][0]["reportedState"]["code"] == "ACTIVE");

  std::vector<std::string> ids;
  for (const char* name : {"a", "b", "c"}) ids.push_back(create(emu, name));
  auto typed = emu.get(kIntegrations + "?integrationType=" + kType + "&pageSize=2&pageNumber=1").body;
  CHECK(typed["total"] == 3);
  CHECK(typed["pageCount"] == 2);
  REQUIRE(typed["entities"].size() == 2);
  CHECK(typed["entities"][0]["id"] == ids[0]);
  REQUIRE(typed.contains("nextUri"));
  auto next = emu.get(typed["nextUri"].get<std::string>()).body;
  REQUIRE(next["entities"].size() == 1);
  CHECK(next["entities"][0]["id"] == ids[2]);
  CHECK(emu.get(kIntegrations + "?pageSize=100").body["total"] == 4);
  CHECK(emu.get(kIntegrations + "?pageSize=101").status == 400);

  auto by_ids = emu.get(kIntegrations + "?ids=" + ids[2] + "," + kSeededId + ",no-such-id").body;
  REQUIRE(by_ids["total"] == 2);
  CHECK(by_ids["entities"][0]["id"] == kSeededId);
  CHECK(by_ids["entities"][1] == emu.get(kIntegrations + "/" + ids[2]).body);
  std::string many = kIntegrations + "?ids=x0";
  for (int i = 1; i <= 100; ++i) many += ",x" + std::to_string(i);
  auto refused = emu.get(many);
  REQUIRE(refused.status == 400);
  CHECK(only_field(refused.body) == "ids");

  REQUIRE(emu.patch(kIntegrations + "/" + ids[1], {{"intendedState", "ENABLED"}}).status == 200);
  wait_for_state(emu, ids[1], {"ERROR"});
  auto errored = emu.get(kIntegrations + "?reportedState=ERROR").body;
  REQUIRE(errored["total"] == 1);
  CHECK(errored["entities"][0]["id"] == ids[1]);

  auto expanded = emu.get(kIntegrations + "?integrationType=" + kType + "&expand=config.current").body;
  REQUIRE(expanded["entities"].size() == 3);
  CHECK(expanded["entities"][0]["config"]["current"]["version"] == 1);
  CHECK_FALSE(emu.get(kIntegrations).body["entities"][0].contains("config"));
}

TEST_CASE("delete answers the Integration, then reads answer 404", "[emulator][integrations]") {
  EmulatorProcess emu;
  auto id = create(emu, "gone");
  auto removed = emu.del(kIntegrations + "/" + id);
  REQUIRE(removed.status == 200);
  CHECK(removed.body["id"] == id);
  CHECK(removed.body["name"] == "gone");
  CHECK(emu.get(kIntegrations + "/" + id).status == 404);
  CHECK(emu.get(kIntegrations + "/" + id + "/config/current").status == 404);
  CHECK(emu.del(kIntegrations + "/" + id).status == 404);
}

TEST_CASE("reads are eventually consistent when configured: 404 after create, 200 after delete",
          "[emulator][integrations]") {
  EmulatorProcess emu;
  // Windows far longer than the case takes, ended by stepping the emulator's clock past them
  // rather than by sleeping (docs/emulator.md, POST /emulator/clock/advance).
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"integrationVisibleAfterMs", 60000}, {"integrationDeleteLingerMs", 60000}})
              .status == 200);
  auto past_the_window = [&] {
    REQUIRE(emu.control("POST", "/emulator/clock/advance", {{"ms", 60000}}).status == 200);
  };
  auto id = create(emu, "eventual");
  const std::string path = kIntegrations + "/" + id;
  CHECK(emu.get(path).status == 404);
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["total"] == 0);
  // Its configuration reads at once (the next case), and writes see it at once.
  CHECK(emu.get(path + "/config/current").status == 200);
  REQUIRE(emu.put(path + "/config/current", config_body("eventual", 1, eventbridge_properties("e"))).status == 200);
  past_the_window();
  CHECK(emu.get(path).status == 200);
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["total"] == 1);

  REQUIRE(emu.del(path).status == 200);
  CHECK(emu.get(path).status == 200);
  CHECK(emu.get(path + "/config/current").status == 200);
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["total"] == 1);
  CHECK(emu.del(path).status == 404);  // writes see the delete at once
  CHECK(emu.patch(path, {{"intendedState", "ENABLED"}}).status == 404);
  past_the_window();
  CHECK(emu.get(path).status == 404);
  CHECK(emu.get(path + "/config/current").status == 404);
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["total"] == 0);
}

TEST_CASE("a new integration's configuration reads at once while its GET still answers 404",
          "[emulator][integrations]") {
  EmulatorProcess emu;
  // Real clients read config/current right after the POST, without retrying: only the object's
  // reads lag. A window far longer than the case, so that every read below is inside it.
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"integrationVisibleAfterMs", 60000}}).status == 200);
  auto id = create(emu, "read-at-once");
  const std::string path = kIntegrations + "/" + id;
  auto config = emu.get(path + "/config/current");
  INFO(config.raw);
  REQUIRE(config.status == 200);
  CHECK(config.body["id"] == id);
  CHECK(config.body["name"] == "read-at-once");
  CHECK(config.body["version"] == 1);
  CHECK(emu.get(path).status == 404);
  CHECK(emu.get(path + "?expand=config.current").status == 404);
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["total"] == 0);
  // The client's next step, a PUT with the version it just read, succeeds, and the new
  // configuration reads back at once too.
  auto saved = emu.put(path + "/config/current", config_body("read-at-once", config.body["version"].get<std::int64_t>(),
                                                             eventbridge_properties("at-once")));
  REQUIRE(saved.status == 200);
  CHECK(emu.get(path + "/config/current").body == saved.body);
  CHECK(emu.get(path).status == 404);
  CHECK(emu.get(kIntegrations + "/no-such-id/config/current").status == 404);
}

TEST_CASE("integrationReadFlapMs: right after create, reads of the object alternate between found and 404",
          "[emulator][integrations]") {
  using std::chrono::milliseconds;
  using std::chrono::steady_clock;
  EmulatorProcess emu;
  // The window is far longer than the reads below take; the end is waited for with a deadline.
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"integrationReadFlapMs", 3000}}).status == 200);
  CHECK(emu.control("GET", "/emulator/config").body["integrationReadFlapMs"] == 3000);
  auto id = create(emu, "flapping");
  auto created_at = steady_clock::now();
  const std::string path = kIntegrations + "/" + id;
  // Found, then 404 again, then found: every other read of the object, GET or listing, misses it.
  CHECK(emu.get(path).status == 200);
  CHECK(emu.get(path).status == 404);
  CHECK(emu.get(path + "?expand=config.current").status == 200);
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["total"] == 0);
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["total"] == 1);
  // A listing it is filtered out of does not count as a read of it.
  CHECK(emu.get(kIntegrations + "?integrationType=purecloud-data-actions").body["total"] == 1);
  CHECK(emu.get(path).status == 404);
  // Its configuration never flaps, and writes always see it.
  for (int i = 0; i < 3; ++i) CHECK(emu.get(path + "/config/current").status == 200);
  CHECK(emu.patch(path, {{"intendedState", "DISABLED"}}).status == 200);
  CHECK(emu.patch(path, {{"intendedState", "DISABLED"}}).status == 200);
  // The seeded integration, not new, does not flap.
  for (int i = 0; i < 2; ++i) CHECK(emu.get(kIntegrations + "/" + kSeededId).status == 200);

  // After the window every read finds it.
  bool steady = false;
  for (auto deadline = steady_clock::now() + std::chrono::seconds(10); !steady && steady_clock::now() < deadline;
       std::this_thread::sleep_for(milliseconds(50)))
    steady = emu.get(path).status == 200 && emu.get(path).status == 200 && emu.get(path).status == 200;
  REQUIRE(steady);
  CHECK(steady_clock::now() - created_at >= milliseconds(3000));
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["total"] == 1);
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["total"] == 1);

  // Combined with integrationVisibleAfterMs, the flapping starts once the object is visible.
  REQUIRE(
      emu.control("PATCH", "/emulator/config", {{"integrationVisibleAfterMs", 300}, {"integrationReadFlapMs", 3000}})
          .status == 200);
  auto later = create(emu, "visible-then-flapping");
  CHECK(emu.get(kIntegrations + "/" + later).status == 404);
  bool found = false;
  for (auto deadline = steady_clock::now() + std::chrono::seconds(5); !found && steady_clock::now() < deadline;
       std::this_thread::sleep_for(milliseconds(20)))
    found = emu.get(kIntegrations + "/" + later).status == 200;
  REQUIRE(found);
  CHECK(emu.get(kIntegrations + "/" + later).status == 404);
  CHECK(emu.get(kIntegrations + "/" + later).status == 200);
}

TEST_CASE("integrationStaleStateMs: after a write, reads report the reportedState from before it for a while",
          "[emulator][integrations]") {
  using std::chrono::milliseconds;
  using std::chrono::steady_clock;
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"integrationStateDelayMs", 50},
                       {"integrationStaleStateMs", 1500},
                       {"rejectedAwsAccountIds", {"999999999999"}}})
              .status == 200);
  CHECK(emu.control("GET", "/emulator/config").body["integrationStaleStateMs"] == 1500);
  auto id = create_configured(emu, "stale", "stale");
  const std::string path = kIntegrations + "/" + id;
  // Waits until the object's reads report `code`; returns how long that took from `since`.
  auto until_reported = [&](const std::string& code, steady_clock::time_point since) {
    for (auto deadline = steady_clock::now() + std::chrono::seconds(10); steady_clock::now() < deadline;
         std::this_thread::sleep_for(milliseconds(20)))
      if (emu.get(path).body["reportedState"]["code"] == code) return steady_clock::now() - since;
    FAIL("reads never reported " << code);
    return steady_clock::duration{};
  };

  // An intendedState PATCH: its own answer is new, reads (GET, listing) keep the old state.
  auto patched_at = steady_clock::now();
  auto enabled = emu.patch(path, {{"intendedState", "ENABLED"}});
  REQUIRE(enabled.status == 200);
  CHECK(enabled.body["reportedState"]["code"] == "ACTIVATING");
  auto read = emu.get(path).body;
  CHECK(read["intendedState"] == "ENABLED");
  CHECK(read["reportedState"]["code"] == "INACTIVE");
  CHECK(emu.get(kIntegrations + "?ids=" + id).body["entities"][0]["reportedState"]["code"] == "INACTIVE");
  CHECK(emu.get(kIntegrations + "?reportedState=INACTIVE&ids=" + id).body["total"] == 1);
  CHECK(emu.get(kIntegrations + "?reportedState=ACTIVE&ids=" + id).body["total"] == 0);
  // Then the real one, already ACTIVE (the transition took 50 ms), not before the window ends.
  // The window runs on the emulator's wall clock and this test times with the steady clock:
  // 100 ms of slack for the two (without the window, ACTIVE would read after about 50 ms).
  CHECK(until_reported("ACTIVE", patched_at) >= milliseconds(1400));
  CHECK(emu.get(kIntegrations + "?reportedState=ACTIVE&ids=" + id).body["total"] == 1);

  // A configuration PUT while enabled: reads keep showing ACTIVE while it really goes
  // ACTIVATING -> ERROR (the account rejects it), then ERROR.
  auto put_at = steady_clock::now();
  REQUIRE(emu.put(path + "/config/current", config_body("stale", 2, eventbridge_properties("stale", "999999999999")))
              .status == 200);
  CHECK(emu.get(path).body["reportedState"]["code"] == "ACTIVE");
  CHECK(until_reported("ERROR", put_at) >= milliseconds(1400));
  CHECK(emu.get(path).body["reportedState"]["detail"]["message"].get<std::string>().find("999999999999") !=
        std::string::npos);

  // Back to 0: the next write shows at once.
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"integrationStaleStateMs", 0}}).status == 200);
  REQUIRE(emu.patch(path, {{"intendedState", "DISABLED"}}).status == 200);
  auto shown = emu.get(path).body["reportedState"]["code"];
  CHECK((shown == "DEACTIVATING" || shown == "INACTIVE"));
}

TEST_CASE("integration types and their configuration schemas", "[emulator][integrations]") {
  EmulatorProcess emu;
  auto type = emu.get(kIntegrations + "/types/" + kType);
  REQUIRE(type.status == 200);
  CHECK(type.body["id"] == kType);
  CHECK(type.body["name"] == "Amazon EventBridge Source");
  CHECK(type.body["description"].is_string());
  CHECK(type.body["configPropertiesSchemaUri"] == kIntegrations + "/types/" + kType + "/configschemas/properties");
  CHECK(type.body["configAdvancedSchemaUri"] == kIntegrations + "/types/" + kType + "/configschemas/advanced");
  CHECK(type.body["credentials"].is_object());
  CHECK(type.body["maxInstances"].is_number_integer());
  CHECK(type.body["nonInstallable"] == false);
  CHECK(emu.get(kIntegrations + "/types/no-such-type").status == 404);
  CHECK(emu.get(kIntegrations + "/types").body["total"] == 2);

  auto schema = emu.get(type.body["configPropertiesSchemaUri"].get<std::string>());
  REQUIRE(schema.status == 200);
  const auto& s = schema.body;
  CHECK(s["id"].is_string());
  CHECK(s["$schema"].is_string());
  CHECK(s["title"].is_string());
  CHECK(s["type"] == "object");
  CHECK(s["required"] == nlohmann::json{"awsAccountId", "awsAccountRegion", "eventSourceSuffix", "eventFilter"});
  CHECK(s["properties"]["awsAccountId"]["type"] == "string");
  CHECK(s["properties"]["awsAccountRegion"]["type"] == "string");
  CHECK(s["properties"]["eventSourceSuffix"]["maxLength"] == 64);
  CHECK(s["properties"]["eventFilter"]["type"] == "array");
  CHECK(s["properties"]["eventFilter"]["items"]["type"] == "string");
  CHECK(s["additionalProperties"] == false);
  // The schema's topic list is the EventBridge topics of availabletopics.
  std::set<std::string> eventbridge_topics;
  auto topics = emu.get("/api/v2/notifications/availabletopics?expand=transports").body;
  for (const auto& t : topics["entities"])
    for (const auto& transport : t["transports"])
      if (transport == "EventBridge") eventbridge_topics.insert(t["id"].get<std::string>());
  CHECK(s["properties"]["eventFilter"]["items"]["enum"].get<std::set<std::string>>() == eventbridge_topics);

  CHECK(emu.get(type.body["configAdvancedSchemaUri"].get<std::string>()).body["type"] == "object");
  CHECK(emu.get(kIntegrations + "/types/" + kType + "/configschemas/other").status == 404);
  // A literal path segment wins over an id: PATCH on /types is 405, not a lookup of integration "types".
  CHECK(emu.patch(kIntegrations + "/types", {{"intendedState", "ENABLED"}}).status == 405);
}

TEST_CASE("integrations scopes: integrations writes, integrations:readonly reads", "[emulator][integrations]") {
  EmulatorProcess emu;
  for (auto [client, scope] : {std::pair{"reader", "integrations:readonly"}, std::pair{"writer", "integrations"}})
    REQUIRE(emu.control("POST", "/emulator/clients", {{"clientId", client}, {"clientSecret", "s"}, {"scopes", {scope}}})
                .status == 201);
  auto reader = emu.token("reader", "s");
  auto writer = emu.token("writer", "s");
  nlohmann::json body = {{"name", "scoped"}, {"integrationType", {{"id", kType}}}};
  auto refused = emu.request("POST", kIntegrations, &body, reader);
  REQUIRE(refused.status == 403);
  CHECK(refused.body["code"] == "missing.scope");
  CHECK(refused.body["message"].get<std::string>().find("integrations") != std::string::npos);
  auto created = emu.request("POST", kIntegrations, &body, writer);
  REQUIRE(created.status == 201);
  std::string path = kIntegrations + "/" + created.body["id"].get<std::string>();
  for (const auto& token : {reader, writer}) {
    CHECK(emu.request("GET", path, nullptr, token).status == 200);
    CHECK(emu.request("GET", path + "/config/current", nullptr, token).status == 200);
    CHECK(emu.request("GET", kIntegrations + "/types/" + kType, nullptr, token).status == 200);
  }
  nlohmann::json enable = {{"intendedState", "ENABLED"}};
  CHECK(emu.request("PATCH", path, &enable, reader).status == 403);
  CHECK(emu.request("DELETE", path, nullptr, reader).status == 403);
  auto other = emu.token();  // the demo client holds every scope
  CHECK(emu.request("DELETE", path, nullptr, other).status == 200);
}

TEST_CASE("integrations survive a reset only as the seeded one", "[emulator][integrations]") {
  EmulatorProcess emu;
  create(emu, "temporary");
  REQUIRE(emu.control("POST", "/emulator/reset").status == 204);
  auto all = emu.get(kIntegrations).body;
  REQUIRE(all["total"] == 1);
  CHECK(all["entities"][0]["id"] == kSeededId);
}
