#include <catch2/catch.hpp>

#include <algorithm>

#include "schema/loader.h"
#include "schema/validate.h"

using namespace ge::schema;
using ge::base::AttributePath;
using ge::base::Diagnostics;
using ge::value::Value;

namespace {

Validator make(Validator::Kind k, double min = 0, double max = 0) {
  Validator v{};
  v.kind = k;
  v.min = min;
  v.max = max;
  return v;
}

Diagnostics check(const Validator& v, const Value& val) {
  Diagnostics d;
  check_validator(v, val, AttributePath("a").attribute("b"), d);
  return d;
}

}  // namespace

TEST_CASE("https_url accepts https and names the attribute otherwise") {
  auto v = make(Validator::Kind::kHttpsUrl);
  CHECK_FALSE(check(v, Value::string("https://x.example.com/p?q=1")).has_errors());
  auto d = check(v, Value::string("http://x.example.com"));
  REQUIRE(d.has_errors());
  CHECK(d.items()[0].attribute->to_string() == "a.b");
  CHECK(d.items()[0].detail.find("`a.b`") != std::string::npos);
  CHECK(check(v, Value::string("https://")).has_errors());
}

TEST_CASE("length counts characters and range checks numbers") {
  CHECK(check(make(Validator::Kind::kLength, 2, 3), Value::string("é")).has_errors());
  CHECK_FALSE(check(make(Validator::Kind::kLength, 2, 3), Value::string("éé")).has_errors());
  auto range = make(Validator::Kind::kRange, 0, 10);
  CHECK_FALSE(check(range, Value::number(ge::value::Number::from_int(10))).has_errors());
  CHECK(check(range, Value::number(ge::value::Number::from_int(11))).has_errors());
}

TEST_CASE("duration accepts Go durations within its bounds and names the attribute otherwise") {
  auto v = make(Validator::Kind::kDuration, 1000, 300000);  // ["1s", "5m"]
  for (const char* good : {"1s", "10s", "1m30s", "5m", "2.5s"}) {
    INFO(good);
    CHECK_FALSE(check(v, Value::string(good)).has_errors());
  }
  for (const char* bad : {"0s", "999ms", "5m1s", "1h", "10", "ten seconds", ""}) {
    INFO(bad);
    CHECK(check(v, Value::string(bad)).has_errors());
  }
  auto d = check(v, Value::string("1h"));
  REQUIRE(d.has_errors());
  CHECK(d.items()[0].attribute->to_string() == "a.b");
  CHECK(d.items()[0].detail.find("from 1s to 5m, got \"1h\"") != std::string::npos);
}

TEST_CASE("JSON validators check the document shape") {
  auto strings = make(Validator::Kind::kJsonObjectOfStrings);
  CHECK_FALSE(check(strings, Value::string(R"({"Authorization":"${token}"})")).has_errors());
  CHECK(check(strings, Value::string(R"({"a":1})")).has_errors());
  CHECK(check(strings, Value::string("[1]")).has_errors());
  auto policy = make(Validator::Kind::kJsonFilterPolicy);
  CHECK_FALSE(check(policy, Value::string(R"({"eventType":["a",1,true]})")).has_errors());
  CHECK(check(policy, Value::string(R"({"eventType":"a"})")).has_errors());
  CHECK(check(policy, Value::string(R"({"eventType":[]})")).has_errors());
}

TEST_CASE("validation walks nested attributes, skips unknowns, and checks conflicts") {
  const char* text = R"({
    "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
    "api": { "collection_path": "/t", "item_path": "/t/{id}" },
    "attributes": {
      "id": { "type": "string", "computed": true, "description": "Id." },
      "url": { "type": "string", "optional": true, "description": "U.", "validators": [{ "https_url": true }],
               "conflicts_with": ["other"] },
      "other": { "type": "string", "optional": true, "description": "O." },
      "items": { "nested": "list", "optional": true, "description": "I.",
                 "attributes": { "n": { "type": "number", "optional": true, "description": "N.",
                                        "validators": [{ "range": [1, 5] }] } } }
    }
  })";
  auto loaded = load_schemas({{"t.json", text}});
  REQUIRE(loaded.ok());
  const ResourceSchema& s = loaded->at(0);
  auto item_type = s.find("items")->type.element();
  auto item = [&](Value n) { return Value::object(item_type, {{"n", std::move(n)}}); };
  Value config = Value::object(s.object_type(),
                               {{"id", Value::null(ge::value::Type::string())},
                                {"url", Value::string("http://bad")},
                                {"other", Value::string("x")},
                                {"items", Value::list(item_type, {item(Value::number(ge::value::Number::from_int(2))),
                                                                  item(Value::number(ge::value::Number::from_int(9))),
                                                                  item(Value::unknown(ge::value::Type::number()))})}});
  Diagnostics d;
  validate_config(s, config, d);
  std::vector<std::string> paths;
  for (const auto& i : d.items()) paths.push_back(i.attribute ? i.attribute->to_string() : "");
  std::sort(paths.begin(), paths.end());  // attributes are checked in name order
  CHECK(paths == std::vector<std::string>{"items[1].n", "url", "url"});
}

