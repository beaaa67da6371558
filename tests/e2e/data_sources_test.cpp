// The data sources end to end with the real CLI: genesysevents_eventbridge_topic (by id, by
// name, no match, several matches, neither or both set) and genesysevents_event_types.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

TEST_CASE("eventbridge_topic data source: by id and by name", "[data_source][eventbridge_topic][compat]") {
  Emulator emu;
  Workspace ws(emu,
               "data \"genesysevents_eventbridge_topic\" \"by_id\" {\n  id = \"genesys-queue-events\"\n}\n"
               "data \"genesysevents_eventbridge_topic\" \"by_name\" {\n  name = \"genesys cx EVENTS\"\n}\n"
               "output \"by_id\" {\n  value = data.genesysevents_eventbridge_topic.by_id\n}\n"
               "output \"by_name\" {\n  value = data.genesysevents_eventbridge_topic.by_name\n}\n");
  ws.apply_ok();
  json out = ws.outputs();
  const json& by_id = out["by_id"]["value"];
  CHECK(by_id["name"] == "Genesys queue events");
  CHECK(by_id["status"] == "active");
  CHECK(by_id["event_types"].size() == 3);
  const json& by_name = out["by_name"]["value"];
  CHECK(by_name["id"] == "genesys-cx-events");
  CHECK(by_name["name"] == "Genesys CX events");
  CHECK(by_name["status"] == "active");
  CHECK(by_name["description"].is_string());
  CHECK(ws.plan_exit_code() == 0);
}

TEST_CASE("eventbridge_topic data source: clear errors unless exactly one topic matches",
          "[data_source][eventbridge_topic][validation]") {
  Emulator emu;
  // Two topics whose names differ only in case. Topics are the platform's, not the user's; the
  // emulator's topic control refuses only a duplicate id (docs/emulator.md), so this always seeds.
  for (const auto& [id, name] : {std::pair{"twin-a", "Twins"}, std::pair{"twin-b", "twins"}}) {
    auto seeded =
        emu.control("POST", "/emulator/topics", {{"id", id}, {"name", name}, {"eventTypes", {"conversation.event"}}});
    INFO(seeded.body.dump());
    REQUIRE(seeded.status == 201);
  }
  Workspace ws(emu);
  struct Case {
    std::string body, expected;
    bool at_plan_time;  // rejected before any API call
  };
  const std::vector<Case> cases = {
      {"  name = \"No such topic\"\n", "No genesysevents_eventbridge_topic named \"No such topic\"", false},
      {"  id = \"no-such-topic\"\n", "no-such-topic", false},
      {"", "Exactly one of `id`, `name` must be set", true},
      {"  id = \"twin-a\"\n  name = \"Twins\"\n", "Exactly one of `id`, `name` must be set", true},
      {"  name = \"Twins\"\n", "twin-a, twin-b", false},
  };
  for (const auto& c : cases) {
    ws.write("main.tf", "data \"genesysevents_eventbridge_topic\" \"t\" {\n" + c.body + "}\n");
    int64_t seq = emu.last_request_seq();
    auto r = ws.run({"plan", "-no-color"});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(c.expected) != std::string::npos);
    if (c.at_plan_time) CHECK(emu.api_requests_since(seq).empty());
  }
}

TEST_CASE("event_types data source: the whole catalog", "[data_source][event_types]") {
  Emulator emu;
  Workspace ws(emu,
               "data \"genesysevents_event_types\" \"all\" {}\n"
               "output \"ids\" {\n  value = [for t in data.genesysevents_event_types.all.event_types : t.id]\n}\n");
  ws.apply_ok();
  json ids = ws.outputs()["ids"]["value"];
  auto all = emu.list("/api/v2/events/eventtypes");
  CHECK(ids.size() == all.size());
  CHECK(std::find(ids.begin(), ids.end(), "routing.queueEvent") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "CONVERSATION_STARTED") != ids.end());
  CHECK(ws.plan_exit_code() == 0);
}
