#include <catch2/catch.hpp>

#include "mapping/engine_test_support.h"
#include "mapping/planner.h"

using namespace ge::mapping;
using ge::value::Number;
using ge::value::Type;
using ge::value::Value;

namespace {

const char* kSchema = R"({
  "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
  "api": { "collection_path": "/t", "item_path": "/t/{id}" },
  "attributes": {
    "id": { "type": "string", "computed": true, "stable": true, "api": "id", "description": "Id." },
    "name": { "type": "string", "required": true, "api": "name", "force_new": true, "description": "N." },
    "note": { "type": "string", "optional": true, "api": "note", "description": "N." },
    "enabled": { "type": "bool", "optional": true, "computed": true, "default": true, "api": "enabled", "description": "E." },
    "doc": { "type": "string", "optional": true, "api": "doc", "json": "object", "description": "D." },
    "secret_wo": { "type": "string", "optional": true, "write_only": true, "api": "secret", "description": "S." },
    "policy": { "nested": "single", "optional": true, "computed": true, "api": "policy", "description": "P.",
                "attributes": { "count": { "type": "number", "optional": true, "computed": true, "default": 3,
                                           "api": "count", "description": "C." } } },
    "version": { "type": "number", "computed": true, "api": "version", "description": "V." },
    "mode": { "type": "string", "optional": true, "computed": true, "api": "mode", "description": "M." },
    "message": { "type": "string", "computed": true, "api": "state.message", "description": "Mg." }
  }
})";

const ge::schema::ResourceSchema& schema() { return ge::mapping::testing::schema_from(kSchema); }

Value config_with(std::map<std::string, Value> set) {
  const auto& s = schema();
  std::map<std::string, Value> all;
  const Type object = s.object_type();  // kept alive: attributes() refers into it
  for (const auto& [name, type] : object.attributes()) all.emplace(name, Value::null(type));
  for (auto& [k, v] : set) all[k] = v;
  return Value::object(s.object_type(), std::move(all));
}

}  // namespace

TEST_CASE("create: computed values unknown, defaults known, write-only null") {
  Value config = config_with({{"name", Value::string("a")}, {"secret_wo", Value::string("s3cret-value")}});
  Plan p = plan_resource(schema(), Value::null(schema().object_type()), config);
  CHECK_FALSE(p.planned.attribute("id").is_known());
  CHECK_FALSE(p.planned.attribute("version").is_known());
  CHECK(p.planned.attribute("enabled") == Value::boolean(true));
  CHECK(p.planned.attribute("policy").attribute("count") == Value::number(Number::from_int(3)));
  CHECK(p.planned.attribute("secret_wo").is_null());
  CHECK(p.planned.attribute("note").is_null());
  CHECK(p.requires_replace.empty());
}

TEST_CASE("update without changes keeps every prior value") {
  Value config = config_with({{"name", Value::string("a")}, {"doc", Value::string(R"({"b":1, "a":2})")}});
  Value prior = config_with(
      {{"id", Value::string("x")},
       {"name", Value::string("a")},
       {"doc", Value::string(R"({"a":2,"b":1})")},
       {"enabled", Value::boolean(true)},
       {"policy", Value::object(schema().find("policy")->type, {{"count", Value::number(Number::from_int(3))}})},
       {"version", Value::number(Number::from_int(4))}});
  Plan p = plan_resource(schema(), prior, config);
  CHECK(p.planned == prior);  // semantically equal JSON keeps prior's text
  CHECK(p.requires_replace.empty());
}

TEST_CASE("update with a change: non-stable computed values become unknown, and force_new reported") {
  Value prior = config_with(
      {{"id", Value::string("x")},
       {"name", Value::string("a")},
       {"enabled", Value::boolean(true)},
       {"policy", Value::object(schema().find("policy")->type, {{"count", Value::number(Number::from_int(3))}})},
       {"version", Value::number(Number::from_int(4))}});
  Plan p = plan_resource(schema(), prior, config_with({{"name", Value::string("b")}}));
  CHECK(p.planned.attribute("id") == Value::string("x"));
  CHECK_FALSE(p.planned.attribute("version").is_known());
  REQUIRE(p.requires_replace.size() == 1);
  CHECK(p.requires_replace[0].to_string() == "name");

  Plan q = plan_resource(schema(), prior, config_with({{"name", Value::string("a")}, {"note", Value::string("n")}}));
  CHECK(q.requires_replace.empty());
  CHECK(q.planned.attribute("note") == Value::string("n"));
}

TEST_CASE("unknown configuration values stay unknown") {
  Value config = config_with({{"name", Value::unknown(Type::string())}});
  Plan p = plan_resource(schema(), Value::null(schema().object_type()), config);
  CHECK_FALSE(p.planned.attribute("name").is_known());
}

TEST_CASE("update: a null computed value stays null in the plan, it is not planned unknown") {
  // What the object does not hold (an ACTIVE integration's state message, an optional+computed
  // value the platform never set) is null in state; planning it unknown would show a change on
  // every plan.
  Value prior = config_with(
      {{"id", Value::string("x")},
       {"name", Value::string("a")},
       {"enabled", Value::boolean(true)},
       {"policy", Value::object(schema().find("policy")->type, {{"count", Value::number(Number::from_int(3))}})},
       {"version", Value::number(Number::from_int(4))}});
  REQUIRE(prior.attribute("mode").is_null());
  REQUIRE(prior.attribute("message").is_null());
  Plan p = plan_resource(schema(), prior, config_with({{"name", Value::string("a")}}));
  CHECK(p.planned.attribute("mode").is_known());
  CHECK(p.planned.attribute("mode").is_null());
  CHECK(p.planned.attribute("message").is_known());
  CHECK(p.planned.attribute("message").is_null());
  CHECK(p.planned == prior);
  CHECK(p.requires_replace.empty());

  // With a change, an unset optional+computed value still keeps its null; a computed-only one
  // may change with the object, so it is unknown like every non-stable computed value.
  Plan q = plan_resource(schema(), prior, config_with({{"name", Value::string("a")}, {"note", Value::string("n")}}));
  CHECK(q.planned.attribute("mode").is_known());
  CHECK(q.planned.attribute("mode").is_null());
  CHECK_FALSE(q.planned.attribute("message").is_known());
}
