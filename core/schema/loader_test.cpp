#include <catch2/catch.hpp>

#include "schema/loader.h"

using namespace ge::schema;

namespace {
const char* kGood = R"({
  "type_name": "genesysevents_thing",
  "description": "A thing.",
  "import": "By id.",
  "api": { "collection_path": "/api/v2/things", "item_path": "/api/v2/things/{id}" },
  "attributes": {
    "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
    "name": { "type": "string", "required": true, "api": "name", "description": "Name.",
              "validators": [{ "length": [1, 10] }] },
    "policy": { "nested": "single", "optional": true, "computed": true, "api": "policy", "description": "P.",
                "attributes": { "count": { "type": "number", "optional": true, "computed": true, "default": 3,
                                           "api": "count", "description": "C." } } }
  }
})";
}

TEST_CASE("a well-formed schema loads with its types") {
  auto r = load_schemas({{"thing.json", kGood}});
  REQUIRE(r.ok());
  const ResourceSchema& s = r->at(0);
  CHECK(s.type_name == "genesysevents_thing");
  REQUIRE(s.find("policy") != nullptr);
  CHECK(s.find("policy")->type.to_json() == R"(["object",{"count":"number"}])");
  CHECK(s.find("policy")->attributes.at(0).default_value.has_value());
  CHECK(s.object_type().attributes().size() == 3);
}

TEST_CASE("every problem in every file is reported at once") {
  const char* bad = R"({
    "type_name": "Bad Name",
    "description": "",
    "api": { "item_path": "/no/placeholder" },
    "attributes": {
      "x": { "type": "string", "required": true, "computed": true, "description": "X." },
      "y": { "type": "strang", "optional": true, "description": "Y." },
      "z": { "type": "string", "optional": true, "default": "a", "description": "Z." }
    }
  })";
  auto r = load_schemas({{"bad.json", bad}, {"also.json", "{ not json"}});
  REQUIRE_FALSE(r.ok());
  std::string all;
  for (const auto& m : r.error().messages) all += m + "\n";
  INFO(all);
  CHECK(all.find("bad.json: type_name") != std::string::npos);
  CHECK(all.find("bad.json: description") != std::string::npos);
  CHECK(all.find("api.item_path") != std::string::npos);
  CHECK(all.find("cannot be both required and computed") != std::string::npos);
  CHECK(all.find("attributes.y.type") != std::string::npos);
  CHECK(all.find("a default needs computed") != std::string::npos);
  CHECK(all.find("needs a computed `id`") != std::string::npos);
  CHECK(all.find("also.json: not valid JSON") != std::string::npos);
}

TEST_CASE("write-only attributes only at the top level and in single nested attributes") {
  std::string text = R"({
    "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
    "api": { "collection_path": "/t", "item_path": "/t/{id}" },
    "attributes": {
      "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
      "items": { "nested": "NESTING", "optional": true, "description": "I.",
                 "attributes": { "s_wo": { "type": "string", "optional": true, "write_only": true,
                                           "description": "S." } } }
    }
  })";
  auto with = [&](const std::string& nesting) {
    std::string t = text;
    t.replace(t.find("NESTING"), 7, nesting);
    return load_schemas({{"t.json", t}});
  };
  CHECK(with("single").ok());
  for (const char* nesting : {"list", "set", "map"}) {
    auto r = with(nesting);
    INFO(nesting);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().messages.at(0).find("write_only is only allowed at the top level") != std::string::npos);
  }
}

TEST_CASE("a provider argument's env key names its variable in the description, and resources have none") {
  const char* provider = R"({
    "type_name": "genesysevents", "kind": "provider", "description": "P.",
    "attributes": { "api_url": { "type": "string", "optional": true, "description": "The API.",
                                 "env": "GENESYSCLOUD_API_URL" } }
  })";
  auto r = load_schemas({{"provider.json", provider}});
  REQUIRE(r.ok());
  CHECK(r->at(0).find("api_url")->env == "GENESYSCLOUD_API_URL");
  CHECK(r->at(0).find("api_url")->description == "The API. Environment: `GENESYSCLOUD_API_URL`.");

  std::string on_resource = kGood;
  on_resource.replace(on_resource.find("\"api\": \"name\""), 13, "\"api\": \"name\", \"env\": \"THING_NAME\"");
  auto refused = load_schemas({{"thing.json", on_resource}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().messages.at(0).find("attributes.name.env") != std::string::npos);
}

