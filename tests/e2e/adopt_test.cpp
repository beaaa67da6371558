// Bulk adoption of an existing organization (docs/adopting-an-org.md) with the real CLI: the
// listing data sources (name_regex filtering, all pages, a bad pattern refused at plan time with
// no request), and examples/adopt-existing taking 52 objects of all seven kinds made outside
// Terraform under management: import blocks rendered from the listings,
// `plan -generate-config-out`, apply, a clean second plan, then a remote change detected.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kWebhooks = "/api/v2/events/webhooks";
const char* kEventSubscriptions = "/api/v2/events/subscriptions";
const char* kEventBridgeSubscriptions = "/api/v2/events/eventbridgesubscriptions";
const char* kTargets = "/api/v2/integrations/eventbridge/targets";
const char* kSources = "/api/v2/eventbridge/sources";
const char* kDestinations = "/api/v2/integrations/destinations";
const char* kIntegrations = "/api/v2/integrations";

std::string numbered(const std::string& prefix, int i) {
  char text[64];
  std::snprintf(text, sizeof text, "%s-%02d", prefix.c_str(), i);
  return text;
}

// POSTs `body` to `path` (as someone working outside Terraform would) and returns the new id.
std::string create(Emulator& emu, const std::string& path, const json& body) {
  auto r = emu.api("POST", path, body);
  INFO(path << " " << body.dump() << " -> " << r.status << " " << r.body.dump());
  REQUIRE((r.status == 201 || r.status == 202));
  return r.body.contains("sourceId") ? r.body["sourceId"].get<std::string>() : r.body["id"].get<std::string>();
}

// Waits until the object's `status` is `wanted` (target verification, source jobs).
void await_status(Emulator& emu, const std::string& item_path, const std::string& wanted) {
  std::string status;
  for (int i = 0; i < 300 && status != wanted; ++i) {
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = emu.api("GET", item_path).body.value("status", "");
  }
  INFO(item_path);
  REQUIRE(status == wanted);
}

std::string example_file(const std::string& relative) {
  std::string text = read_file(fs::path(GE_SOURCE_DIR) / "examples" / relative);
  REQUIRE_FALSE(text.empty());
  return text;
}

std::vector<std::string> names_in_api_order(Emulator& emu, const std::string& path) {
  std::vector<std::string> names;
  for (const auto& o : emu.list(path)) names.push_back(o["name"]);
  return names;
}

}  // namespace

TEST_CASE("listing data sources: name_regex filters every page in the API's order", "[adopt][listing]") {
  Emulator emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 100000}}).status == 200);
  // More than one page (the provider asks for 100 a page).
  std::vector<std::string> ids;
  std::vector<std::string> orders_ids;
  for (int i = 0; i < 105; ++i) {
    const std::string name = i % 10 == 3 ? numbered("orders", i) : i % 10 == 7 ? numbered("Orders", i) : numbered("misc", i);
    ids.push_back(create(emu, kWebhooks, {{"name", name}, {"destinationUrl", "https://hooks.example.com/" + name}}));
    if (name.rfind("orders-", 0) == 0) orders_ids.push_back(ids.back());
  }
  REQUIRE(orders_ids.size() == 11);
  Workspace ws;
  ws.use_emulator(emu);
  ws.write("main.tf", R"(
data "genesysevents_webhooks" "all" {}

data "genesysevents_webhooks" "orders" {
  name_regex = "^orders-"
}

data "genesysevents_destinations" "none" {}

output "all_ids" { value = data.genesysevents_webhooks.all.ids }
output "all_names" { value = data.genesysevents_webhooks.all.items[*].name }
output "orders_ids" { value = data.genesysevents_webhooks.orders.ids }
output "orders_item_ids" { value = data.genesysevents_webhooks.orders.items[*].id }
output "no_destinations" { value = data.genesysevents_destinations.none.ids }
)");
  ws.init();
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  json out = ws.outputs();
  CHECK(out["all_ids"]["value"].get<std::vector<std::string>>() == ids);
  CHECK(out["all_names"]["value"].get<std::vector<std::string>>() == names_in_api_order(emu, kWebhooks));
  CHECK(out["orders_ids"]["value"].get<std::vector<std::string>>() == orders_ids);
  CHECK(out["orders_item_ids"]["value"] == out["orders_ids"]["value"]);
  CHECK(out["no_destinations"]["value"] == json::array());
  CHECK(ws.plan_exit_code() == 0);
}

