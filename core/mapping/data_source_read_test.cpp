// One-object data sources read by the engine (data_source_read.cpp) with api.read_method POST
// and api.id_attribute, against an in-process fake of a health endpoint
// (docs/reference/api-contract.md "EventBridge targets": POST .../targets/{id}/health).
#include <catch2/catch.hpp>

#include <mutex>

#include "mapping/engine_test_support.h"
#include "support/http_server.h"

using namespace ge::mapping;
using namespace std::chrono_literals;
using ge::base::Diagnostics;
using ge::value::Value;
using nlohmann::json;

namespace {

const char* kHealthSchema = R"({
  "type_name": "genesysevents_thing_health", "kind": "data_source", "description": "H.",
  "api": { "item_path": "/things/{id}/health", "read_method": "POST", "id_attribute": "thing_id" },
  "attributes": {
    "thing_id": { "type": "string", "required": true, "api": "thingId", "description": "T." },
    "status": { "type": "string", "computed": true, "api": "status", "description": "S." },
    "http_status": { "type": "number", "computed": true, "api": "httpStatus", "description": "H." }
  }
})";

const ge::schema::ResourceSchema& health_schema() { return ge::mapping::testing::schema_from(kHealthSchema); }

struct FakeHealth {
  ge::test_support::TestServer server;
  std::mutex mu;
  std::vector<std::string> requests;  // "METHOD path body"
  FakeHealth() {
    server.http().Post(R"(/things/([^/]+)/health)", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard lock(mu);
        requests.push_back("POST " + req.path + " " + req.body);
      }
      const std::string id = req.matches[1];
      if (id == "missing") {
        res.status = 404;
        res.set_content(ge::mapping::testing::api_error(404, "not.found", "No thing with id missing").dump(),
                        "application/json");
        return;
      }
      res.set_content(json{{"thingId", id}, {"status", "UNHEALTHY"}, {"httpStatus", nullptr}}.dump(),
                      "application/json");
    });
    server.http().Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      requests.push_back("GET " + req.path);
      res.status = 405;
    });
    server.start();
  }
};

using Harness = ge::mapping::testing::EngineHarness<FakeHealth, health_schema>;

Value config(const std::string& thing_id) {
  const auto type = health_schema().object_type();
  return Value::object(type, {{"thing_id", Value::string(thing_id)},
                              {"status", Value::null(ge::value::Type::string())},
                              {"http_status", Value::null(ge::value::Type::number())}});
}

}  // namespace

TEST_CASE("data source read_method POST: the id attribute names the object and the answer maps") {
  Harness h;
  Diagnostics diags;
  Value state = h.engine.read_data_source(config("t 1"), diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(state.attribute("thing_id").as_string() == "t 1");
  CHECK(state.attribute("status").as_string() == "UNHEALTHY");
  CHECK(state.attribute("http_status").is_null());
  std::lock_guard lock(h.api.mu);
  REQUIRE(h.api.requests.size() == 1);
  CHECK(h.api.requests[0] == "POST /things/t 1/health {}");  // as decoded by the server; an empty JSON object
}

TEST_CASE("data source read_method POST: a 404 is an error naming the id attribute") {
  Harness h;
  Diagnostics diags;
  Value state = h.engine.read_data_source(config("missing"), diags);
  REQUIRE(diags.has_errors());
  CHECK(state.is_null());
  const auto& d = diags.items().at(0);
  CHECK(d.summary == "No genesysevents_thing_health with thing_id \"missing\"");
  CHECK(d.detail.find("`thing_id`") != std::string::npos);
  CHECK(d.detail.find("POST /things/missing/health answered 404") != std::string::npos);
  REQUIRE(d.attribute);
  CHECK(d.attribute->to_string() == "thing_id");
}