namespace {

// Everything about an attribute that reaches the protocol schema or validation, as one line.
std::string describe(const Attribute& a) {
  std::string out = a.name + " " + a.type.to_json() + " " + a.description + " api=" + a.api_field;
  for (bool flag : {a.required, a.optional, a.computed, a.sensitive, a.write_only, a.secret}) out += flag ? "1" : "0";
  for (const auto& v : a.validators) out += " v" + std::to_string(static_cast<int>(v.kind));
  for (const auto& c : a.conflicts_with) out += " conflicts:" + c;
  for (const auto& c : a.required_with) out += " with:" + c;
  for (const auto& c : a.attributes) out += "\n  " + describe(c);
  return out;
}

std::string describe(const ResourceSchema& s) {
  std::string out;
  for (const auto& a : s.attributes) out += describe(a) + "\n";
  return out;
}

}  // namespace

TEST_CASE("write_only_twin generates the twin and its version exactly as written by hand") {
  const std::string head = R"({
    "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
    "api": { "collection_path": "/t", "item_path": "/t/{id}" },
    "attributes": {
      "id": { "type": "string", "computed": true, "description": "Id." },
      "key_url": { "type": "string", "optional": true, "description": "Sorts between key and key_wo." },)";
  const std::string written = head + R"(
      "key": { "type": "string", "optional": true, "sensitive": true, "secret": true, "api": "signingKey",
               "conflicts_with": ["key_wo"], "validators": [{ "length": [16, 256] }], "description": "K." },
      "key_wo": { "type": "string", "optional": true, "write_only": true, "sensitive": true, "api": "signingKey",
                  "validators": [{ "length": [16, 256] }],
                  "description": "Write-only form of `key` (OpenTofu >= 1.11, Terraform >= 1.11): never stored in state. Change `key_wo_version` to send a new value." },
      "key_wo_version": { "type": "number", "optional": true, "required_with": ["key_wo"],
                          "description": "Any number; changing it sends `key_wo` again." },
      "auth": { "nested": "single", "optional": true, "description": "A.", "attributes": {
        "password": { "type": "string", "optional": true, "sensitive": true, "secret": true, "api": "password",
                      "description": "P." },
        "password_wo": { "type": "string", "optional": true, "write_only": true, "sensitive": true, "api": "password",
                         "description": "Own words." },
        "password_wo_version": { "type": "number", "optional": true, "required_with": ["password_wo"],
                                 "description": "Own version words." } } }
    },
    "rules": [ { "exactly_one_of": ["auth.password", "auth.password_wo"] } ]
  })";
  const std::string generated = head + R"(
      "key": { "type": "string", "optional": true, "sensitive": true, "secret": true, "api": "signingKey",
               "write_only_twin": true, "validators": [{ "length": [16, 256] }], "description": "K." },
      "auth": { "nested": "single", "optional": true, "description": "A.", "attributes": {
        "password": { "type": "string", "optional": true, "sensitive": true, "secret": true, "api": "password",
                      "write_only_twin": { "description": "Own words.", "version_description": "Own version words." },
                      "description": "P." } } }
    },
    "rules": [ { "exactly_one_of": ["auth.password", "auth.password_wo"] } ]
  })";
  auto by_hand = load_schemas({{"written.json", written}});
  auto by_flag = load_schemas({{"generated.json", generated}});
  REQUIRE(by_hand.ok());
  REQUIRE(by_flag.ok());
  CHECK(describe(by_flag->at(0)) == describe(by_hand->at(0)));
  CHECK(by_flag->at(0).object_type().to_json() == by_hand->at(0).object_type().to_json());
}

TEST_CASE("write_only_twin needs a secret, and refuses a twin also written by hand") {
  const std::string base = R"({
    "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
    "api": { "collection_path": "/t", "item_path": "/t/{id}" },
    "attributes": {
      "id": { "type": "string", "computed": true, "description": "Id." },
      "key": { "type": "string", "optional": true, "sensitive": true, "write_only_twin": true, "description": "K." },
      "key_wo": { "type": "string", "optional": true, "write_only": true, "description": "Twice." }
    }
  })";
  auto r = load_schemas({{"t.json", base}});
  REQUIRE_FALSE(r.ok());
  std::string all;
  for (const auto& m : r.error().messages) all += m + "\n";
  INFO(all);
  CHECK(all.find("attributes.key.write_only_twin: needs a secret attribute") != std::string::npos);
  CHECK(all.find("attributes.key_wo: declared twice") != std::string::npos);
}