TEST_CASE("listing data sources: an invalid name_regex fails at plan naming it, without calling the API",
          "[adopt][listing][validation]") {
  Emulator emu;
  Workspace ws(emu);
  std::vector<PlanError> cases;
  for (const char* type : {"webhooks", "event_subscriptions", "eventbridge_subscriptions", "eventbridge_targets",
                           "eventbridge_sources", "destinations"}) {
    cases.push_back({std::string("data \"genesysevents_") + type + "\" \"bad\" {\n  name_regex = \"orders-(\"\n}\n",
                     "name_regex"});
  }
  expect_plan_errors(ws, emu, cases);
}

TEST_CASE("adopt-existing example: 52 objects of all seven kinds made outside Terraform come under management",
          "[adopt][compat]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 100000}}).status == 200);

  // The organization: 10 webhooks, 10 event subscriptions, 8 EventBridge subscriptions,
  // 7 targets, 7 sources and 8 destinations, some names needing a label of their own. No
  // secrets and no header maps: the API never returns the first, and generated configuration
  // leaves sensitive values out (docs/adopting-an-org.md "What import cannot restore").
  std::vector<std::string> webhooks, targets;
  for (int i = 0; i < 10; ++i) {
    json body = {{"name", i == 9 ? std::string("Ops Alerts (EU)") : numbered("hook", i)},
                 {"destinationUrl", "https://hooks.example.com/" + std::to_string(i)}};
    if (i % 2 == 0) body["retryPolicy"] = {{"retryCount", i % 5}, {"retryIntervalSeconds", 30}};
    if (i == 4) body["enabled"] = false;
    webhooks.push_back(create(emu, kWebhooks, body));
  }
  for (int i = 0; i < 10; ++i) {
    json filter = {{"eventType", {i % 2 ? "routing.queueEvent" : "conversation.event"}}};
    if (i % 2) filter["attributes"] = {{"queueId", "q-" + std::to_string(i)}};
    json body = {{"name", numbered("events", i)}, {"webhookId", webhooks[i]}, {"filter", filter}};
    if (i == 5) body["transform"] = "$.body";
    create(emu, kEventSubscriptions, body);
  }
  for (int i = 0; i < 8; ++i) {
    json body = {{"name", numbered("eb-sub", i)},
                 {"topicArn", "arn:aws:events:us-east-1:123456789012:topic/genesys-cx-events"},
                 {"destination", {{"url", "https://api.example.com/e" + std::to_string(i)},
                                  {"roleArn", "arn:aws:iam::123456789012:role/genesys"}}}};
    if (i % 2) body["filterPolicy"] = {{"eventType", {"routing.contact.queued"}}, {"priority", {1, 2}}};
    create(emu, kEventBridgeSubscriptions, body);
  }
  for (int i = 0; i < 7; ++i) {
    json body = {{"name", numbered("target", i)},
                 {"endpointUrl", receiver.url("/target/" + std::to_string(i))},
                 {"authType", "NONE"},
                 {"eventTypes", {"routing.queueEvent"}}};
    if (i % 2) body["retryPolicy"] = {{"maxRetries", 2}, {"backoffStrategy", "LINEAR"}, {"initialDelaySeconds", 3}};
    targets.push_back(create(emu, kTargets, body));
  }
  for (const auto& id : targets) await_status(emu, std::string(kTargets) + "/" + id, "VERIFIED");
  std::vector<std::string> sources;
  for (int i = 0; i < 7; ++i) {
    json body = {{"name", numbered("source", i)},
                 {"sourceType", "eventbridge"},
                 {"eventTopicId", "genesys-cx-events"},
                 {"targets", {{{"targetId", targets[i]}, {"priority", 1}}}}};
    if (i % 2) {
      body["filters"] = {{{"name", "high-priority"},
                          {"conditions", {{{"field", "priority"}, {"operator", "greater_than"}, {"value", 5}}}},
                          {"action", "route"}}};
    }
    sources.push_back(create(emu, kSources, body));
  }
  for (const auto& id : sources) await_status(emu, std::string(kSources) + "/" + id, "active");
  for (int i = 0; i < 8; ++i) {
    json destination = {{"url", "https://api.example.com/ingest/" + std::to_string(i)}, {"batchSize", 50 + i}};
    if (i % 2) destination["authHeaderTemplate"] = R"({"Authorization":"${aws4_hmac_sha256}"})";
    json body = {{"name", i == 7 ? std::string("2024.archive") : numbered("dest", i)},
                 {"destinationType", "eventbridge"},
                 {"webhookDestination", destination}};
    if (i % 3 == 0) body["region"] = "eu-west-1";
    create(emu, kDestinations, body);
  }
  // Two Amazon EventBridge integrations, set up as in the admin UI: create, configure, enable.
  for (int i = 0; i < 2; ++i) {
    const std::string id =
        create(emu, kIntegrations, {{"name", numbered("eventbridge", i)}, {"integrationType", {{"id", "amazon-eventbridge-source"}}}});
    const std::string item = std::string(kIntegrations) + "/" + id;
    json config = emu.api("GET", item + "/config/current").body;
    config["properties"] = {{"awsAccountId", "123456789012"}, {"awsAccountRegion", "eu-west-1"},
                            {"eventSourceSuffix", numbered("ui", i)},
                            {"eventFilter", json({"v2.detail.events.conversation.{id}.acw"})}};
    REQUIRE(emu.api("PUT", item + "/config/current", config).status == 200);
    REQUIRE(emu.api("PATCH", item, {{"intendedState", "ENABLED"}}).status == 200);
  }
  const std::map<std::string, size_t> made = {{kWebhooks, 10}, {kEventSubscriptions, 10},
                                              {kEventBridgeSubscriptions, 8}, {kTargets, 7},
                                              {kSources, 7}, {kDestinations, 8}};
  for (const auto& [path, count] : made) REQUIRE(emu.list(path).size() == count);
  const std::string integrations_listing = std::string(kIntegrations) + "?integrationType=amazon-eventbridge-source";
  REQUIRE(emu.api("GET", integrations_listing).body["total"] == 2);
  const int verifications = receiver.posts();

  Workspace ws;
  ws.write("main.tf", example_file("adopt-existing/main.tf"));  // brings its own provider block
  ws.write("terraform.tfvars", "api_url            = \"" + emu.url() + "\"\n"
                               "oauthclient_id     = \"demo-client\"\n"
                               "oauthclient_secret = \"demo-secret\"\n");
  ws.init();
  const int64_t before_adoption = emu.last_request_seq();

  // 1. The listings: an apply that only reads, then the rendered import blocks.
  auto listed = ws.apply();
  INFO(listed.all());
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out.find("0 added, 0 changed, 0 destroyed") != std::string::npos);
  CHECK(ws.outputs()["adopted_count"]["value"] == 52);
  auto blocks = ws.run({"output", "-raw", "import_blocks"});
  REQUIRE(blocks.exit_code == 0);
  CHECK(blocks.out.find("to = genesysevents_webhook.Ops_Alerts__EU_\n") != std::string::npos);
  CHECK(blocks.out.find("to = genesysevents_destination._2024_archive\n") != std::string::npos);
  ws.write("imports.tf", blocks.out);

  // 2. Configuration generated for every object.
  auto generate = ws.run({"plan", "-no-color", "-generate-config-out=generated.tf"});
  INFO(generate.all());
  REQUIRE(generate.exit_code == 0);
  CHECK(generate.out.find("52 to import, 0 to add, 0 to change, 0 to destroy") != std::string::npos);
  const std::string generated = ws.read("generated.tf");
  CHECK(generated.find("resource \"genesysevents_eventbridge_source\" \"source-03\"") != std::string::npos);
  CHECK(generated.find("Ops Alerts (EU)") != std::string::npos);

  // 3. Adopted: imported, nothing made, changed or verified again.
  auto adopted = ws.apply();
  INFO(adopted.all());
  REQUIRE(adopted.exit_code == 0);
  CHECK(adopted.out.find("52 imported, 0 added, 0 changed, 0 destroyed") != std::string::npos);
  int managed = 0;
  for (const auto& [address, resource] : ws.resources()) managed += resource["mode"] == "managed";
  CHECK(managed == 52);
  CHECK(emu.api("GET", integrations_listing).body["total"] == 2);
  for (const auto& [path, count] : made) CHECK(emu.list(path).size() == count);
  for (const auto& req : emu.api_requests_since(before_adoption)) CHECK(req["method"] == "GET");
  CHECK(receiver.posts() == verifications);

  // 4. Nothing left to do.
  CHECK(ws.plan_exit_code() == 0);

  // 5. A change made in the organization afterwards shows in the next plan.
  const std::string hook = std::string(kWebhooks) + "/" + webhooks[3];
  json changed = emu.api("GET", hook).body;
  changed["destinationUrl"] = "https://elsewhere.example.com/x";
  REQUIRE(emu.api("PUT", hook, changed).status == 200);
  auto drift = ws.run({"plan", "-detailed-exitcode", "-no-color"});
  INFO(drift.all());
  CHECK(drift.exit_code == 2);
  CHECK(drift.out.find("genesysevents_webhook.hook-03 will be updated in-place") != std::string::npos);
  CHECK(drift.out.find("1 to change") != std::string::npos);
}

