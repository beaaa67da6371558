// genesysevents_eventbridge_source end to end with the real CLI: asynchronous create, update and
// delete jobs awaited, replacement on the topic, a failed job (tainted, replaced by the next
// apply), drift, import and plan-time validation. Sources need a VERIFIED target, so each test
// runs a local HTTPS receiver the emulator verifies against.
#include <catch2/catch.hpp>

#include <thread>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kPath = "/api/v2/eventbridge/sources";

// Every event type of the three seeded topics: a source's targets must carry all of its
// topic's (docs/design/source-compatibility.md), and these cases move the source between topics.
const char* kAllTopicsEventTypes =
    "[\"routing.queueEvent\", \"routing.contact.queued\", \"routing.contact.answered\", \"conversation.event\",\n"
    "                  \"QUEUE_MEMBER_ADDED\", \"QUEUE_MEMBER_REMOVED\",\n"
    "                  \"CONVERSATION_STARTED\", \"CONVERSATION_ENDED\"]";

std::string target_hcl(const HttpsReceiver& receiver, const std::string& event_types = kAllTopicsEventTypes) {
  return "resource \"genesysevents_eventbridge_target\" \"orders\" {\n"
         "  name         = \"orders\"\n"
         "  endpoint_url = \"" + receiver.url() + "\"\n"
         "  event_types  = " + event_types + "\n"
         "}\n";
}

// `topic` is an HCL expression: a quoted id or a reference.
std::string source_hcl(const std::string& topic, const std::string& extra = "",
                       const std::string& targets =
                           "[{ target_id = genesysevents_eventbridge_target.orders.id, priority = 1 }]") {
  return "resource \"genesysevents_eventbridge_source\" \"orders\" {\n"
         "  name           = \"orders\"\n"
         "  event_topic_id = " + topic + "\n"
         "  targets        = " + targets + "\n" + extra +
         "}\n";
}

const char* kFilters =
    "  filters = [{\n"
    "    name       = \"high-priority\"\n"
    "    conditions = [{ field = \"priority\", operator = \"equals\", value = \"high\" }]\n"
    "  }]\n";

// Waits until no job is pending on the source (changes made behind the CLI's back are jobs too).
json settled(Emulator& emu, const std::string& id) {
  for (int i = 0; i < 100; ++i) {
    auto r = emu.api("GET", std::string(kPath) + "/" + id);
    if (r.status == 404 || r.body.value("status", "") != "provisioning") return r.body;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("source " << id << " still provisioning");
  return nullptr;
}

}  // namespace