TEST_CASE("the lifecycle keys load, and their mistakes are reported") {
  const char* good = R"({
    "type_name": "genesysevents_widget", "description": "W.", "import": "Id.",
    "api": { "collection_path": "/i", "item_path": "/i/{id}", "list_query": { "kind": "widget" },
             "object_match": { "kind.id": "widget" }, "create_fields": ["name"],
             "create_constants": { "kind": { "id": "widget" } }, "update_method": "PATCH",
             "update_fields": ["intendedState"], "eventually_consistent": true,
             "read_also": [{ "path": "/i/{id}/config", "as": "config",
                             "write": { "version_field": "version", "conflict_retries": 10, "copy": ["name"] },
                             "in_listing": { "query": { "expand": "config.current" }, "field": "config.current" } }],
             "async": { "kind": "state", "poll_path": "/i/{id}", "status_field": "state.code",
                        "expected_state": { "attribute": "enabled", "states": { "true": ["ON"], "false": ["OFF"] } } } },
    "attributes": {
      "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
      "name": { "type": "string", "required": true, "api": "name", "description": "N." },
      "enabled": { "type": "bool", "optional": true, "computed": true, "default": true, "api": "intendedState",
                   "api_values": { "true": "ENABLED", "false": "DISABLED" }, "description": "E." }
    }
  })";
  auto r = load_schemas({{"widget.json", good}});
  REQUIRE(r.ok());
  const ResourceSchema& s = r->at(0);
  CHECK(s.api.list_query == std::vector<std::pair<std::string, std::string>>{{"kind", "widget"}});
  CHECK(s.api.object_match == std::vector<std::pair<std::string, std::string>>{{"kind.id", "widget"}});
  REQUIRE(s.api.read_also.at(0).write.has_value());
  CHECK(s.api.read_also.at(0).write->method == "PUT");
  CHECK(s.api.read_also.at(0).write->conflict_retries == 10);
  REQUIRE(s.api.read_also.at(0).in_listing.has_value());
  CHECK(s.api.read_also.at(0).in_listing->query ==
        std::vector<std::pair<std::string, std::string>>{{"expand", "config.current"}});
  CHECK(s.api.read_also.at(0).in_listing->field == "config.current");
  CHECK(s.api.async.kind == AsyncSpec::Kind::kState);
  CHECK(s.api.async.success_states_for(ge::value::Value::null(s.object_type())).empty());
  CHECK(s.find("enabled")->api_values.at("false") == "DISABLED");

  const char* bad = R"({
    "type_name": "genesysevents_widget", "description": "W.", "import": "Id.",
    "api": { "collection_path": "/i", "item_path": "/i/{id}", "update_fields_typo": [],
             "read_also": [{ "path": "/i/{id}/config", "as": "config", "in_listing": { "query": { "expand": 1 } } }],
             "async": { "kind": "state", "poll_path": "/i/{id}",
                        "expected_state": { "attribute": "missing", "states": { "true": ["ON"] } } } },
    "attributes": { "id": { "type": "string", "computed": true, "api": "id", "description": "Id." } }
  })";
  auto failed = load_schemas({{"bad.json", bad}});
  REQUIRE_FALSE(failed.ok());
  std::string all;
  for (const auto& m : failed.error().messages) all += m + "\n";
  INFO(all);
  CHECK(all.find("api.update_fields_typo: unknown key") != std::string::npos);
  CHECK(all.find("api.async.expected_state.attribute") != std::string::npos);
  CHECK(all.find("api.read_also.in_listing: needs `query` (an object of strings) and `field`") != std::string::npos);
}

