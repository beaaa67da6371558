// POST /emulator/events: fan-out, signatures, retries, delivery history.
#include "identifiers.h"
#include "bodies.h"
#include "support/emulator_process.h"
#include "support/receiver.h"
#include "support/tls_files.h"

#include <catch2/catch.hpp>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

namespace {

const std::string kHooks = "/api/v2/events/webhooks";
const std::string kSubs = "/api/v2/events/subscriptions";

}  // namespace

TEST_CASE("events reach matching enabled subscriptions, signed", "[emulator][events]") {
  Receiver receiver{process_tls_files()};
  EmulatorProcess emu({"--ca-file", process_tls_files().ca_file()});
  auto hook = webhook_body("signed", receiver.url("/signed"));
  hook["signingKey"] = "super-secret-key-123";
  hook["method"] = "PUT";
  hook["headerOverrides"] = {{"X-Team", "blue"}, {"content-type", "application/cloudevents+json"}};
  auto w = emu.post(kHooks, hook).body;
  auto sub = subscription_body("vip", w["id"]);
  sub["filter"]["attributes"] = {{"queue", "vip"}};
  REQUIRE(emu.post(kSubs, sub).status == 201);
  auto disabled = subscription_body("off", w["id"]);
  disabled["enabled"] = false;
  REQUIRE(emu.post(kSubs, disabled).status == 201);

  auto miss = emu.control(
      "POST", "/emulator/events",
      {{"eventType", "routing.queueEvent"}, {"attributes", {{"queue", "std"}}}, {"body", {{"n", 1}}}});
  REQUIRE(miss.status == 200);
  CHECK(miss.body["deliveries"].empty());
  CHECK(
      emu.control("POST", "/emulator/events", {{"eventType", "conversation.event"}, {"attributes", {{"queue", "vip"}}}})
          .body["deliveries"]
          .empty());

  auto hit = emu.control(
      "POST", "/emulator/events",
      {{"eventType", "routing.queueEvent"}, {"attributes", {{"queue", "vip"}}}, {"body", {{"n", 2}}}});
  REQUIRE(hit.status == 200);
  REQUIRE(hit.body["deliveries"].size() == 1);
  auto d = hit.body["deliveries"][0];
  CHECK(d["success"] == true);
  CHECK(d["statusCode"] == 200);
  CHECK(d["attempt"] == 1);
  CHECK(d["webhookId"] == w["id"]);
  CHECK(d["eventId"] == hit.body["eventId"]);

  REQUIRE(receiver.requests().size() == 1);
  auto call = receiver.requests()[0];
  CHECK(call.method == "PUT");
  CHECK(call.header("X-Team") == "blue");
  CHECK(call.header("Content-Type") == "application/cloudevents+json");  // overrides replace defaults
  CHECK(call.header("X-Genesys-Signature") == genesys_emulator::hmac_sha256_hex("super-secret-key-123", call.body));
  auto payload = nlohmann::json::parse(call.body);
  CHECK(payload["eventType"] == "routing.queueEvent");
  CHECK(payload["body"]["n"] == 2);
  CHECK(payload["id"] == hit.body["eventId"]);

  auto after = emu.get(kHooks + "/" + w["id"].get<std::string>()).body;
  CHECK(after["lastDeliveryStatus"] == "SUCCESS");
  CHECK(after["version"] == 1);
  auto history = emu.get(kHooks + "/" + w["id"].get<std::string>() + "/deliveries").body;
  REQUIRE(history["total"] == 1);
  auto record = history["entities"][0];
  for (const char* key : {"id", "eventId", "eventType", "timestamp", "statusCode", "success", "durationMs", "attempt"})
    CHECK(record.contains(key));

  CHECK(emu.control("POST", "/emulator/events", {{"eventType", "nope"}}).status == 400);
  CHECK(only_field(emu.control("POST", "/emulator/events", {{"body", 1}}).body) == "eventType");
}

TEST_CASE("failed deliveries are retried per the webhook's policy", "[emulator][events]") {
  Receiver receiver{process_tls_files()};
  EmulatorProcess emu({"--ca-file", process_tls_files().ca_file()});
  auto hook = webhook_body("retry", receiver.url());
  hook["retryPolicy"] = {{"retryCount", 2}, {"retryIntervalSeconds", 1}};
  auto w = emu.post(kHooks, hook).body;
  REQUIRE(emu.post(kSubs, subscription_body("s", w["id"])).status == 201);

  receiver.script({500, 503, 200});
  auto ok = emu.control("POST", "/emulator/events", {{"eventType", "routing.queueEvent"}}).body;
  REQUIRE(ok["deliveries"].size() == 3);
  CHECK(ok["deliveries"][0]["success"] == false);
  CHECK(ok["deliveries"][0]["statusCode"] == 500);
  CHECK(ok["deliveries"][2]["attempt"] == 3);
  CHECK(ok["deliveries"][2]["success"] == true);
  CHECK(emu.get(kHooks + "/" + w["id"].get<std::string>()).body["lastDeliveryStatus"] == "SUCCESS");

  receiver.set_status(500);
  auto failed = emu.control("POST", "/emulator/events", {{"eventType", "routing.queueEvent"}}).body;
  CHECK(failed["deliveries"].size() == 3);  // 1 + retryCount
  CHECK(emu.get(kHooks + "/" + w["id"].get<std::string>()).body["lastDeliveryStatus"] == "FAILED");
  CHECK(emu.get(kHooks + "/" + w["id"].get<std::string>() + "/deliveries").body["total"] == 6);
  CHECK(receiver.requests().size() == 6);
}