TEST_CASE("eventbridge_source lifecycle: create no-op update replace drift import destroy",
          "[eventbridge_source][compat][asan]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws(emu);
  LifecycleSteps steps(ws, emu, "genesysevents_eventbridge_source.orders", kPath);
  json created = steps.create(target_hcl(receiver) +
                              "data \"genesysevents_eventbridge_topic\" \"cx\" {\n  name = \"Genesys CX events\"\n}\n" +
                              source_hcl("data.genesysevents_eventbridge_topic.cx.id", kFilters));
  CHECK(created["status"] == "active");  // the create job finished before apply returned
  CHECK(created["eventTopicId"] == "genesys-cx-events");
  CHECK(created["filters"][0]["action"] == "route");
  auto state = steps.state_values();
  CHECK(state["id"] == steps.id());
  CHECK(state["status"] == "active");
  CHECK(ws.plan_exit_code() == 0);

  // In-place update: a second condition and a description (order of conditions is irrelevant).
  const std::string two_conditions =
      "  description = \"orders routing\"\n"
      "  filters = [{\n"
      "    name       = \"high-priority\"\n"
      "    conditions = [{ field = \"region\", operator = \"contains\", value = \"eu\" },\n"
      "                  { field = \"priority\", operator = \"equals\", value = \"high\" }]\n"
      "    action     = \"drop\"\n"
      "  }]\n";
  json after = steps.update(target_hcl(receiver) + source_hcl("\"genesys-cx-events\"", two_conditions));
  CHECK(after["status"] == "active");
  CHECK(after["description"] == "orders routing");
  CHECK(after["filters"][0]["conditions"].size() == 2);
  CHECK(after["filters"][0]["action"] == "drop");
  CHECK(ws.plan_exit_code() == 0);

  // Drift: the description changed behind the CLI's back.
  json changed = after;
  changed["description"] = "edited in the UI";
  for (const char* k : {"id", "status", "selfUri", "dateCreated", "dateModified"}) changed.erase(k);
  steps.put(changed, 202);
  settled(emu, steps.id());
  CHECK(steps.repair()["description"] == "orders routing");
  CHECK(ws.plan_exit_code() == 0);

  // Another topic replaces the source.
  json replaced = steps.replace(target_hcl(receiver) + source_hcl("\"genesys-queue-events\"", two_conditions));
  CHECK(replaced["eventTopicId"] == "genesys-queue-events");
  CHECK(ws.plan_exit_code() == 0);

  // Import by id.
  CHECK(steps.reimport() == 0);

  // Deleted behind the CLI's back.
  steps.recreate_after_remote_delete();
  CHECK(emu.list(kPath).size() == 1);

  // Destroy waits for the source's delete job, so the target (in use until then) goes too.
  steps.destroy();
  CHECK(emu.list("/api/v2/integrations/eventbridge/targets").empty());
}

TEST_CASE("eventbridge_source failed job: code and message quoted and tainted then replaced",
          "[eventbridge_source][failed]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws(emu);
  LifecycleSteps steps(ws, emu, "genesysevents_eventbridge_source.orders", kPath);
  auto r = steps.create_fails_tainted(target_hcl(receiver) + source_hcl("\"legacy-events\""));  // an inactive topic
  INFO(r.all());
  CHECK(r.err.find("topic.not.active") != std::string::npos);
  CHECK(r.err.find("legacy-events") != std::string::npos);
  CHECK(steps.object()["status"] == "failed");

  // Pointed at an active topic, the next apply replaces the failed source.
  CHECK(steps.replace(target_hcl(receiver) + source_hcl("\"genesys-cx-events\""))["status"] == "active");
  CHECK(ws.plan_exit_code() == 0);
}

TEST_CASE("eventbridge_source validation fails at plan time without calling the API",
          "[eventbridge_source][validation]") {
  Emulator emu;
  Workspace ws(emu);
  auto filters = [](int n_filters, int n_conditions, const std::string& op = "equals",
                    const std::string& action = "route") {
    std::string out = "  filters = [\n";
    for (int f = 0; f < n_filters; ++f) {
      out += "    { name = \"f" + std::to_string(f) + "\", action = \"" + action + "\", conditions = [";
      for (int c = 0; c < n_conditions; ++c) {
        out += std::string(c ? ", " : "") + "{ field = \"x" + std::to_string(c) + "\", operator = \"" + op +
               "\", value = \"v\" }";
      }
      out += "] },\n";
    }
    return out + "  ]\n";
  };
  const std::string one = "[{ target_id = \"t-1\", priority = 1 }]";
  expect_plan_errors(ws, emu, {
      {source_hcl("\"genesys-cx-events\"", filters(6, 1), one), "filters"},
      {source_hcl("\"genesys-cx-events\"", filters(1, 11), one), "filters[0].conditions"},
      {source_hcl("\"genesys-cx-events\"", filters(1, 1, "matches"), one), "operator"},
      {source_hcl("\"genesys-cx-events\"", filters(1, 1, "equals", "forward"), one), "filters[0].action"},
      {source_hcl("\"genesys-cx-events\"", "",
                  "[{ target_id = \"t-1\", priority = 1 }, { target_id = \"t-2\", priority = 3 }]"),
       "targets"},
      {source_hcl("\"genesys-cx-events\"", "", "[]"), "targets"},
      {source_hcl("\"genesys-cx-events\"", "  status = \"paused\"\n", one), "status"},
      {source_hcl("\"genesys-cx-events\"", "  webhook_url = \"http://hooks.example.com\"\n", one), "webhook_url"},
      {source_hcl("\"genesys-cx-events\"", "  source_type = \"kafka\"\n", one), "source_type"},
  });
}

