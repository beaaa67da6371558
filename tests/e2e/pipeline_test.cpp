// The pipeline example (examples/pipeline, issue 4) end to end with the real CLI: applied as
// shipped, a clean second plan, a published event delivered to the webhook with a correct
// HMAC-SHA256 signature that a tampered body fails (and a non-matching event not delivered),
// then a destroy that leaves the emulator empty. One local HTTPS receiver plays both the
// EventBridge target's endpoint (/target, which the emulator verifies) and the webhook's endpoint
// (/webhook).
#include <catch2/catch.hpp>

#include <cstdio>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kSigningKey = "pipeline-signing-key-0123456789";

// Copies the example's *.tf files into the workspace, unchanged.
void copy_example(Workspace& ws, const std::string& name) {
  fs::path dir = fs::path(GE_SOURCE_DIR) / "examples" / name;
  int copied = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".tf") continue;
    ws.write(entry.path().filename().string(), read_file(entry.path()));
    ++copied;
  }
  REQUIRE(copied > 0);
}

std::string hcl_string(const std::string& s) { return json(s).dump(); }  // "..." with escapes

}  // namespace

TEST_CASE("pipeline example: apply then clean plan then signed delivery then destroy", "[pipeline]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws;
  copy_example(ws, "pipeline");  // brings its own provider block: no use_emulator()
  ws.write("terraform.tfvars", "api_url            = " + hcl_string(emu.url()) + "\n" +
                                   "oauthclient_id     = \"demo-client\"\n"
                                   "oauthclient_secret = \"demo-secret\"\n"
                                   "webhook_url        = " + hcl_string(receiver.url("/webhook")) + "\n" +
                                   "target_url         = " + hcl_string(receiver.url("/target")) + "\n" +
                                   "signing_key        = " + hcl_string(kSigningKey) + "\n");
  ws.init();
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("6 added") != std::string::npos);
  CHECK(r.all().find(kSigningKey) == std::string::npos);  // sensitive: never printed

  // Every object exists on the emulator, wired together as the example says.
  json outputs = ws.outputs();
  auto output = [&](const char* name) { return outputs.at(name).at("value").get<std::string>(); };

  auto targets = emu.list("/api/v2/integrations/eventbridge/targets");
  REQUIRE(targets.size() == 1);
  CHECK(targets[0]["id"] == output("target_id"));
  CHECK(targets[0]["status"] == "VERIFIED");
  CHECK(targets[0]["endpointUrl"] == receiver.url("/target"));
  CHECK(output("target_status") == "VERIFIED");
  CHECK_FALSE(receiver.requests("/target").empty());  // the verification challenge reached it

  auto sources = emu.list("/api/v2/eventbridge/sources");
  REQUIRE(sources.size() == 1);
  CHECK(sources[0]["id"] == output("source_id"));
  CHECK(sources[0]["status"] == "active");
  CHECK(sources[0]["eventTopicId"] == "genesys-cx-events");
  CHECK(sources[0]["targets"][0]["targetId"] == output("target_id"));
  CHECK(output("topic_id") == "genesys-cx-events");

  auto webhooks = emu.list("/api/v2/events/webhooks");
  REQUIRE(webhooks.size() == 1);
  CHECK(webhooks[0]["id"] == output("webhook_id"));
  CHECK(webhooks[0]["destinationUrl"] == receiver.url("/webhook"));
  CHECK_FALSE(webhooks[0].contains("signingKey"));

  auto subscriptions = emu.list("/api/v2/events/subscriptions");
  REQUIRE(subscriptions.size() == 1);
  CHECK(subscriptions[0]["id"] == output("event_subscription_id"));
  CHECK(subscriptions[0]["webhookId"] == output("webhook_id"));
  CHECK(subscriptions[0]["filter"]["eventType"] == json::array({"routing.queueEvent"}));
  CHECK(subscriptions[0]["filter"]["attributes"]["queueId"] == "support");

  auto destinations = emu.list("/api/v2/integrations/destinations");
  REQUIRE(destinations.size() == 1);
  CHECK(destinations[0]["id"] == output("destination_id"));

  auto eb_subscriptions = emu.list("/api/v2/events/eventbridgesubscriptions");
  REQUIRE(eb_subscriptions.size() == 1);
  CHECK(eb_subscriptions[0]["id"] == output("eventbridge_subscription_id"));
  CHECK(eb_subscriptions[0]["topicArn"] == "arn:aws:events:us-east-1:123456789012:topic/genesys-cx-events");

  // Nothing to change on a second plan.
  CHECK(ws.plan_exit_code() == 0);

  // An event the subscription's filter does not match (another queue) is not delivered.
  auto miss = emu.control("POST", "/emulator/events",
                          {{"eventType", "routing.queueEvent"}, {"attributes", {{"queueId", "sales"}}},
                           {"body", {{"waiting", 1}}}});
  REQUIRE(miss.status == 200);
  CHECK(miss.body["deliveries"].empty());
  CHECK(receiver.requests("/webhook").empty());

  // A matching event is delivered once, signed with the example's signing key.
  auto event = emu.control("POST", "/emulator/events",
                           {{"eventType", "routing.queueEvent"}, {"attributes", {{"queueId", "support"}}},
                            {"body", {{"waiting", 3}, {"note", "caf\u00e9 \"queue\""}}}});
  INFO(event.body.dump());
  REQUIRE(event.status == 200);
  std::string event_id = event.body.at("eventId");
  REQUIRE(event.body["deliveries"].size() == 1);
  const json& delivery = event.body["deliveries"][0];
  CHECK(delivery["webhookId"] == output("webhook_id"));
  CHECK(delivery["subscriptionId"] == output("event_subscription_id"));
  CHECK(delivery["success"] == true);
  CHECK(delivery["statusCode"] == 200);

  auto received = receiver.requests("/webhook");  // deliveries are synchronous: already here
  REQUIRE(received.size() == 1);
  const auto& req = received[0];
  INFO(req.body);
  CHECK(req.method == "POST");
  json body = json::parse(req.body);
  CHECK(body["id"] == event_id);
  CHECK(body["eventType"] == "routing.queueEvent");
  CHECK(body["attributes"]["queueId"] == "support");
  CHECK(body["body"]["waiting"] == 3);
  CHECK(req.headers.count("x-genesys-event-id") == 1);
  CHECK(req.headers.at("x-genesys-event-id") == event_id);
  REQUIRE(req.headers.count("x-genesys-signature") == 1);
  const std::string& signature = req.headers.at("x-genesys-signature");
  CHECK(signature_verifies(kSigningKey, req.body, signature));
  // The signature sent does not verify a tampered copy of the body, nor the body under another key.
  CHECK_FALSE(signature_verifies(kSigningKey, with_one_byte_changed(req.body), signature));
  CHECK_FALSE(signature_verifies("some-other-signing-key", req.body, signature));

  // Destroy removes everything, in dependency order (the source's delete job first).
  r = ws.run({"destroy", "-auto-approve", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("6 destroyed") != std::string::npos);
  CHECK(emu.list("/api/v2/events/webhooks").empty());
  CHECK(emu.list("/api/v2/events/subscriptions").empty());
  CHECK(emu.list("/api/v2/events/eventbridgesubscriptions").empty());
  CHECK(emu.list("/api/v2/integrations/eventbridge/targets").empty());
  CHECK(emu.list("/api/v2/eventbridge/sources").empty());
  CHECK(emu.list("/api/v2/integrations/destinations").empty());
  CHECK(ws.resources().empty());
}
