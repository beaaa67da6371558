// List data sources (core/mapping/listing.h) through the engine's data-source read, against an
// in-process fake of a paged collection (tests/support/http_server.h) that answers as
// docs/reference/api-contract.md "Paging" describes, a few objects per page.
#include <catch2/catch.hpp>

#include <atomic>

#include "mapping/engine_test_support.h"
#include "mapping/listing.h"
#include "support/http_server.h"

using namespace ge::mapping;
using ge::base::Diagnostics;
using ge::mapping::testing::text_of;
using ge::value::Type;
using ge::value::Value;
using nlohmann::json;

namespace {

const char* kThingsSchema = R"({
  "type_name": "genesysevents_things", "kind": "data_source", "description": "T.",
  "api": { "collection_path": "/things", "list": true },
  "attributes": {
    "name_regex": { "type": "string", "optional": true, "regex_filter": "name", "description": "R." },
    "ids": { "type": ["list", "string"], "computed": true, "element_field": "id", "description": "I." },
    "items": { "nested": "list", "computed": true, "api": "entities", "description": "O.",
               "attributes": {
                 "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
                 "name": { "type": "string", "computed": true, "api": "name", "description": "N." }
               } }
  }
})";

const ge::schema::ResourceSchema& things_schema() { return ge::mapping::testing::schema_from(kThingsSchema); }

// The collection, three objects a page.
struct FakeCollection {
  ge::test_support::TestServer server;
  std::vector<json> objects;
  std::atomic<int> requests{0};

  explicit FakeCollection(const std::vector<std::string>& names) {
    for (size_t i = 0; i < names.size(); ++i)
      objects.push_back({{"id", "id-" + std::to_string(i)}, {"name", names[i]}});
    server.http().Get("/things", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests;
      const size_t per_page = 3;
      const size_t page = std::stoul(req.get_param_value("pageNumber"));
      const size_t page_count = std::max<size_t>(1, (objects.size() + per_page - 1) / per_page);
      json entities = json::array();
      for (size_t i = (page - 1) * per_page; i < std::min(objects.size(), page * per_page); ++i) {
        entities.push_back(objects[i]);
      }
      json body = {{"entities", entities},
                   {"pageSize", per_page},
                   {"pageNumber", page},
                   {"total", objects.size()},
                   {"pageCount", page_count}};
      if (page < page_count) body["nextUri"] = "/things?pageNumber=" + std::to_string(page + 1);
      res.set_content(body.dump(), "application/json");
    });
    server.start();
  }
};

// The engine over a collection of objects with these names.
struct Harness : ge::mapping::testing::EngineHarness<FakeCollection, things_schema> {
  explicit Harness(const std::vector<std::string>& names) : EngineHarness(names) {}
};

Value config(const std::optional<std::string>& name_regex = std::nullopt) {
  const Type type = things_schema().object_type();
  return Value::object(type, {{"name_regex", name_regex ? Value::string(*name_regex) : Value::null(Type::string())},
                              {"ids", Value::null(type.attributes().at("ids"))},
                              {"items", Value::null(type.attributes().at("items"))}});
}

std::vector<std::string> strings(const Value& list) {
  std::vector<std::string> out;
  for (const Value& v : list.elements()) out.push_back(v.as_string());
  return out;
}

std::vector<std::string> item_names(const Value& state) {
  std::vector<std::string> out;
  for (const Value& item : state.attribute("items").elements()) out.push_back(item.attribute("name").as_string());
  return out;
}

}  // namespace

