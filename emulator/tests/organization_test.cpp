// The organization and the notification topics of the Platform API
// (docs/reference/platform-api.md "Organization and topics").
#include "support/emulator_process.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>

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
    CHECK(t["requiresPermissions"].is_array());
    CHECK(t["publicApiTemplateUriPaths"].is_array());
    CHECK_FALSE(t.contains("description"));  // only with expand=description
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

TEST_CASE("availabletopics answers descriptions only with expand=description", "[emulator][organization]") {
  EmulatorProcess emu;
  const std::string path = "/api/v2/notifications/availabletopics";
  std::map<std::string, std::string> descriptions;
  // Comma-separated with other values, or repeated: the same answer.
  for (const char* query :
       {"?expand=description", "?expand=transports,description", "?expand=transports&expand=description"}) {
    auto listed = emu.get(path + query);
    INFO(query);
    REQUIRE(listed.status == 200);
    for (const auto& t : listed.body["entities"]) {
      REQUIRE(t["description"].is_string());
      CHECK_FALSE(t["description"].get<std::string>().empty());
      descriptions[t["id"].get<std::string>()] = t["description"].get<std::string>();
    }
  }
  CHECK(descriptions["v2.users.{id}.presence"] == "A user's presence changed");
  for (const auto& t : emu.get(path + "?expand=transports,schema").body["entities"])
    CHECK_FALSE(t.contains("description"));
}

TEST_CASE("authorization/products is a paged listing of the enabled products, for any valid token",
          "[emulator][organization]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("POST", "/emulator/clients",
                      {{"clientId", "bare"}, {"clientSecret", "s"}, {"scopes", nlohmann::json::array()}})
              .status == 201);
  const std::string path = "/api/v2/authorization/products";
  auto listed = emu.request("GET", path, nullptr, emu.token("bare", "s"));
  INFO(listed.raw);
  REQUIRE(listed.status == 200);
  const auto& page = listed.body;
  REQUIRE(page["entities"].is_array());
  std::set<std::string> ids;
  for (const auto& product : page["entities"]) {
    REQUIRE(product["id"].is_string());
    ids.insert(product["id"].get<std::string>());
  }
  CHECK(ids.count("purecloud") == 1);
  CHECK(ids.size() >= 3);
  CHECK(ids.size() == page["entities"].size());
  CHECK(page["pageSize"] == 25);
  CHECK(page["pageNumber"] == 1);
  CHECK(page["total"] == ids.size());
  CHECK(page["pageCount"] == 1);
  CHECK(emu.get(path).body == page);  // the same for every client

  auto second = emu.get(path + "?pageSize=2&pageNumber=2").body;
  CHECK(second["pageSize"] == 2);
  CHECK(second["pageNumber"] == 2);
  CHECK(second["total"] == ids.size());
  CHECK(second["pageCount"] == (ids.size() + 1) / 2);
  CHECK(second["entities"].size() == 2);
  CHECK(emu.get(path + "?pageSize=0").status == 400);
  CHECK(emu.request("GET", path).status == 401);
  CHECK(emu.post(path, nlohmann::json::object()).status == 405);
}
