// genesysevents_event_subscription end to end with the real CLI: lifecycle, drift, import and
// plan-time validation.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kSubscriptionsPath = "/api/v2/events/subscriptions";

std::string webhook_hcl() {
  return "resource \"genesysevents_webhook\" \"ops\" {\n"
         "  name            = \"ops-events\"\n"
         "  destination_url = \"https://hooks.example.com/genesys\"\n"
         "}\n";
}

std::string subscription_hcl(const std::string& filter, const std::string& extra = "",
                             const std::string& webhook_id = "genesysevents_webhook.ops.id") {
  return "resource \"genesysevents_event_subscription\" \"queue\" {\n"
         "  name       = \"queue-events\"\n"
         "  webhook_id = " + webhook_id + "\n"
         "  filter     = " + filter + "\n" + extra +
         "}\n";
}

}  // namespace

TEST_CASE("event_subscription lifecycle: create no-op update drift import destroy", "[event_subscription][compat][asan]") {
  Emulator emu;
  Workspace ws(emu);
  LifecycleSteps steps(ws, emu, "genesysevents_event_subscription.queue", kSubscriptionsPath);
  json s = steps.create(webhook_hcl() +
                        subscription_hcl("{ event_type = [\"routing.queueEvent\", \"routing.contact.queued\"], "
                                         "attributes = { queueId = \"q-1\" } }"));
  const std::string id = steps.id();
  CHECK(s["webhookId"] == emu.list("/api/v2/events/webhooks").at(0)["id"]);
  CHECK(s["filter"]["attributes"]["queueId"] == "q-1");
  CHECK(s["enabled"] == true);
  CHECK(s["deliveryMode"] == "PUSH");
  auto state = steps.state_values();
  CHECK(state["id"] == id);
  CHECK(state["delivery_mode"] == "PUSH");
  // Event types are a set: order in the configuration never matters.
  CHECK(ws.plan_exit_code() == 0);
  ws.write("main.tf", webhook_hcl() + subscription_hcl(
                                          "{ event_type = [\"routing.contact.queued\", \"routing.queueEvent\"], "
                                          "attributes = { queueId = \"q-1\" } }"));
  CHECK(ws.plan_exit_code() == 0);

  // In-place update.
  json after = steps.update(webhook_hcl() + subscription_hcl("{ event_type = [\"conversation.event\"] }",
                                                             "  enabled   = false\n  transform = \"$.body\"\n"));
  CHECK(after["version"] == 2);
  CHECK(after["enabled"] == false);
  CHECK(after["transform"] == "$.body");
  CHECK(after["filter"]["eventType"] == json::array({"conversation.event"}));
  CHECK(ws.plan_exit_code() == 0);

  // Drift: changed behind the CLI's back, then repaired.
  after["enabled"] = true;
  after["filter"]["eventType"] = json::array({"routing.queueEvent"});
  steps.put(after);
  json fixed = steps.repair();
  CHECK(fixed["enabled"] == false);
  CHECK(fixed["filter"]["eventType"] == json::array({"conversation.event"}));
  CHECK(ws.plan_exit_code() == 0);

  // Import: forget it, import it by id, and the configuration matches.
  CHECK(steps.reimport() == 0);

  // Deleted behind the CLI's back: planned again and recreated.
  steps.recreate_after_remote_delete();
  REQUIRE(emu.list(kSubscriptionsPath).size() == 1);
  CHECK(emu.list(kSubscriptionsPath)[0]["id"] != id);
  CHECK(ws.plan_exit_code() == 0);

  steps.destroy();
}

TEST_CASE("event_subscription validation fails at plan time without calling the API",
          "[event_subscription][validation]") {
  Emulator emu;
  Workspace ws(emu);
  const std::string webhook = "\"some-webhook\"";
  expect_plan_errors(ws, emu, {
      {subscription_hcl("{ event_type = [] }", "", webhook), "filter.event_type"},
      {subscription_hcl("{ event_type = [\"conversation.event\"] }", "  delivery_mode = \"PULL\"\n", webhook),
       "delivery_mode"},
      {subscription_hcl("{ event_type = [\"conversation.event\"] }",
                        "  transform = \"" + std::string(4097, 'x') + "\"\n", webhook),
       "transform"},
  });
}

TEST_CASE("event_subscription import block with -generate-config-out plans clean", "[event_subscription][import]") {
  Emulator emu;
  std::string generated = import_applied_object(
      emu,
      webhook_hcl() + subscription_hcl("{ event_type = [\"routing.queueEvent\"], "
                                       "attributes = { queueId = \"q-1\" } }",
                                       "  transform = \"$.body\"\n"),
      "genesysevents_event_subscription.queue");
  CHECK(generated.find("queue-events") != std::string::npos);
  CHECK(generated.find("routing.queueEvent") != std::string::npos);
  CHECK(emu.list(kSubscriptionsPath).size() == 1);
}
