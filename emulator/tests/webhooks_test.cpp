// Webhooks: CRUD, common object fields, paging, validation table, versions,
// duplicate names, in-use deletes (docs/reference/api-contract.md "Webhooks").
#include "bodies.h"
#include "support/emulator_process.h"

#include <catch2/catch.hpp>

#include <regex>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

namespace {

const std::string kBase = "/api/v2/events/webhooks";

void expect_field_error(EmulatorProcess& emu, nlohmann::json body, const std::string& field) {
  INFO("body: " << body.dump());
  auto res = emu.post(kBase, body);
  REQUIRE(res.status == 400);
  CHECK(res.body["code"] == "bad.request");
  CHECK(only_field(res.body) == field);
  CHECK(res.body["message"].get<std::string>().find(field) != std::string::npos);
  CHECK(res.body["contextId"] == res.header("ININ-Correlation-Id"));
}

}  // namespace

TEST_CASE("webhook create fills defaults, common fields and hides the signing key", "[emulator][webhooks]") {
  EmulatorProcess emu;
  auto body = webhook_body("Orders");
  body["signingKey"] = "0123456789abcdef";
  body["id"] = "ignored";
  body["version"] = 42;
  body["lastDeliveryStatus"] = "SUCCESS";
  auto res = emu.post(kBase, body);
  REQUIRE(res.status == 201);
  const auto& w = res.body;
  CHECK(std::regex_match(w["id"].get<std::string>(),
                         std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(w["version"] == 1);
  CHECK(std::regex_match(w["dateCreated"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
  CHECK(w["dateModified"] == w["dateCreated"]);
  CHECK(w["selfUri"] == kBase + "/" + w["id"].get<std::string>());
  CHECK(w["method"] == "POST");
  CHECK(w["enabled"] == true);
  CHECK(w["retryPolicy"] == nlohmann::json{{"retryCount", 3}, {"retryIntervalSeconds", 10}});
  CHECK(w["lastDeliveryStatus"] == "NONE");
  CHECK_FALSE(w.contains("signingKey"));
  CHECK(res.header("Location") == w["selfUri"]);

  auto read = emu.get(kBase + "/" + w["id"].get<std::string>());
  REQUIRE(read.status == 200);
  CHECK(read.body == w);
  CHECK(read.raw.find("0123456789abcdef") == std::string::npos);
}

TEST_CASE("webhook validation names every offending field", "[emulator][webhooks]") {
  EmulatorProcess emu;
  auto with = [](const std::string& key, nlohmann::json value) {
    auto b = webhook_body("w");
    b[key] = std::move(value);
    return b;
  };
  expect_field_error(emu, {{"destinationUrl", "https://a.example"}}, "name");
  expect_field_error(emu, with("name", ""), "name");
  expect_field_error(emu, with("name", std::string(129, 'n')), "name");
  expect_field_error(emu, with("name", 5), "name");
  expect_field_error(emu, with("description", std::string(513, 'd')), "description");
  expect_field_error(emu, {{"name", "w"}}, "destinationUrl");
  expect_field_error(emu, with("destinationUrl", "http://a.example"), "destinationUrl");
  expect_field_error(emu, with("method", "GET"), "method");
  expect_field_error(emu, with("enabled", "true"), "enabled");
  expect_field_error(emu, with("signingKey", std::string(15, 'k')), "signingKey");
  expect_field_error(emu, with("signingKey", std::string(257, 'k')), "signingKey");
  nlohmann::json many = nlohmann::json::object();
  for (int i = 0; i < 21; ++i) many["X-H" + std::to_string(i)] = "v";
  expect_field_error(emu, with("headerOverrides", many), "headerOverrides");
  expect_field_error(emu, with("headerOverrides", {{"X-A", 1}}), "headerOverrides.X-A");
  expect_field_error(emu, with("retryPolicy", {{"retryCount", 11}}), "retryPolicy.retryCount");
  expect_field_error(emu, with("retryPolicy", {{"retryCount", "3"}}), "retryPolicy.retryCount");
  expect_field_error(emu, with("retryPolicy", {{"retryCount", 1.5}}), "retryPolicy.retryCount");
  expect_field_error(emu, with("retryPolicy", {{"retryIntervalSeconds", 0}}), "retryPolicy.retryIntervalSeconds");
  expect_field_error(emu, with("retryPolicy", {{"retryIntervalSeconds", 3601}}), "retryPolicy.retryIntervalSeconds");
  expect_field_error(emu, with("retryPolicy", "fast"), "retryPolicy");

  auto edges = webhook_body(std::string(128, 'n'));
  edges["description"] = std::string(512, 'd');
  edges["method"] = "PUT";
  edges["signingKey"] = std::string(256, 'k');
  edges["retryPolicy"] = {{"retryCount", 0}, {"retryIntervalSeconds", 3600}};
  many.erase("X-H20");
  edges["headerOverrides"] = many;
  auto ok = emu.post(kBase, edges);
  REQUIRE(ok.status == 201);
  CHECK(ok.body["retryPolicy"]["retryCount"] == 0);
  CHECK(ok.body["headerOverrides"].size() == 20);

  auto all = emu.post(kBase, {{"name", 1}, {"destinationUrl", "ftp://x"}});
  REQUIRE(all.status == 400);
  CHECK(all.body["details"].size() == 2);
}

TEST_CASE("malformed bodies are 400 bad.request", "[emulator][webhooks]") {
  EmulatorProcess emu;
  auto token = emu.token();
  auto c = emu.client();
  httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  for (const char* body : {"{not json", "[1,2]", ""}) {
    auto res = c.Post(kBase.c_str(), auth, body, "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(nlohmann::json::parse(res->body)["code"] == "bad.request");
  }
}

TEST_CASE("webhook PUT needs the current version and bumps it", "[emulator][webhooks]") {
  EmulatorProcess emu;
  auto created = emu.post(kBase, webhook_body("w")).body;
  std::string path = kBase + "/" + created["id"].get<std::string>();

  auto update = webhook_body("w2");
  auto missing = emu.put(path, update);
  REQUIRE(missing.status == 400);
  CHECK(only_field(missing.body) == "version");

  update["version"] = 2;
  auto stale = emu.put(path, update);
  REQUIRE(stale.status == 409);
  CHECK(stale.body["code"] == "version.mismatch");

  update["version"] = 1;
  update["enabled"] = false;
  auto ok = emu.put(path, update);
  REQUIRE(ok.status == 200);
  CHECK(ok.body["version"] == 2);
  CHECK(ok.body["name"] == "w2");
  CHECK(ok.body["enabled"] == false);
  CHECK(ok.body["id"] == created["id"]);
  CHECK(ok.body["dateCreated"] == created["dateCreated"]);
  CHECK(ok.body["lastDeliveryStatus"] == "NONE");
  CHECK(emu.put(path, update).status == 409);  // version 1 is now stale

  auto bad = webhook_body("w2");
  bad["version"] = 2;
  bad["method"] = "PATCH";
  CHECK(only_field(emu.put(path, bad).body) == "method");
  CHECK(emu.put(kBase + "/00000000-0000-4000-8000-000000000000", update).status == 404);
}

TEST_CASE("webhook names are unique case-insensitively", "[emulator][webhooks]") {
  EmulatorProcess emu;
  auto first = emu.post(kBase, webhook_body("Orders")).body;
  auto dup = emu.post(kBase, webhook_body("oRDERS"));
  REQUIRE(dup.status == 409);
  CHECK(dup.body["code"] == "duplicate.name");
  CHECK(dup.body["entityId"] == first["id"]);
  CHECK(dup.body["message"].get<std::string>().find(first["id"].get<std::string>()) != std::string::npos);

  auto second = emu.post(kBase, webhook_body("Other")).body;
  auto rename = webhook_body("ORDERS");
  rename["version"] = 1;
  CHECK(emu.put(kBase + "/" + second["id"].get<std::string>(), rename).status == 409);
  // Renaming an object to a different case of its own name is fine.
  auto same = webhook_body("orders");
  same["version"] = 1;
  CHECK(emu.put(kBase + "/" + first["id"].get<std::string>(), same).status == 200);
}

TEST_CASE("webhook lists page, filter by name and validate paging", "[emulator][webhooks]") {
  EmulatorProcess emu;
  for (int i = 0; i < 5; ++i) REQUIRE(emu.post(kBase, webhook_body("w" + std::to_string(i))).status == 201);
  auto page1 = emu.get(kBase + "?pageSize=2").body;
  CHECK(page1["entities"].size() == 2);
  CHECK(page1["pageSize"] == 2);
  CHECK(page1["pageNumber"] == 1);
  CHECK(page1["total"] == 5);
  CHECK(page1["pageCount"] == 3);
  CHECK(page1["firstUri"] == kBase + "?pageSize=2&pageNumber=1");
  CHECK(page1["lastUri"] == kBase + "?pageSize=2&pageNumber=3");
  CHECK(page1["nextUri"] == kBase + "?pageSize=2&pageNumber=2");
  CHECK_FALSE(page1.contains("previousUri"));
  CHECK(page1["entities"][0]["name"] == "w0");

  auto page3 = emu.get(kBase + "?pageSize=2&pageNumber=3").body;
  CHECK(page3["entities"].size() == 1);
  CHECK(page3["entities"][0]["name"] == "w4");
  CHECK_FALSE(page3.contains("nextUri"));
  CHECK(page3["previousUri"] == kBase + "?pageSize=2&pageNumber=2");

  auto defaults = emu.get(kBase).body;
  CHECK(defaults["pageSize"] == 25);
  CHECK(defaults["entities"].size() == 5);

  auto named = emu.get(kBase + "?name=W3").body;
  REQUIRE(named["entities"].size() == 1);
  CHECK(named["entities"][0]["name"] == "w3");
  CHECK(named["total"] == 1);

  for (const char* bad : {"?pageSize=0", "?pageSize=101", "?pageSize=abc"}) {
    auto res = emu.get(kBase + bad);
    CHECK(res.status == 400);
    CHECK(only_field(res.body) == "pageSize");
  }
  CHECK(only_field(emu.get(kBase + "?pageNumber=0").body) == "pageNumber");
  CHECK(emu.get(kBase + "?pageSize=100").status == 200);
}

TEST_CASE("webhook delete, 404s and webhook.in.use", "[emulator][webhooks]") {
  EmulatorProcess emu;
  auto w = emu.post(kBase, webhook_body("w")).body;
  std::string path = kBase + "/" + w["id"].get<std::string>();
  auto sub = emu.post("/api/v2/events/subscriptions", subscription_body("s", w["id"])).body;
  auto in_use = emu.del(path);
  REQUIRE(in_use.status == 409);
  CHECK(in_use.body["code"] == "webhook.in.use");
  CHECK(in_use.body["entityId"] == sub["id"]);
  REQUIRE(emu.del("/api/v2/events/subscriptions/" + sub["id"].get<std::string>()).status == 204);
  CHECK(emu.del(path).status == 204);
  auto gone = emu.get(path);
  CHECK(gone.status == 404);
  CHECK(gone.body["code"] == "not.found");
  CHECK(emu.del(path).status == 404);
  CHECK(emu.get(path + "/deliveries").status == 404);
}
