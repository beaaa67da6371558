// genesysevents_eventbridge_subscription end to end with the real CLI: lifecycle, JSON filter
// policy compared semantically, replacement on topic_arn, drift, import, the organization limit
// and plan-time validation.
#include <catch2/catch.hpp>

#include <algorithm>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kPath = "/api/v2/events/eventbridgesubscriptions";
const char* kTopic = "arn:aws:events:us-east-1:123456789012:topic/genesys-cx-events";
const char* kRole = "arn:aws:iam::123456789012:role/genesys";

std::string subscription_hcl(const std::string& label, const std::string& name, const std::string& topic,
                             const std::string& extra = "", const std::string& url = "https://api.example.com/events",
                             const std::string& role = kRole) {
  return "resource \"genesysevents_eventbridge_subscription\" \"" + label + "\" {\n"
         "  name        = \"" + name + "\"\n"
         "  topic_arn   = \"" + topic + "\"\n"
         "  destination = { url = \"" + url + "\", role_arn = \"" + role + "\" }\n" + extra +
         "}\n";
}

}  // namespace

TEST_CASE("eventbridge_subscription lifecycle: create no-op update replace drift import destroy",
          "[eventbridge_subscription][compat][asan]") {
  Emulator emu;
  Workspace ws(emu);
  LifecycleSteps steps(ws, emu, "genesysevents_eventbridge_subscription.cc", kPath);
  // A filter policy written by hand, with spacing and key order jsonencode would not produce.
  json created = steps.create(subscription_hcl("cc", "contact-center", kTopic,
                                               "  filter_policy = \"{ \\\"region\\\": [\\\"eu\\\"], \\\"eventType\\\": "
                                               "[\\\"routing.contact.queued\\\"] }\"\n"));
  CHECK(created["filterPolicy"]["eventType"] == json::array({"routing.contact.queued"}));
  CHECK(created["destination"]["roleArn"] == kRole);
  CHECK(created["enabled"] == true);
  CHECK(ws.plan_exit_code() == 0);

  // The same document through jsonencode: no change.
  ws.write("main.tf", subscription_hcl("cc", "contact-center", kTopic,
                                       "  filter_policy = jsonencode({ eventType = [\"routing.contact.queued\"], "
                                       "region = [\"eu\"] })\n"));
  CHECK(ws.plan_exit_code() == 0);

  // In-place update.
  const std::string answered =
      "  filter_policy = jsonencode({ eventType = [\"routing.contact.answered\"] })\n"
      "  enabled       = false\n";
  json after = steps.update(subscription_hcl("cc", "contact-center", kTopic, answered));
  CHECK(after["version"] == 2);
  CHECK(after["enabled"] == false);
  CHECK(after["filterPolicy"] == json({{"eventType", {"routing.contact.answered"}}}));
  CHECK(ws.plan_exit_code() == 0);

  // Drift: changed behind the CLI's back.
  after["filterPolicy"] = {{"eventType", {"conversation.event"}}};
  steps.put(after);
  CHECK(steps.repair()["filterPolicy"]["eventType"] == json::array({"routing.contact.answered"}));
  CHECK(ws.plan_exit_code() == 0);

  // A new topic replaces the subscription.
  const std::string other_topic = "arn:aws:events:eu-west-1:123456789012:topic/queue-events";
  json replaced = steps.replace(subscription_hcl("cc", "contact-center", other_topic, answered));
  CHECK(replaced["topicArn"] == other_topic);
  CHECK(ws.plan_exit_code() == 0);

  // Import by id.
  CHECK(steps.reimport() == 0);

  // Deleted behind the CLI's back.
  steps.recreate_after_remote_delete();
  CHECK(emu.list(kPath).size() == 1);

  steps.destroy();
}