TEST_CASE("rules: conditional requirements follow the selector, its default, and unknowns") {
  const char* text = R"({
    "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
    "api": { "collection_path": "/t", "item_path": "/t/{id}" },
    "attributes": {
      "id": { "type": "string", "computed": true, "description": "Id." },
      "mode": { "type": "string", "optional": true, "computed": true, "default": "NONE", "description": "M." },
      "auth": { "nested": "single", "optional": true, "description": "A.",
                "attributes": { "user": { "type": "string", "optional": true, "description": "U." },
                                "token": { "type": "string", "optional": true, "description": "T." } } }
    },
    "rules": [
      { "when": { "mode": "BASIC" }, "required": ["auth.user"], "forbidden": ["auth.token"] },
      { "when": { "mode": "NONE" }, "forbidden": ["auth"] }
    ]
  })";
  auto loaded = load_schemas({{"t.json", text}});
  REQUIRE(loaded.ok());
  const ResourceSchema& s = loaded->at(0);
  auto auth_type = s.find("auth")->type;
  auto str = ge::value::Type::string();
  auto config = [&](Value mode, Value auth) {
    return Value::object(s.object_type(),
                         {{"id", Value::null(str)}, {"mode", std::move(mode)}, {"auth", std::move(auth)}});
  };
  auto auth = [&](Value user, Value token) {
    return Value::object(auth_type, {{"user", std::move(user)}, {"token", std::move(token)}});
  };
  auto paths = [&](const Value& c) {
    Diagnostics d;
    validate_config(s, c, d);
    std::vector<std::string> out;
    for (const auto& i : d.items()) out.push_back(i.attribute ? i.attribute->to_string() : "");
    return out;
  };
  // BASIC without a user and with a token: both named.
  CHECK(paths(config(Value::string("BASIC"), auth(Value::null(str), Value::string("t")))) ==
        std::vector<std::string>{"auth.user", "auth.token"});
  // BASIC with no auth object at all: the nested path is still required.
  CHECK(paths(config(Value::string("BASIC"), Value::null(auth_type))) == std::vector<std::string>{"auth.user"});
  CHECK(paths(config(Value::string("BASIC"), auth(Value::string("u"), Value::null(str)))).empty());
  // Unset mode means its default NONE, which forbids auth.
  CHECK(paths(config(Value::null(str), auth(Value::string("u"), Value::null(str)))) ==
        std::vector<std::string>{"auth"});
  // An unknown selector decides nothing yet.
  CHECK(paths(config(Value::unknown(str), auth(Value::null(str), Value::string("t")))).empty());
}

TEST_CASE("rules: exactly_one_of and bad rule paths") {
  const char* text = R"({
    "type_name": "genesysevents_thing", "kind": "data_source", "description": "T.",
    "api": { "collection_path": "/t", "item_path": "/t/{id}" },
    "attributes": {
      "id": { "type": "string", "optional": true, "computed": true, "description": "Id." },
      "name": { "type": "string", "optional": true, "computed": true, "description": "N." }
    },
    "rules": [ { "exactly_one_of": ["id", "name"] } ]
  })";
  auto loaded = load_schemas({{"t.json", text}});
  REQUIRE(loaded.ok());
  const ResourceSchema& s = loaded->at(0);
  auto str = ge::value::Type::string();
  auto count = [&](Value id, Value name) {
    Diagnostics d;
    validate_config(s, Value::object(s.object_type(), {{"id", std::move(id)}, {"name", std::move(name)}}), d);
    return d.items().size();
  };
  CHECK(count(Value::string("a"), Value::null(str)) == 0);
  CHECK(count(Value::null(str), Value::string("b")) == 0);
  CHECK(count(Value::null(str), Value::null(str)) == 1);
  CHECK(count(Value::string("a"), Value::string("b")) == 1);

  std::string bad = text;
  bad.replace(bad.find("[\"id\", \"name\"]"), 14, "[\"id\", \"nope\"]");
  auto r = load_schemas({{"bad.json", bad}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().messages.at(0).find("names no attribute nope") != std::string::npos);
}