TEST_CASE("listing data source: every page, in the API's order, ids lining up with items") {
  Harness h({"a", "b", "c", "d", "e", "f", "g"});
  Diagnostics diags;
  Value state = h.engine.read_data_source(config(), diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(h.api.requests == 3);
  CHECK(strings(state.attribute("ids")) ==
        std::vector<std::string>{"id-0", "id-1", "id-2", "id-3", "id-4", "id-5", "id-6"});
  CHECK(item_names(state) == std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g"});
  CHECK(state.attribute("items").elements().at(4).attribute("id") == Value::string("id-4"));
  CHECK(state.attribute("name_regex").is_null());
}

TEST_CASE("listing data source: name_regex keeps the objects whose name holds a match, case-sensitively") {
  Harness h({"orders-eu", "billing", "Orders-legacy", "orders-us", "returns-orders"});
  Diagnostics diags;
  Value prefixed = h.engine.read_data_source(config("^orders-"), diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(strings(prefixed.attribute("ids")) == std::vector<std::string>{"id-0", "id-3"});
  CHECK(item_names(prefixed) == std::vector<std::string>{"orders-eu", "orders-us"});
  CHECK(prefixed.attribute("name_regex") == Value::string("^orders-"));

  Value anywhere = h.engine.read_data_source(config("orders"), diags);
  CHECK(item_names(anywhere) == std::vector<std::string>{"orders-eu", "orders-us", "returns-orders"});
  Value either_case = h.engine.read_data_source(config("(?:O|o)rders-[a-z]+$"), diags);
  CHECK(item_names(either_case) == std::vector<std::string>{"orders-eu", "Orders-legacy", "orders-us"});
  REQUIRE_FALSE(diags.has_errors());
}

TEST_CASE("listing data source: nothing listed reads as empty lists, not null") {
  SECTION("an empty collection") {
    Harness h({});
    Diagnostics diags;
    Value state = h.engine.read_data_source(config(), diags);
    REQUIRE_FALSE(diags.has_errors());
    REQUIRE_FALSE(state.attribute("ids").is_null());
    REQUIRE_FALSE(state.attribute("items").is_null());
    CHECK(state.attribute("ids").elements().empty());
    CHECK(state.attribute("items").elements().empty());
  }
  SECTION("a filter matching nothing") {
    Harness h({"a", "b"});
    Diagnostics diags;
    Value state = h.engine.read_data_source(config("^z"), diags);
    REQUIRE_FALSE(diags.has_errors());
    CHECK(state.attribute("ids") == Value::list(Type::string(), {}));
    REQUIRE_FALSE(state.attribute("items").is_null());
    CHECK(state.attribute("items").elements().empty());
  }
}

TEST_CASE(
    "listing data source: an invalid name_regex is an error naming it, at validation and at read, before any request") {
  Harness h({"a"});
  Diagnostics validated;
  validate_regex_filters(things_schema(), config("orders-("), validated);
  REQUIRE(validated.items().size() == 1);
  CHECK(validated.items()[0].attribute->to_string() == "name_regex");
  CHECK(validated.items()[0].detail.find("`name_regex` must be a valid regular expression") != std::string::npos);

  Diagnostics fine;
  validate_regex_filters(things_schema(), config("orders-(eu|us)"), fine);
  validate_regex_filters(things_schema(), config(), fine);
  validate_regex_filters(things_schema(), Value::unknown(things_schema().object_type()), fine);
  CHECK_FALSE(fine.has_errors());

  // A value unknown at plan time is checked when it is known, at the read.
  Diagnostics read;
  Value state = h.engine.read_data_source(config("[unclosed"), read);
  REQUIRE(read.items().size() == 1);
  CHECK(read.items()[0].attribute->to_string() == "name_regex");
  CHECK(state.is_null());
  CHECK(h.api.requests == 0);
}

TEST_CASE("listing keys: regex_filter and element_field load only where a list data source can honour them") {
  auto errors_of = [](std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    auto loaded = ge::schema::load_schemas({{"bad.json", text}});
    REQUIRE_FALSE(loaded.ok());
    return loaded.error().messages;
  };
  const std::string text = kThingsSchema;
  auto not_listed = errors_of(text, R"("list": true)", R"("item_path": "/things/{id}")");
  REQUIRE(not_listed.size() == 2);
  CHECK(not_listed[0].find("attributes.ids.element_field") != std::string::npos);
  CHECK(not_listed[1].find("attributes.name_regex.regex_filter") != std::string::npos);

  auto computed_filter = errors_of(text, R"("optional": true, "regex_filter")", R"("computed": true, "regex_filter")");
  REQUIRE(computed_filter.size() == 1);
  CHECK(computed_filter[0].find("name_regex.regex_filter") != std::string::npos);

  auto set_of_ids = errors_of(text, R"(["list", "string"])", R"(["set", "string"])");
  REQUIRE(set_of_ids.size() == 1);
  CHECK(set_of_ids[0].find("ids.element_field") != std::string::npos);

  auto nested = errors_of(text, R"("api": "name", "description": "N.")",
                          R"("api": "name", "element_field": "id", "description": "N.")");
  REQUIRE(nested.size() == 1);
  CHECK(nested[0].find("attributes.items.attributes.name") != std::string::npos);
  CHECK(nested[0].find("top-level attributes only") != std::string::npos);
}