// docs/adopting-an-org.md: once the configuration exists, `import { for_each }` adopts every
// object a listing matches into a resource written with for_each (OpenTofu and Terraform >= 1.7).
TEST_CASE("import with for_each adopts the webhooks a listing matches into a for_each resource", "[adopt]") {
  Workspace ws;
  if (ws.cli_version() < CliVersion{1, 7, 0}) {
    WARN("skipped: import blocks take for_each from OpenTofu and Terraform 1.7");
    return;
  }
  Emulator emu;
  for (int i = 0; i < 6; ++i) {
    const std::string name = numbered(i < 4 ? "orders" : "billing", i);
    create(emu, kWebhooks, {{"name", name}, {"destinationUrl", "https://hooks.example.com/" + name}});
  }
  ws.use_emulator(emu);
  ws.write("main.tf",
           "data \"genesysevents_webhooks\" \"orders\" {\n"
           "  name_regex = \"^orders-\"\n"
           "}\n"
           "import {\n"
           "  for_each = { for w in data.genesysevents_webhooks.orders.items : w.name => w.id }\n"
           "  to       = genesysevents_webhook.orders[each.key]\n"
           "  id       = each.value\n"
           "}\n"
           "resource \"genesysevents_webhook\" \"orders\" {\n"
           "  for_each        = { for w in data.genesysevents_webhooks.orders.items : w.name => w.id }\n"
           "  name            = each.key\n"
           "  destination_url = \"https://hooks.example.com/${each.key}\"\n"
           "}\n");
  ws.init();
  const int64_t before = emu.last_request_seq();
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("4 imported, 0 added, 0 changed, 0 destroyed") != std::string::npos);
  for (const auto& req : emu.api_requests_since(before)) CHECK(req["method"] == "GET");
  CHECK(ws.resources().count("genesysevents_webhook.orders[\"orders-03\"]") == 1);
  CHECK(ws.plan_exit_code() == 0);
  CHECK(emu.list(kWebhooks).size() == 6);
}