TEST_CASE("write-only values are found inside single nested attributes and rejected for old CLIs") {
  const char* text = R"({
    "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
    "api": { "collection_path": "/t", "item_path": "/t/{id}" },
    "attributes": {
      "id": { "type": "string", "computed": true, "description": "Id." },
      "key_wo": { "type": "string", "optional": true, "write_only": true, "description": "K." },
      "auth": { "nested": "single", "optional": true, "description": "A.",
                "attributes": { "password": { "type": "string", "optional": true, "description": "P." },
                                "password_wo": { "type": "string", "optional": true, "write_only": true,
                                                 "description": "P." } } }
    }
  })";
  auto loaded = load_schemas({{"t.json", text}});
  REQUIRE(loaded.ok());
  const ResourceSchema& s = loaded->at(0);
  auto str = ge::value::Type::string();
  auto auth_type = s.find("auth")->type;
  auto config = [&](Value key, Value auth) {
    return Value::object(s.object_type(),
                         {{"id", Value::null(str)}, {"key_wo", std::move(key)}, {"auth", std::move(auth)}});
  };
  auto auth = [&](Value password, Value password_wo) {
    return Value::object(auth_type, {{"password", std::move(password)}, {"password_wo", std::move(password_wo)}});
  };
  auto names = [](const std::vector<AttributePath>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) out.push_back(p.to_string());
    return out;
  };
  CHECK(write_only_values(s.attributes, config(Value::null(str), Value::null(auth_type))).empty());
  CHECK(write_only_values(s.attributes, config(Value::null(str), auth(Value::string("p"), Value::null(str)))).empty());
  CHECK(
      names(write_only_values(s.attributes, config(Value::string("k"), auth(Value::null(str), Value::string("p"))))) ==
      std::vector<std::string>{"auth.password_wo", "key_wo"});
  // An unknown value will be set once known: it counts.
  CHECK(names(write_only_values(s.attributes, config(Value::null(str), auth(Value::null(str), Value::unknown(str))))) ==
        std::vector<std::string>{"auth.password_wo"});
  CHECK(write_only_values(s.attributes, Value::null(s.object_type())).empty());

  Diagnostics d;
  reject_write_only(s, config(Value::null(str), auth(Value::null(str), Value::string("p"))), d);
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].attribute->to_string() == "auth.password_wo");
  CHECK(d.items()[0].detail.find("`auth.password_wo` is write-only") != std::string::npos);
  CHECK(d.items()[0].detail.find("`auth.password` instead") != std::string::npos);
}

TEST_CASE("integer accepts whole numbers only and names the attribute") {
  auto whole = make(Validator::Kind::kInteger);
  auto number = [](const char* text) { return Value::number(*ge::value::Number::from_string(text)); };
  CHECK_FALSE(check(whole, number("3")).has_errors());
  CHECK_FALSE(check(whole, number("-20")).has_errors());
  CHECK_FALSE(check(whole, number("1e3")).has_errors());
  CHECK_FALSE(check(whole, number("123456789012345678901234567890")).has_errors());
  CHECK_FALSE(check(whole, Value::number(ge::value::Number::from_double(10.0))).has_errors());
  auto d = check(whole, number("2.5"));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].attribute->to_string() == "a.b");
  CHECK(d.items()[0].detail == "`a.b` must be a whole number, got 2.5.");
  CHECK(check(whole, number("0.1")).has_errors());
  CHECK(check(whole, Value::number(ge::value::Number::from_double(10.5))).has_errors());
}

TEST_CASE("the integer validator loads from a schema file, on numbers only") {
  const char* text = R"({
    "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
    "api": { "collection_path": "/t", "item_path": "/t/{id}" },
    "attributes": {
      "id": { "type": "string", "computed": true, "description": "Id." },
      "count": { "type": "number", "optional": true, "description": "C.",
                 "validators": [{ "integer": true }, { "range": [0, 10] }] }
    }
  })";
  auto loaded = load_schemas({{"t.json", text}});
  REQUIRE(loaded.ok());
  const ResourceSchema& s = loaded->at(0);
  auto config = [&](const char* count) {
    return Value::object(s.object_type(), {{"id", Value::null(ge::value::Type::string())},
                                           {"count", Value::number(*ge::value::Number::from_string(count))}});
  };
  Diagnostics fractional;
  validate_config(s, config("2.5"), fractional);
  REQUIRE(fractional.items().size() == 1);
  CHECK(fractional.items()[0].attribute->to_string() == "count");
  Diagnostics whole;
  validate_config(s, config("2"), whole);
  CHECK_FALSE(whole.has_errors());

  std::string on_string = text;
  on_string.replace(on_string.find("\"type\": \"number\""), 16, "\"type\": \"string\"");
  on_string.replace(on_string.find(", { \"range\": [0, 10] }"), 22, "");
  auto refused = load_schemas({{"bad.json", on_string}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().messages.at(0).find("integer") != std::string::npos);
  CHECK(refused.error().messages.at(0).find("number") != std::string::npos);
}
