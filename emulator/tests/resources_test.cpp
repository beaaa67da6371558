// Event types, event subscriptions, EventBridge subscriptions, topics,
// destinations and limits (docs/reference/api-contract.md, one section each).
#include "bodies.h"
#include "support/emulator_process.h"

#include <catch2/catch.hpp>

#include <set>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

namespace {

std::string field_of(EmulatorProcess& emu, const std::string& path, const nlohmann::json& body) {
  auto res = emu.post(path, body);
  INFO("body: " << body.dump() << " -> " << res.raw);
  REQUIRE(res.status == 400);
  return only_field(res.body);
}

}  // namespace

TEST_CASE("event type catalog holds the contract's entries", "[emulator][eventtypes]") {
  EmulatorProcess emu;
  auto page = emu.get("/api/v2/events/eventtypes?pageSize=100").body;
  std::set<std::string> ids;
  for (const auto& e : page["entities"]) {
    ids.insert(e["id"].get<std::string>());
    CHECK(e["description"].is_string());
  }
  for (const char* id : {"routing.queueEvent", "routing.contact.queued", "routing.contact.answered",
                         "conversation.event", "QUEUE_MEMBER_ADDED", "CONVERSATION_STARTED"})
    CHECK(ids.count(id) == 1);
  CHECK(emu.get("/api/v2/events/eventtypes?name=conversation.event").body["total"] == 1);
}

TEST_CASE("event subscriptions validate filter, webhook and transform", "[emulator][subscriptions]") {
  EmulatorProcess emu;
  const std::string base = "/api/v2/events/subscriptions";
  auto webhook = emu.post("/api/v2/events/webhooks", webhook_body("w")).body["id"].get<std::string>();
  auto created = emu.post(base, subscription_body("s", webhook));
  REQUIRE(created.status == 201);
  CHECK(created.body["enabled"] == true);
  CHECK(created.body["deliveryMode"] == "PUSH");
  CHECK(created.body["version"] == 1);
  CHECK(created.body["filter"]["eventType"] == nlohmann::json{"routing.queueEvent"});

  auto with = [&](const std::string& key, nlohmann::json value) {
    auto b = subscription_body("x", webhook);
    b[key] = std::move(value);
    return b;
  };
  CHECK(field_of(emu, base, with("webhookId", "no-such-webhook")) == "webhookId");
  CHECK(field_of(emu, base, with("filter", {{"eventType", nlohmann::json::array()}})) == "filter.eventType");
  CHECK(field_of(emu, base, with("filter", {{"eventType", {"routing.queueEvent", "nope"}}})) == "filter.eventType[1]");
  CHECK(field_of(emu, base, with("filter", {{"eventType", {"routing.queueEvent"}}, {"attributes", {{"a", 1}}}})) ==
        "filter.attributes.a");
  CHECK(field_of(emu, base, with("deliveryMode", "PULL")) == "deliveryMode");
  CHECK(field_of(emu, base, with("transform", std::string(4097, 't'))) == "transform");
  CHECK(field_of(emu, base, with("enabled", 1)) == "enabled");
  CHECK(field_of(emu, base, {{"name", "x"}, {"webhookId", webhook}}) == "filter");
  CHECK(emu.post(base, with("transform", nullptr)).status == 201);
  CHECK(emu.post(base, subscription_body("S", webhook)).status == 409);
  CHECK(emu.get(base).body["total"] == 2);
}

TEST_CASE("EventBridge subscriptions check ARNs, filter policy and the org limit", "[emulator][eventbridge]") {
  EmulatorProcess emu;
  const std::string base = "/api/v2/events/eventbridgesubscriptions";
  auto created = emu.post(base, eb_subscription_body("e0"));
  REQUIRE(created.status == 201);
  CHECK(created.body["enabled"] == true);

  auto with = [](const std::string& key, nlohmann::json value) {
    auto b = eb_subscription_body("x");
    b[key] = std::move(value);
    return b;
  };
  CHECK(field_of(emu, base, with("topicArn", "arn:aws:events:us-east-1:12345:topic/x")) == "topicArn");
  CHECK(field_of(emu, base, with("filterPolicy", {{"detail", nlohmann::json::array()}})) == "filterPolicy.detail");
  CHECK(field_of(emu, base, with("filterPolicy", {{"detail", {{{"a", 1}}}}})) == "filterPolicy.detail[0]");
  CHECK(field_of(emu, base, with("filterPolicy", {{"detail", "x"}})) == "filterPolicy.detail");
  CHECK(field_of(emu, base,
                 with("destination", {{"url", "http://x.example"}, {"roleArn", "arn:aws:iam::123456789012:role/r"}})) ==
        "destination.url");
  CHECK(
      field_of(emu, base, with("destination", {{"url", "https://x.example"}, {"roleArn", "arn:aws:iam::1:role/r"}})) ==
      "destination.roleArn");
  CHECK(emu.post(base, with("filterPolicy", {{"a", {"x", 1, true}}})).status == 201);

  REQUIRE(emu.control("PATCH", "/emulator/config", {{"subscriptionLimit", 3}}).status == 200);
  CHECK(emu.post(base, eb_subscription_body("e2")).status == 201);
  auto over = emu.post(base, eb_subscription_body("e3"));
  REQUIRE(over.status == 400);
  CHECK(over.body["code"] == "subscription.limit.reached");
  auto limits = emu.get("/api/v2/organizations/limits/namespaces/events").body;
  bool found = false;
  for (const auto& l : limits["limits"])
    if (l["key"] == "eventbridge.subscriptions.max") found = l["value"] == 3;
  CHECK(found);
}

