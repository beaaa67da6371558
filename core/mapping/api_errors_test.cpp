#include <catch2/catch.hpp>

#include "mapping/api_errors.h"
#include "mapping/engine_test_support.h"

using namespace ge::mapping;

namespace {

const char* kSchema = R"({
  "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
  "api": { "collection_path": "/t", "item_path": "/t/{id}",
           "collection_limit": { "limits_path": "/limits", "key": "things.max",
                                 "error_code": "thing.limit.reached", "noun": "things" } },
  "attributes": {
    "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
    "name": { "type": "string", "required": true, "api": "name", "description": "N." }
  }
})";

const ge::schema::ResourceSchema& schema() { return ge::mapping::testing::schema_from(kSchema); }

ge::rest::Error api_error(const std::string& code, const std::string& message) {
  ge::rest::Error e;
  e.http_status = 400;
  e.code = code;
  e.message = message;
  e.correlation_id = "corr-1";
  return e;
}

}  // namespace

TEST_CASE("the API's own collection-limit error reads like the preflight's") {
  auto preflight = collection_limit_diagnostic(schema(), "The organization already holds 2 things, its limit (2).");
  auto api = api_error_diagnostic(schema(), "create", api_error("thing.limit.reached", "Limit of 2 things reached"));
  CHECK(api.summary == preflight.summary);
  CHECK(api.summary == "Failed to create genesysevents_thing: organization limit reached");
  const std::string advice = "The organization limit `things.max` caps the number of things.";
  CHECK(preflight.detail.find(advice) != std::string::npos);
  CHECK(api.detail.find(advice) != std::string::npos);
  // Which check refused it, in the API's own words, with the correlation id.
  CHECK(api.detail.rfind("The API refused the create: Limit of 2 things reached", 0) == 0);
  CHECK(api.detail.find("Correlation id: corr-1") != std::string::npos);
}

TEST_CASE("other API errors keep the generic message") {
  auto d = api_error_diagnostic(schema(), "create", api_error("bad.request", "name is required"));
  CHECK(d.summary == "Failed to create genesysevents_thing");
  CHECK(d.detail.find("organization limit") == std::string::npos);
  CHECK(d.detail.find("Error code: bad.request") != std::string::npos);
}

TEST_CASE("a field error whose index overflows still builds the diagnostic, blaming the attribute") {
  auto e = api_error("invalid.value", "bad element");
  e.details.push_back({"invalid.value", "name[99999999999999999999]"});
  ge::base::Diagnostic d;
  REQUIRE_NOTHROW(d = api_error_diagnostic(schema(), "update", e));
  REQUIRE(d.attribute);
  CHECK(d.attribute->to_string() == "name");
  CHECK(d.detail.find("Field: name[99999999999999999999] (invalid.value)") != std::string::npos);
}