TEST_CASE("eventbridge_subscription at the organization limit fails before creating",
          "[eventbridge_subscription][limit]") {
  Emulator emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"subscriptionLimit", 2}}).status == 200);
  for (int i = 0; i < 2; ++i) {
    REQUIRE(emu.api("POST", kPath,
                    {{"name", "existing-" + std::to_string(i)},
                     {"topicArn", kTopic},
                     {"destination", {{"url", "https://api.example.com/e"}, {"roleArn", kRole}}}})
                .status == 201);
  }
  Workspace ws(emu, subscription_hcl("one_more", "one-more", kTopic));
  int64_t seq = emu.last_request_seq();
  auto r = ws.apply();
  INFO(r.all());
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("organization limit reached") != std::string::npos);
  CHECK(r.err.find("eventbridge.subscriptions.max") != std::string::npos);
  for (const auto& req : emu.api_requests_since(seq)) CHECK_FALSE(req["method"] == "POST");
  CHECK(emu.list(kPath).size() == 2);
  CHECK(ws.resources().empty());

  // Below the limit again, the same configuration applies.
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"subscriptionLimit", 3}}).status == 200);
  ws.apply_ok();
  CHECK(emu.list(kPath).size() == 3);
}

TEST_CASE("eventbridge_subscription refused by the API's own limit check gets the preflight's message",
          "[eventbridge_subscription][limit]") {
  Emulator emu;
  // Room for one more, and two creates in one apply: both preflights count 0 of 1 (the POSTs are
  // held back until both counts are done), so the API's own check refuses the second one.
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"subscriptionLimit", 1},
                       {"faults", json::array({{{"path", kPath}, {"method", "POST"}, {"latencyMs", 3000}}})}})
              .status == 200);
  Workspace ws(emu, subscription_hcl("a", "race-a", kTopic) + subscription_hcl("b", "race-b", kTopic));
  int64_t seq = emu.last_request_seq();
  auto r = ws.apply({"-parallelism=2"});
  INFO(r.all());
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("organization limit reached") != std::string::npos);
  CHECK(r.err.find("The API refused the create") != std::string::npos);
  CHECK(r.err.find("eventbridge.subscriptions.max") != std::string::npos);
  CHECK(r.err.find("already holds 0") == std::string::npos);  // not the preflight's refusal
  int limit_reads = 0;
  std::vector<int> post_statuses;
  for (const auto& req : emu.api_requests_since(seq)) {
    if (req["path"] == "/api/v2/organizations/limits/namespaces/events") ++limit_reads;
    if (req["method"] == "POST" && req["path"] == kPath) post_statuses.push_back(req["status"].get<int>());
  }
  CHECK(limit_reads == 2);  // both preflights ran and passed
  std::sort(post_statuses.begin(), post_statuses.end());
  CHECK(post_statuses == std::vector<int>{201, 400});
  CHECK(emu.list(kPath).size() == 1);
  CHECK(ws.resources().size() == 1);
}

TEST_CASE("eventbridge_subscription validation fails at plan time without calling the API",
          "[eventbridge_subscription][validation]") {
  Emulator emu;
  Workspace ws(emu);
  expect_plan_errors(ws, emu, {
      {subscription_hcl("bad", "bad", "arn:aws:sns:us-east-1:123:topic/x"), "topic_arn"},
      {subscription_hcl("bad", "bad", kTopic, "", "http://api.example.com/events"), "destination.url"},
      {subscription_hcl("bad", "bad", kTopic, "", "https://api.example.com/events", "arn:aws:iam::12:role/x"),
       "destination.role_arn"},
      {subscription_hcl("bad", "bad", kTopic, "  filter_policy = jsonencode({ eventType = \"x\" })\n"),
       "filter_policy"},
      {subscription_hcl("bad", "bad", kTopic, "  filter_policy = jsonencode({ eventType = [] })\n"), "filter_policy"},
  });
}

TEST_CASE("eventbridge_subscription import block with -generate-config-out plans clean",
          "[eventbridge_subscription][import]") {
  Emulator emu;
  std::string generated = import_applied_object(
      emu,
      subscription_hcl("cc", "contact-center", kTopic,
                       "  filter_policy = jsonencode({ eventType = [\"routing.contact.queued\"], "
                       "priority = [1, 2] })\n  enabled = false\n"),
      "genesysevents_eventbridge_subscription.cc");
  CHECK(generated.find("contact-center") != std::string::npos);
  CHECK(generated.find("routing.contact.queued") != std::string::npos);
  CHECK(emu.list(kPath).size() == 1);
}