TEST_CASE("topics are seeded and read-only", "[emulator][topics]") {
  EmulatorProcess emu;
  auto active = emu.get("/api/v2/eventbridge/topics/genesys-cx-events");
  REQUIRE(active.status == 200);
  CHECK(active.body["status"] == "active");
  CHECK(active.body["eventTypes"].size() >= 1);
  CHECK(active.body["name"].is_string());
  CHECK(emu.get("/api/v2/eventbridge/topics/legacy-events").body["status"] == "inactive");
  CHECK(emu.get("/api/v2/eventbridge/topics/nope").status == 404);
  CHECK(emu.post("/api/v2/eventbridge/topics", {{"name", "x"}}).status == 405);
  CHECK(emu.get("/api/v2/eventbridge/topics?name=legacy%20EVENTS").body["total"] == 1);
}

TEST_CASE("integration destinations check the auth header template, batch size and region",
          "[emulator][destinations]") {
  EmulatorProcess emu;
  const std::string base = "/api/v2/integrations/destinations";
  auto created = emu.post(base, destination_body("d"));
  REQUIRE(created.status == 201);
  CHECK(created.body["destinationType"] == "eventbridge");
  CHECK(created.body["region"] == "us-east-1");
  CHECK(created.body["webhookDestination"]["batchSize"] == 100);

  auto with_hook = [](const std::string& key, nlohmann::json value) {
    auto b = destination_body("x");
    b["webhookDestination"][key] = std::move(value);
    return b;
  };
  const std::string tmpl = "webhookDestination.authHeaderTemplate";
  CHECK(field_of(emu, base, with_hook("authHeaderTemplate", "not json")) == tmpl);
  CHECK(field_of(emu, base, with_hook("authHeaderTemplate", R"(["a"])")) == tmpl);
  CHECK(field_of(emu, base, with_hook("authHeaderTemplate", R"({"Authorization":1})")) == tmpl);
  CHECK(field_of(emu, base, with_hook("authHeaderTemplate", nlohmann::json{{"Authorization", "x"}})) == tmpl);
  CHECK(field_of(emu, base, with_hook("batchSize", 0)) == "webhookDestination.batchSize");
  CHECK(field_of(emu, base, with_hook("batchSize", 1001)) == "webhookDestination.batchSize");
  CHECK(field_of(emu, base, with_hook("url", "http://x")) == "webhookDestination.url");
  auto region = destination_body("x");
  region["region"] = "useast1";
  CHECK(field_of(emu, base, region) == "region");
  region["destinationType"] = "sqs";
  region["region"] = "us-gov-west-1";
  CHECK(field_of(emu, base, region) == "destinationType");
  region.erase("destinationType");
  auto ok = emu.post(base, region);
  REQUIRE(ok.status == 201);
  CHECK(ok.body["region"] == "us-gov-west-1");
  CHECK(field_of(emu, base, {{"name", "y"}}) == "webhookDestination");
}

TEST_CASE("organization limits list the event namespace", "[emulator][limits]") {
  EmulatorProcess emu;
  auto res = emu.get("/api/v2/organizations/limits/namespaces/events");
  REQUIRE(res.status == 200);
  CHECK(res.body["namespace"] == "events");
  std::map<std::string, int> limits;
  for (const auto& l : res.body["limits"]) limits[l["key"].get<std::string>()] = l["value"].get<int>();
  CHECK(limits["eventbridge.subscriptions.max"] == 25);
  CHECK(limits["eventbridge.sources.filters.max"] == 5);
  CHECK(limits["eventbridge.sources.conditions.max"] == 10);
  CHECK(limits["webhooks.headerOverrides.max"] == 20);
}
