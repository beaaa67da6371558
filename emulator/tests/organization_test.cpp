// The organization and the notification topics of the Platform API
// (docs/reference/platform-api.md "Organization and topics").
#include "support/emulator_process.h"

#include <catch2/catch.hpp>

#include <map>

using namespace ge::test_support;

TEST_CASE("organizations/me answers the org whose id names partner event sources", "[emulator][organization]") {
  EmulatorProcess emu;
  // Any valid token may call it.
  REQUIRE(emu.control("POST", "/emulator/clients",
                      {{"clientId", "bare"}, {"clientSecret", "s"}, {"scopes", nlohmann::json::array()}})
              .status == 201);
  auto org = emu.request("GET", "/api/v2/organizations/me", nullptr, emu.token("bare", "s"));
  REQUIRE(org.status == 200);
  for (const char* key : {"id", "name", "thirdPartyOrgName", "domain", "state"}) CHECK(org.body[key].is_string());
  CHECK(org.body["version"].is_number_integer());
  CHECK(emu.get("/api/v2/organizations/me").body == org.body);  // stable
  CHECK(emu.request("GET", "/api/v2/organizations/me").status == 401);
}

TEST_CASE("availabletopics lists topics with transports when expanded, and some are Websocket-only",
          "[emulator][organization]") {
  EmulatorProcess emu;
  auto plain = emu.get("/api/v2/notifications/availabletopics");
  REQUIRE(plain.status == 200);
  REQUIRE(plain.body["entities"].size() >= 4);
  CHECK_FALSE(plain.body.contains("pageCount"));  // not paged
  for (const auto& t : plain.body["entities"]) {
    CHECK(t["id"].is_string());
    CHECK(t["description"].is_string());
    CHECK(t["requiresPermissions"].is_array());
    CHECK(t["publicApiTemplateUriPaths"].is_array());
    CHECK_FALSE(t.contains("transports"));
    CHECK_FALSE(t.contains("schema"));
  }

  auto expanded = emu.get("/api/v2/notifications/availabletopics?expand=transports,schema").body["entities"];
  std::map<std::string, nlohmann::json> transports;
  for (const auto& t : expanded) {
    transports[t["id"].get<std::string>()] = t["transports"];
    CHECK(t["schema"].is_object());
  }
  CHECK(transports["v2.detail.events.conversation.{id}.customer.end"] == nlohmann::json{"Websocket", "EventBridge"});
  CHECK(transports["v2.audits.entitytype.{id}.entityid.{id}"] == nlohmann::json{"EventBridge"});
  CHECK(transports["v2.routing.queues.{id}.conversations"] == nlohmann::json{"Websocket"});
}