TEST_CASE("eventbridge_source import block with -generate-config-out plans clean", "[eventbridge_source][import]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  std::string generated = import_applied_object(emu,
                                                target_hcl(receiver) + source_hcl("\"genesys-cx-events\"", kFilters),
                                                "genesysevents_eventbridge_source.orders");
  CHECK(generated.find("high-priority") != std::string::npos);
  CHECK(generated.find("genesys-cx-events") != std::string::npos);
  CHECK(emu.list(kPath).size() == 1);
}

TEST_CASE(
    "eventbridge_source compatibility: targets lacking the topic's event types are refused before any source request",
    "[eventbridge_source][compatibility]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws(emu);
  const std::string topic = "data \"genesysevents_eventbridge_topic\" \"cx\" {\n  name = \"Genesys CX events\"\n}\n";
  const std::string source = source_hcl("data.genesysevents_eventbridge_topic.cx.id");
  auto source_writes = [&](int64_t seq) {
    int n = 0;
    for (const auto& req : emu.api_requests_since(seq)) {
      n += req["method"] != "GET" && req["path"].get<std::string>().rfind(kPath, 0) == 0;
    }
    return n;
  };
  auto errors_about_orders = [](const CommandResult& r) {
    CHECK(r.err.find("EventBridge target \"orders\" lacks event types of topic") != std::string::npos);
    CHECK(r.err.find("routing.contact.queued") != std::string::npos);  // missing, named
  };

  // The target is new: its id is unknown at plan, so the plan passes; the apply plans the source
  // again once the target exists and stops there, before the source's create.
  ws.write("main.tf", topic + target_hcl(receiver, "[\"conversation.event\"]") + source);
  int64_t seq = emu.last_request_seq();
  auto plan = ws.run({"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.exit_code == 0);
  auto r = ws.apply();
  INFO(r.all());
  CHECK(r.exit_code == 1);
  errors_about_orders(r);
  CHECK(source_writes(seq) == 0);
  CHECK(emu.list(kPath).empty());
  CHECK(emu.list("/api/v2/integrations/eventbridge/targets").size() == 1);

  // Now the target exists: the plan itself refuses, with reads only.
  seq = emu.last_request_seq();
  plan = ws.run({"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.exit_code == 1);
  errors_about_orders(plan);
  for (const auto& req : emu.api_requests_since(seq)) CHECK(req["method"] == "GET");

  // Fixed in the target, one apply does it: the source's check judges the target by its plan.
  ws.write("main.tf", topic + target_hcl(receiver, "data.genesysevents_eventbridge_topic.cx.event_types") + source);
  r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1 added, 1 changed, 0 destroyed") != std::string::npos);
  REQUIRE(emu.list(kPath).size() == 1);
  CHECK(ws.plan_exit_code() == 0);

  // Limit (docs/design/source-compatibility.md): narrowing the target while the source stays
  // unchanged is not caught, since only a created or changed source is checked.
  ws.write("main.tf", topic + target_hcl(receiver, "[\"conversation.event\"]") + source);
  CHECK(ws.plan_exit_code() == 2);
  // ... but the next change to the source is.
  ws.write("main.tf", topic + target_hcl(receiver, "[\"conversation.event\"]") +
                          source_hcl("data.genesysevents_eventbridge_topic.cx.id", "  description = \"changed\"\n"));
  plan = ws.run({"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.exit_code == 1);
  errors_about_orders(plan);
}
