#include <catch2/catch.hpp>

#include "mapping/api_codec.h"
#include "mapping/engine_test_support.h"

using namespace ge::mapping;
using ge::value::Number;
using ge::value::Value;
using nlohmann::json;

namespace {

const char* kSchema = R"({
  "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
  "api": { "collection_path": "/t", "item_path": "/t/{id}" },
  "attributes": {
    "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
    "name": { "type": "string", "required": true, "api": "name", "description": "N." },
    "key": { "type": "string", "optional": true, "sensitive": true, "secret": true, "api": "signingKey", "description": "K." },
    "headers": { "type": ["map", "string"], "optional": true, "api": "headers", "description": "H." },
    "doc": { "type": "string", "optional": true, "api": "doc", "json": "object", "description": "D." },
    "policy": { "nested": "single", "optional": true, "api": "retryPolicy", "description": "P.",
                "attributes": { "retry_count": { "type": "number", "optional": true, "api": "retryCount", "description": "C." } } },
    "items": { "nested": "list", "optional": true, "api": "items", "description": "I.",
               "attributes": { "n": { "type": "number", "optional": true, "api": "n", "description": "N." } } }
  }
})";

const ge::schema::ResourceSchema& schema() { return ge::mapping::testing::schema_from(kSchema); }

}  // namespace

TEST_CASE("API objects read into state, keeping secrets and JSON text from prior") {
  json api = {{"id", "1"},
              {"name", "n"},
              {"headers", json::object()},
              {"doc", {{"b", 1}, {"a", 2}}},
              {"retryPolicy", {{"retryCount", 4}}},
              {"items", {{{"n", 1}}, {{"n", 2}}}}};
  const auto& s = schema();
  std::map<std::string, Value> prior_fields;
  const auto object = s.object_type();  // kept alive: attributes() refers into it
  for (const auto& [name, type] : object.attributes()) prior_fields.emplace(name, Value::null(type));
  prior_fields["key"] = Value::string("kept-secret");
  prior_fields["doc"] = Value::string(R"({ "a": 2, "b": 1 })");
  Value prior = Value::object(s.object_type(), prior_fields);

  Value state = from_api(s, api, prior);
  CHECK(state.attribute("id") == Value::string("1"));
  CHECK(state.attribute("key") == Value::string("kept-secret"));
  CHECK(state.attribute("doc") == Value::string(R"({ "a": 2, "b": 1 })"));
  CHECK(state.attribute("headers").is_null());  // empty map read as null when prior had none
  CHECK(state.attribute("policy").attribute("retry_count") == Value::number(Number::from_int(4)));
  CHECK(state.attribute("items").elements().size() == 2);

  json body = to_api(s.attributes, state, Value::null(s.object_type()));
  CHECK(body["signingKey"] == "kept-secret");
  CHECK(body["doc"] == json({{"a", 2}, {"b", 1}}));
  CHECK(body["retryPolicy"]["retryCount"] == 4);
  CHECK(body["items"][1]["n"] == 2);
  CHECK_FALSE(body.contains("id"));  // read-only
  CHECK_FALSE(body.contains("headers"));
}

TEST_CASE("API field paths map back to attribute paths") {
  CHECK(attribute_path_for_api_field(schema().attributes, "retryPolicy.retryCount").to_string() ==
        "policy.retry_count");
  CHECK(attribute_path_for_api_field(schema().attributes, "items[1].n").to_string() == "items[1].n");
  CHECK(attribute_path_for_api_field(schema().attributes, "nope").empty());
}

TEST_CASE("a nested object the API omits keeps its secrets from prior") {
  const ge::schema::ResourceSchema& s = ge::mapping::testing::schema_from(R"({
    "type_name": "genesysevents_t", "description": "T.", "import": "Id.",
    "api": { "collection_path": "/t", "item_path": "/t/{id}" },
    "attributes": {
      "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
      "auth": { "nested": "single", "optional": true, "api": "authConfig", "description": "A.",
                "attributes": { "user": { "type": "string", "optional": true, "api": "username", "description": "U." },
                                "token": { "type": "string", "optional": true, "secret": true, "api": "token",
                                           "description": "T." } } }
    }
  })");
  auto auth_type = s.find("auth")->type;
  auto str = ge::value::Type::string();
  Value prior = Value::object(
      s.object_type(),
      {{"id", Value::string("1")},
       {"auth", Value::object(auth_type, {{"user", Value::null(str)}, {"token", Value::string("jwt")}})}});
  Value read = from_api(s, json{{"id", "1"}}, prior);
  CHECK(read == prior);
  // Without a secret in prior an omitted object is simply absent.
  Value bare = Value::object(s.object_type(), {{"id", Value::string("1")}, {"auth", Value::null(auth_type)}});
  CHECK(from_api(s, json{{"id", "1"}}, bare) == bare);
}