TEST_CASE("the duration validator takes two ordered durations and applies to strings") {
  auto load = [](const std::string& attribute) {
    return load_schemas({{"d.json", R"({ "type_name": "genesysevents_d", "kind": "data_source", "description": "D.",
      "api": { "item_path": "/d/{id}" }, "attributes": { "id": { "type": "string", "required": true, "description": "I." },
      "t": )" + attribute + " } }"}});
  };
  auto good = load(
      R"({ "type": "string", "optional": true, "description": "T.", "validators": [{ "duration": ["1s", "5m"] }] })");
  REQUIRE(good.ok());
  const Validator& v = good->at(0).find("t")->validators.at(0);
  CHECK(v.kind == Validator::Kind::kDuration);
  CHECK(v.min == 1000);
  CHECK(v.max == 300000);
  for (const char* bad : {R"([{ "duration": ["5m", "1s"] }])", R"([{ "duration": ["1s"] }])",
                          R"([{ "duration": [1, 5] }])", R"([{ "duration": ["1s", "forever"] }])"}) {
    auto r = load(std::string(R"({ "type": "string", "optional": true, "description": "T.", "validators": )") + bad +
                  " }");
    INFO(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().messages.at(0).find("attributes.t.validators.duration") != std::string::npos);
  }
  auto number = load(
      R"({ "type": "number", "optional": true, "description": "T.", "validators": [{ "duration": ["1s", "5m"] }] })");
  REQUIRE_FALSE(number.ok());
  CHECK(number.error().messages.at(0).find("applies to string attributes only") != std::string::npos);
}

TEST_CASE("read_method and id_attribute: one-object data sources only, naming a settable string") {
  auto load = [](const std::string& kind, const std::string& api) {
    return load_schemas({{"h.json", R"({ "type_name": "genesysevents_h", "kind": ")" + kind +
                                        R"(", "description": "H.", "import": "I.", "api": )" + api + R"(,
      "attributes": { "id": { "type": "string", "computed": true, "description": "I." },
                      "thing_id": { "type": "string", "required": true, "description": "T." },
                      "count": { "type": "number", "optional": true, "description": "C." } } })"}});
  };
  auto good = load("data_source",
                   R"({ "item_path": "/t/{id}/health", "read_method": "POST", "id_attribute": "thing_id" })");
  REQUIRE(good.ok());
  CHECK(good->at(0).api.read_method == "POST");
  CHECK(good->at(0).api.id_attribute == "thing_id");
  auto defaults = load("data_source", R"({ "item_path": "/t/{id}" })");
  REQUIRE(defaults.ok());
  CHECK(defaults->at(0).api.read_method == "GET");
  CHECK(defaults->at(0).api.id_attribute == "id");

  struct Bad {
    std::string kind, api, expected;
  };
  for (const Bad& bad : std::vector<Bad>{
           {"data_source", R"({ "item_path": "/t/{id}", "read_method": "DELETE" })", "must be GET or POST"},
           {"resource", R"({ "collection_path": "/t", "item_path": "/t/{id}", "read_method": "POST" })",
            "applies to data sources reading one object"},
           {"data_source", R"({ "collection_path": "/t", "list": true, "read_method": "POST" })",
            "applies to data sources reading one object"},
           {"data_source", R"({ "item_path": "/t/{id}", "id_attribute": "nope" })", "settable top-level string"},
           {"data_source", R"({ "item_path": "/t/{id}", "id_attribute": "count" })", "settable top-level string"},
           {"data_source", R"({ "item_path": "/t/{id}", "id_attribute": "id" })", "settable top-level string"},
       }) {
    auto r = load(bad.kind, bad.api);
    INFO(bad.api);
    REQUIRE_FALSE(r.ok());
    std::string all;
    for (const auto& m : r.error().messages) all += m + "\n";
    CHECK(all.find(bad.expected) != std::string::npos);
  }
}

TEST_CASE("a data source may leave out api (its type hook reads it) but a resource may not") {
  auto load = [](const std::string& kind) {
    return load_schemas({{"n.json", R"({ "type_name": "genesysevents_n", "kind": ")" + kind +
                                        R"(", "description": "N.", "import": "I.",
      "attributes": { "id": { "type": "string", "computed": true, "description": "I." } } })"}});
  };
  CHECK(load("data_source").ok());
  auto resource = load("resource");
  REQUIRE_FALSE(resource.ok());
  CHECK(resource.error().messages.at(0).find("api: is required") != std::string::npos);
}
