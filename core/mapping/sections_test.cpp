// The engine's create-then-configure-then-enable lifecycle (docs/design/schema-files.md
// "Sections") against an in-process fake shaped like the Platform API's integrations
// (docs/reference/platform-api.md): a section written with its current version, conflicts
// retried, the deferred PATCH, state waits picked by an attribute, ERROR, eventual consistency
// after create and delete, object_match, api_values and empty_alias.
#include <catch2/catch.hpp>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "mapping/engine_test_support.h"
#include "mapping/read_batcher.h"
#include "support/http_server.h"

using namespace ge::mapping;
using ge::mapping::testing::api_error;
using ge::mapping::testing::text_of;
using namespace std::chrono_literals;
using ge::base::Diagnostics;
using ge::value::Type;
using ge::value::Value;
using nlohmann::json;

namespace {

const char* kIntegrationSchema = R"({
  "type_name": "genesysevents_widget", "description": "W.", "import": "Id.",
  "api": {
    "collection_path": "/i", "item_path": "/i/{id}",
    "list_query": { "kind": "widget" },
    "object_match": { "kind.id": "widget" },
    "create_fields": ["name"],
    "create_constants": { "kind": { "id": "widget" } },
    "update_method": "PATCH", "update_fields": ["intendedState"],
    "eventually_consistent": true, "unique_names": false,
    "read_also": [{ "path": "/i/{id}/config", "as": "config",
                    "in_listing": { "query": { "expand": "config.current" }, "field": "config.current" },
                    "write": { "method": "PUT", "version_field": "version", "conflict_retries": 3,
                               "constants": { "advanced": {} }, "copy": ["name", "notes"] } }],
    "async": { "kind": "state", "poll_path": "/i/{id}", "status_field": "reportedState.code",
               "expected_state": { "attribute": "enabled", "states": { "true": ["ACTIVE"], "false": ["INACTIVE"] } },
               "failure_states": ["ERROR"], "message_field": "reportedState.detail.message" }
  },
  "timeouts": { "create": "3s", "update": "3s", "delete": "3s" },
  "attributes": {
    "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
    "name": { "type": "string", "required": true, "api": "name", "description": "N." },
    "region": { "type": "string", "required": true, "api": "config.properties.region", "description": "R." },
    "enabled": { "type": "bool", "optional": true, "computed": true, "default": true, "api": "intendedState",
                 "api_values": { "true": "ENABLED", "false": "DISABLED" }, "description": "E." },
    "notes": { "type": "string", "optional": true, "computed": true, "default": "", "api": "notes",
               "empty_alias": "node_dynamodb_empty_string", "description": "No." },
    "reported_state": { "type": "string", "computed": true, "api": "reportedState.code", "description": "S." },
    "config_version": { "type": "number", "computed": true, "api": "config.version", "description": "V." }
  }
})";

const ge::schema::ResourceSchema& widget_schema() { return ge::mapping::testing::schema_from(kIntegrationSchema); }

// The fake platform: every request is logged as "METHOD path"; enabling, or saving the
// configuration of an enabled object, moves the reported state to ACTIVE (or ERROR when
// `activation_error` is set) after `polls_to_settle` GETs.
struct FakePlatform {
  ge::test_support::TestServer server;
  std::mutex mu;
  std::vector<std::string> log;
  std::vector<json> bodies;  // of every POST, PUT and PATCH, in order
  std::map<std::string, json> objects;
  int next_id = 1;
  int polls_to_settle = 1;
  int polls_left = 0;
  std::string activation_error;
  int config_conflicts = 0;      // the next N config PUTs meet a version someone else just moved on
  int invisible_gets = 0;        // GETs of a new object answer 404 this many times
  int missing_gets = 0;          // the next N GETs of an existing object (not its configuration) answer 404
  int lingering_gets = 0;        // GETs of a deleted object answer 200 this many times
  int stale_inactive_polls = 0;  // after an enable, this many polls still see INACTIVE
  json deleted_object;
  int stale_polls_after_write = 0;  // after a write that moves the state, this many polls show the old one
  int stale_left = 0;
  int posts_committed_then_failed = 0;  // the next N POSTs make their object, then answer 503
  int posts_failed_uncommitted = 0;     // the next N POSTs answer 502 and make nothing
  bool post_races_same_name = false;
  std::string listing_drops;
  std::string config_put_conflict_code;  // the next config PUT answers 409 with this code  // a field the listing's
                                         // embedded configuration leaves out    // another client makes an object of
                                         // the same name with each POST

  // An object as GET answers it.
  static json shown(json o) {
    o.erase("_config");
    o.erase("_settling");
    o.erase("_before");
    return o;
  }
  std::string add_locked(json o) {
    std::string id = "w-" + std::to_string(next_id++);
    o["id"] = id;
    if (!o.contains("_config")) o["_config"] = {{"version", 1}, {"properties", json::object()}};
    objects[id] = std::move(o);
    return id;
  }

  void reply(httplib::Response& res, int status, const json& body) {
    res.status = status;
    if (!body.is_null()) res.set_content(body.dump(), "application/json");
  }
  std::vector<std::string> requests() {
    std::lock_guard lock(mu);
    return log;
  }
  // Moves the reported state on, one poll at a time.
  void advance(json& o) {
    const std::string code = o["reportedState"]["code"];
    if (code == "ACTIVATING" || code == "DEACTIVATING") {
      if (stale_inactive_polls > 0) {
        --stale_inactive_polls;
        o["reportedState"]["code"] = code == "ACTIVATING" ? "INACTIVE" : "ACTIVE";
        o["_settling"] = code;
        return;
      }
      if (polls_left-- > 0) return;
      if (code == "DEACTIVATING") o["reportedState"] = {{"code", "INACTIVE"}};
      else if (activation_error.empty()) o["reportedState"] = {{"code", "ACTIVE"}};
      else o["reportedState"] = {{"code", "ERROR"}, {"detail", {{"message", activation_error}}}};
    } else if (o.contains("_settling")) {
      o["reportedState"]["code"] = o["_settling"];
      o.erase("_settling");
      advance(o);
    }
  }

  FakePlatform() {
    auto& s = server.http();
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      std::lock_guard lock(mu);
      log.push_back(req.method + " " + req.path);  // bodies are read after routing: see the handlers
      return httplib::Server::HandlerResponse::Unhandled;
    });
    s.Post("/i", [this](const httplib::Request& req, httplib::Response& res) {
      json body = json::parse(req.body);
      std::lock_guard lock(mu);
      bodies.push_back(body);
      if (post_races_same_name) add_locked({{"name", body["name"]}, {"kind", body["kind"]}, {"notes", ""}});
      if (posts_failed_uncommitted > 0) {
        --posts_failed_uncommitted;
        return reply(res, 502, api_error(502, "bad.gateway", "upstream failed"));
      }
      json o = {{"name", body["name"]},
                {"kind", body["kind"]},
                {"notes", body.value("notes", "") == "" ? "node_dynamodb_empty_string" : body["notes"]},
                {"intendedState", "DISABLED"},
                {"reportedState", {{"code", "INACTIVE"}}}};
      const std::string id = add_locked(o);
      if (posts_committed_then_failed > 0) {
        --posts_committed_then_failed;
        return reply(res, 503, api_error(503, "service.unavailable", "try again"));
      }
      reply(res, 201, shown(objects[id]));
    });
    s.Get("/i", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      json entities = json::array();
      for (const auto& [id, o] : objects) {
        if (req.get_param_value("kind") != o["kind"].value("id", "")) continue;
        json e = shown(o);
        if (req.get_param_value("expand") == "config.current") {
          e["config"] = {{"current", o["_config"]}};
          if (!listing_drops.empty()) e["config"]["current"].erase(listing_drops);
        }
        entities.push_back(e);
      }
      reply(res, 200, {{"entities", entities}, {"pageCount", 1}});
    });
    s.Get(R"(/i/([^/]+)/config)", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      auto it = objects.find(req.matches[1]);
      if (it == objects.end() || invisible_gets-- > 0) return reply(res, 404, api_error(404, "not.found", "no"));
      reply(res, 200, it->second["_config"]);
    });
    s.Put(R"(/i/([^/]+)/config)", [this](const httplib::Request& req, httplib::Response& res) {
      json body = json::parse(req.body);
      std::lock_guard lock(mu);
      bodies.push_back(body);
      auto it = objects.find(req.matches[1]);
      if (it == objects.end()) return reply(res, 404, api_error(404, "not.found", "no"));
      json& config = it->second["_config"];
      if (!config_put_conflict_code.empty()) {
        const std::string code = config_put_conflict_code;
        config_put_conflict_code.clear();
        return reply(res, 409, api_error(409, code, "Another operation on this integration is in progress"));
      }
      if (body.value("properties", json::object()).value("region", "") == "invalid") {
        json e = api_error(400, "bad.request", "The configuration is invalid");
        e["details"] = {{{"errorCode", "invalid.value"}, {"fieldName", "properties.region"}}};
        return reply(res, 400, e);
      }
      if (config_conflicts > 0) {  // someone else saved a configuration a moment ago
        --config_conflicts;
        config["version"] = config["version"].get<int>() + 1;
      }
      if (body["version"] != config["version"]) {
        return reply(res, 409, api_error(409, "version.mismatch", "The version number does not match"));
      }
      if (!body.contains("advanced") || body.value("name", "") != it->second["name"]) {
        return reply(res, 400, api_error(400, "bad.request", "advanced and the integration's name are required"));
      }
      json saved = body;
      saved["version"] = config["version"].get<int>() + 1;
      config = saved;
      if (body.contains("notes")) {  // the integration's notes are its configuration's
        it->second["notes"] = body["notes"] == "" ? json("node_dynamodb_empty_string") : body["notes"];
      }
      if (it->second["intendedState"] == "ENABLED") {  // a new configuration is activated again
        it->second["_before"] = it->second["reportedState"];
        stale_left = stale_polls_after_write;
        it->second["reportedState"] = {{"code", "ACTIVATING"}};
        polls_left = polls_to_settle;
      }
      reply(res, 200, config);
    });
    s.Patch(R"(/i/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      json body = json::parse(req.body);
      std::lock_guard lock(mu);
      bodies.push_back(body);
      auto it = objects.find(req.matches[1]);
      if (it == objects.end()) return reply(res, 404, api_error(404, "not.found", "no"));
      if (body.size() != 1 || !body.contains("intendedState")) {
        return reply(res, 400, api_error(400, "bad.request", "PATCH takes intendedState only"));
      }
      if (it->second["intendedState"] != body["intendedState"]) {
        it->second["intendedState"] = body["intendedState"];
        it->second["_before"] = it->second["reportedState"];
        stale_left = stale_polls_after_write;
        it->second["reportedState"] = {{"code", body["intendedState"] == "ENABLED" ? "ACTIVATING" : "DEACTIVATING"}};
        polls_left = polls_to_settle;
      }
      reply(res, 200, shown(it->second));
    });
    s.Get(R"(/i/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      auto it = objects.find(req.matches[1]);
      if (it == objects.end()) {
        if (!deleted_object.is_null() && deleted_object["id"] == req.matches[1] && lingering_gets-- > 0) {
          return reply(res, 200, deleted_object);
        }
        return reply(res, 404, api_error(404, "not.found", "no"));
      }
      if (invisible_gets-- > 0) return reply(res, 404, api_error(404, "not.found", "no"));
      if (missing_gets > 0) {  // a replica that lost it again: reads that flap after a create
        --missing_gets;
        return reply(res, 404, api_error(404, "not.found", "no"));
      }
      if (stale_left > 0 && it->second.contains("_before")) {  // a replica that has not seen the write
        --stale_left;
        json o = shown(it->second);
        o["reportedState"] = it->second["_before"];
        return reply(res, 200, o);
      }
      it->second.erase("_before");
      advance(it->second);
      reply(res, 200, shown(it->second));
    });
    s.Delete(R"(/i/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      auto it = objects.find(req.matches[1]);
      if (it == objects.end()) return reply(res, 404, api_error(404, "not.found", "no"));
      deleted_object = it->second;
      deleted_object.erase("_config");
      objects.erase(it);
      reply(res, 200, deleted_object);
    });
    server.start();
  }
};

using Harness = ge::mapping::testing::EngineHarness<FakePlatform, widget_schema>;

Value null_state() { return Value::null(widget_schema().object_type()); }

// A plan: name and region set, enabled and notes as given, computed values unknown on create.
Value widget(const std::string& region, bool enabled, const std::string& notes = "", bool create = true,
             const Value& prior = Value()) {
  const Type type = widget_schema().object_type();
  std::map<std::string, Value> fields;
  for (const auto& [name, attribute_type] : type.attributes()) {
    fields.emplace(name, create ? Value::unknown(attribute_type) : prior.attribute(name));
  }
  fields["name"] = Value::string("w");
  fields["region"] = Value::string(region);
  fields["enabled"] = Value::boolean(enabled);
  fields["notes"] = Value::string(notes);
  fields["timeouts"] = Value::null(type.attributes().at("timeouts"));
  if (!create) {
    fields["reported_state"] = Value::unknown(Type::string());
    fields["config_version"] = Value::unknown(Type::number());
  }
  return Value::object(type, fields);
}

// The requests except polls and reads, in order.
std::vector<std::string> writes(FakePlatform& api) {
  std::vector<std::string> out;
  for (const auto& r : api.requests()) {
    if (r.rfind("GET ", 0) != 0) out.push_back(r);
  }
  return out;
}

Value created(Harness& h, bool enabled = true) {
  Diagnostics diags;
  Value planned = widget("eu", enabled);
  Value state = h.engine.apply(null_state(), planned, planned, diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  return state;
}

}  // namespace

TEST_CASE(
    "sections: create posts the create fields, writes the section with its version, then sends the rest, then waits") {
  Harness h;
  h.api.polls_to_settle = 2;
  Value state = created(h);
  CHECK(writes(h.api) == std::vector<std::string>{"POST /i", "PUT /i/w-1/config", "PATCH /i/w-1"});
  const auto requests = h.api.requests();
  // The section's version is read right before its write.
  auto put = std::find(requests.begin(), requests.end(), "PUT /i/w-1/config");
  REQUIRE(put != requests.begin());
  CHECK(*std::prev(put) == "GET /i/w-1/config");
  // The POST carries the create fields alone (CreateIntegrationRequest: name and type); notes go
  // in the configuration.
  CHECK(h.api.bodies[0] == json({{"name", "w"}, {"kind", {{"id", "widget"}}}}));
  CHECK(h.api.bodies[1] == json({{"version", 1},
                                 {"properties", {{"region", "eu"}}},
                                 {"advanced", json::object()},
                                 {"name", "w"},
                                 {"notes", ""}}));
  CHECK(h.api.bodies[2] == json({{"intendedState", "ENABLED"}}));
  CHECK(state.attribute("reported_state") == Value::string("ACTIVE"));
  CHECK(state.attribute("enabled") == Value::boolean(true));  // api_values
  CHECK(state.attribute("notes") == Value::string(""));       // empty_alias
  CHECK(state.attribute("config_version") == Value::number(ge::value::Number::from_int(2)));
}

TEST_CASE("sections: a disabled create waits for INACTIVE, and a stale INACTIVE after enabling is not success") {
  Harness h;
  Value state = created(h, /*enabled=*/false);
  CHECK(state.attribute("reported_state") == Value::string("INACTIVE"));
  CHECK(state.attribute("enabled") == Value::boolean(false));

  h.api.stale_inactive_polls = 2;  // the platform has not caught up with the PATCH yet
  Diagnostics diags;
  Value planned = widget("eu", true, "", false, state);
  Value next = h.engine.apply(state, planned, planned, diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(next.attribute("reported_state") == Value::string("ACTIVE"));
}

TEST_CASE("sections: an update writes only what changed") {
  Harness h;
  Value state = created(h);
  const size_t before = writes(h.api).size();
  Diagnostics diags;
  Value planned = widget("us", true, "", false, state);
  Value next = h.engine.apply(state, planned, planned, diags);
  REQUIRE_FALSE(diags.has_errors());
  auto after = writes(h.api);
  CHECK(std::vector<std::string>(after.begin() + before, after.end()) == std::vector<std::string>{"PUT /i/w-1/config"});
  CHECK(next.attribute("region") == Value::string("us"));

  planned = widget("us", false, "", false, next);
  next = h.engine.apply(next, planned, planned, diags);
  REQUIRE_FALSE(diags.has_errors());
  after = writes(h.api);
  CHECK(after.back() == "PATCH /i/w-1");
  CHECK(after.size() == before + 2);
  CHECK(next.attribute("reported_state") == Value::string("INACTIVE"));
}

TEST_CASE("sections: a version conflict reads the version again and retries, up to conflict_retries") {
  Harness h;
  h.api.config_conflicts = 2;
  Value state = created(h);
  CHECK(state.attribute("reported_state") == Value::string("ACTIVE"));
  int puts = 0;
  for (const auto& r : h.api.requests()) puts += r == "PUT /i/w-1/config";
  CHECK(puts == 3);

  Harness h2;
  h2.api.config_conflicts = 10;
  Diagnostics diags;
  Value planned = widget("eu", true);
  Value kept = h2.engine.apply(null_state(), planned, planned, diags);
  REQUIRE(diags.has_errors());
  CHECK_THAT(text_of(diags), Catch::Contains("version.mismatch") && Catch::Contains("tainted"));
  CHECK(kept.attribute("id") == Value::string("w-1"));  // made, so recorded: nothing orphaned
  CHECK(writes(h2.api).back() == "PUT /i/w-1/config");  // never enabled half-configured
}

TEST_CASE("sections: ERROR quotes the platform, a create is kept tainted, a failed update keeps the prior arguments") {
  Harness h;
  h.api.activation_error = "AWS account rejected the partner event source";
  Diagnostics diags;
  Value planned = widget("eu", true);
  Value state = h.engine.apply(null_state(), planned, planned, diags);
  REQUIRE(diags.has_errors());
  CHECK_THAT(text_of(diags),
             Catch::Contains("ERROR") && Catch::Contains("AWS account rejected") && Catch::Contains("tainted"));
  CHECK(state.attribute("id") == Value::string("w-1"));
  CHECK(state.attribute("reported_state") == Value::string("ERROR"));

  Harness ok;
  Value good = created(ok);
  ok.api.activation_error = "suffix already used";
  Diagnostics update_diags;
  Value changed = widget("us", true, "", false, good);
  Value next = ok.engine.apply(good, changed, changed, update_diags);
  REQUIRE(update_diags.has_errors());
  CHECK(next.attribute("region") == Value::string("eu"));  // the next plan proposes "us" again
  Diagnostics read_diags;
  Value refreshed = ok.engine.read(next, read_diags);
  CHECK(refreshed.attribute("region") == Value::string("eu"));
  CHECK(refreshed.attribute("reported_state") == Value::string("ERROR"));
}

TEST_CASE("sections: a new object that answers 404 for a while is waited for, a deleted one until it answers 404") {
  Harness h;
  h.api.invisible_gets = 3;
  Value state = created(h);
  CHECK(state.attribute("reported_state") == Value::string("ACTIVE"));

  h.api.lingering_gets = 3;
  Diagnostics diags;
  Value gone = h.engine.apply(state, null_state(), null_state(), diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(gone.is_null());
  int gets_after_delete = 0;
  bool deleted = false;
  for (const auto& r : h.api.requests()) {
    if (r == "DELETE /i/w-1") deleted = true;
    else if (deleted && r == "GET /i/w-1") ++gets_after_delete;
  }
  CHECK(gets_after_delete == 4);  // three that still answered, one 404
}

TEST_CASE("sections: a read or import of an object of another kind is not found, and import names the field") {
  Harness h;
  {
    std::lock_guard lock(h.api.mu);
    h.api.objects["other-1"] = {{"id", "other-1"},
                                {"name", "x"},
                                {"kind", {{"id", "gadget"}}},
                                {"notes", ""},
                                {"intendedState", "ENABLED"},
                                {"reportedState", {{"code", "ACTIVE"}}},
                                {"_config", {{"version", 1}, {"properties", json::object()}}}};
  }
  Diagnostics diags;
  Value imported = h.engine.import("other-1", diags);
  CHECK(imported.is_null());
  REQUIRE(diags.has_errors());
  CHECK_THAT(text_of(diags), Catch::Contains("kind.id") && Catch::Contains("gadget"));
}

TEST_CASE("sections: a create POST answered 503 after it committed is not sent again, the one new object is adopted") {
  Harness h;
  {
    std::lock_guard lock(h.api.mu);  // an older object of the same name: names are not unique
    h.api.add_locked({{"name", "w"}, {"kind", {{"id", "widget"}}}, {"notes", ""}});
  }
  h.api.posts_committed_then_failed = 1;
  Diagnostics diags;
  Value planned = widget("eu", true);
  Value state = h.engine.apply(null_state(), planned, planned, diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  int posts = 0;
  for (const auto& r : h.api.requests()) posts += r == "POST /i";
  CHECK(posts == 1);
  CHECK(h.api.objects.size() == 2);                      // the older one and ours, no second create
  CHECK(state.attribute("id") == Value::string("w-2"));  // the one that appeared, not the older one
  CHECK(state.attribute("reported_state") == Value::string("ACTIVE"));
  CHECK_THAT(text_of(diags), Catch::Contains("[warning] Adopted") && Catch::Contains("w-2"));
}

TEST_CASE("sections: a create in doubt with no new object, or several, adopts nothing and names every candidate") {
  SECTION("nothing appeared: the older object of the same name is not adopted") {
    Harness h;
    {
      std::lock_guard lock(h.api.mu);
      h.api.add_locked({{"name", "w"}, {"kind", {{"id", "widget"}}}, {"notes", ""}});
    }
    h.api.posts_failed_uncommitted = 1;
    Diagnostics diags;
    Value planned = widget("eu", true);
    Value state = h.engine.apply(null_state(), planned, planned, diags);
    CHECK(state.is_null());
    REQUIRE(diags.has_errors());
    CHECK_THAT(text_of(diags), Catch::Contains("outcome of the create is unknown") && Catch::Contains("502") &&
                                   Catch::Contains("probably made nothing"));
    CHECK(h.api.objects.size() == 1);
  }
  SECTION("two appeared (another client made one of the same name): both are named") {
    Harness h;
    h.api.posts_committed_then_failed = 1;
    h.api.post_races_same_name = true;
    Diagnostics diags;
    Value planned = widget("eu", true);
    Value state = h.engine.apply(null_state(), planned, planned, diags);
    CHECK(state.is_null());
    REQUIRE(diags.has_errors());
    CHECK_THAT(text_of(diags), Catch::Contains("w-1") && Catch::Contains("w-2") && Catch::Contains("import"));
    int posts = 0;
    for (const auto& r : h.api.requests()) posts += r == "POST /i";
    CHECK(posts == 1);
  }
}

TEST_CASE("sections: one 404 on refresh does not drop the object from state, a lasting one does") {
  Harness h;
  Value state = created(h);
  h.api.invisible_gets = 2;  // a replica that has not caught up
  Diagnostics diags;
  Value refreshed = h.engine.read(state, diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(refreshed.is_null());
  CHECK(refreshed.attribute("id") == Value::string("w-1"));
  CHECK(refreshed.attribute("region") == Value::string("eu"));

  {
    std::lock_guard lock(h.api.mu);
    h.api.objects.clear();
  }
  const auto started = std::chrono::steady_clock::now();
  Value gone = h.engine.read(state, diags);
  CHECK(gone.is_null());
  CHECK(std::chrono::steady_clock::now() - started < 10s);  // bounded
}

TEST_CASE(
    "sections: a 404 during an update, reads that still flap after the create, is asked again, and a lasting one "
    "fails") {
  Harness h;
  Value state = created(h);
  h.api.missing_gets = 2;  // the state wait's first polls
  Diagnostics diags;
  Value planned = widget("us", true, "", false, state);
  Value next = h.engine.apply(state, planned, planned, diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(next.attribute("region") == Value::string("us"));
  CHECK(next.attribute("reported_state") == Value::string("ACTIVE"));

  {
    std::lock_guard lock(h.api.mu);
    h.api.objects.clear();  // deleted outside Terraform
  }
  Diagnostics gone;
  const auto started = std::chrono::steady_clock::now();
  planned = widget("ap", true, "", false, next);
  Value kept = h.engine.apply(next, planned, planned, gone);
  CHECK(gone.has_errors());
  CHECK(kept.attribute("region") == Value::string("us"));
  CHECK(std::chrono::steady_clock::now() - started < 10s);  // within the update timeout (3 s)
}

TEST_CASE("sections: a configuration PUT keeps what the provider does not model, as read") {
  Harness h;
  Value state = created(h);
  {
    std::lock_guard lock(h.api.mu);
    json& config = h.api.objects["w-1"]["_config"];
    config["advanced"] = {{"batchSize", 10}};
    config["credentials"] = {{"basic", {{"id", "cred-1"}}}};
    config["properties"]["extra"] = "set in the admin UI";
    config["properties"]["nested"] = {{"a", 1}};
  }
  Diagnostics diags;
  Value planned = widget("us", true, "", false, state);
  h.engine.apply(state, planned, planned, diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  const json& put = h.api.bodies.back().contains("version") ? h.api.bodies.back()
                                                            : h.api.bodies[h.api.bodies.size() - 2];
  CHECK(put["properties"]["region"] == "us");
  CHECK(put["properties"]["extra"] == "set in the admin UI");
  CHECK(put["properties"]["nested"] == json({{"a", 1}}));
  CHECK(put["advanced"] == json({{"batchSize", 10}}));
  CHECK(put["credentials"] == json({{"basic", {{"id", "cred-1"}}}}));
  CHECK(put["name"] == "w");
}

TEST_CASE("sections: a stale ACTIVE right after a configuration PUT does not end the wait") {
  Harness h;
  Value state = created(h);
  h.api.stale_polls_after_write = 2;
  h.api.activation_error = "the new account rejected the partner event source";
  Diagnostics diags;
  Value planned = widget("us", true, "", false, state);
  Value next = h.engine.apply(state, planned, planned, diags);
  REQUIRE(diags.has_errors());
  CHECK_THAT(text_of(diags), Catch::Contains("rejected the partner event source"));
  CHECK(next.attribute("region") == Value::string("eu"));  // the next plan proposes "us" again
}

TEST_CASE("sections: a stale ERROR right after the configuration PUT that fixes it does not fail the update") {
  Harness h;
  Value good = created(h);
  h.api.activation_error = "bad region";
  Diagnostics failed;
  Value planned = widget("us", true, "", false, good);
  Value broken = h.engine.apply(good, planned, planned, failed);
  REQUIRE(failed.has_errors());
  REQUIRE(broken.attribute("reported_state") == Value::string("ERROR"));

  h.api.activation_error.clear();
  h.api.stale_polls_after_write = 2;
  Diagnostics diags;
  planned = widget("ap", true, "", false, broken);
  Value fixed = h.engine.apply(broken, planned, planned, diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(fixed.attribute("reported_state") == Value::string("ACTIVE"));
  CHECK(fixed.attribute("region") == Value::string("ap"));
}

TEST_CASE("sections: a listing whose embedded configuration lacks its version or properties is read with GETs") {
  for (const std::string dropped : {"", "version", "properties"}) {
    INFO("dropped: " << dropped);
    Harness h;
    Value state = created(h);
    h.api.listing_drops = dropped;
    ReadBatcher batcher(0);
    auto listed = batcher.lookup(widget_schema(), h.client, "w-1");
    if (dropped.empty()) {
      REQUIRE(listed);
      CHECK(h.engine.read_listed(state, *listed).attribute("region") == Value::string("eu"));
    } else {
      CHECK_FALSE(listed);  // the single GETs decide, instead of a region read as gone
    }
  }
}

TEST_CASE("sections: notes are not in the create POST but in the configuration, and read back") {
  Harness h;
  Diagnostics diags;
  Value planned = widget("eu", true, "billing events");
  Value state = h.engine.apply(null_state(), planned, planned, diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(h.api.bodies[0] == json({{"name", "w"}, {"kind", {{"id", "widget"}}}}));
  CHECK(h.api.bodies[1]["notes"] == "billing events");
  CHECK(h.api.bodies[2] == json({{"intendedState", "ENABLED"}}));
  CHECK(state.attribute("notes") == Value::string("billing events"));
}

TEST_CASE("sections: a 409 on a configuration write is retried only when it is a version conflict") {
  Harness h;
  Value state = created(h);
  h.api.config_put_conflict_code = "operation.in.progress";
  Diagnostics diags;
  Value planned = widget("us", true, "", false, state);
  Value next = h.engine.apply(state, planned, planned, diags);
  REQUIRE(diags.has_errors());
  CHECK_THAT(text_of(diags), Catch::Contains("operation.in.progress"));
  int puts = 0;
  for (const auto& r : h.api.requests()) puts += r == "PUT /i/w-1/config";
  CHECK(puts == 2);  // the create's and this one: not retried
  CHECK(next.attribute("region") == Value::string("eu"));
}

TEST_CASE("sections: a field error from a configuration PUT points at the attribute") {
  Harness h;
  Value state = created(h);
  Diagnostics diags;
  Value planned = widget("invalid", true, "", false, state);
  h.engine.apply(state, planned, planned, diags);
  REQUIRE(diags.has_errors());
  REQUIRE(diags.items().size() == 1);
  REQUIRE(diags.items()[0].attribute);
  CHECK(diags.items()[0].attribute->to_string() == "region");

  Harness fresh;
  Diagnostics create_diags;
  Value bad = widget("invalid", true);
  fresh.engine.apply(null_state(), bad, bad, create_diags);
  REQUIRE(create_diags.has_errors());
  bool pointed = false;
  for (const auto& d : create_diags.items()) pointed |= d.attribute && d.attribute->to_string() == "region";
  CHECK(pointed);
}

TEST_CASE("sections: a null name from the API reads as null, never throws") {
  Harness h;
  Value state = created(h);
  {
    std::lock_guard lock(h.api.mu);
    h.api.objects["w-1"]["name"] = nullptr;
    h.api.objects["w-1"]["notes"] = nullptr;
  }
  Diagnostics diags;
  Value refreshed;
  REQUIRE_NOTHROW(refreshed = h.engine.read(state, diags));
  CHECK(refreshed.attribute("name").is_null());
  ReadBatcher batcher(0);
  std::optional<json> listed;
  REQUIRE_NOTHROW(listed = batcher.lookup(widget_schema(), h.client, "w-1"));
  REQUIRE(listed);
  CHECK(h.engine.read_listed(state, *listed).attribute("name").is_null());
}

TEST_CASE("sections: a create whose first poll already differs from the create answer's state does not settle") {
  Harness h;
  h.api.polls_to_settle = 0;  // ACTIVE at the first poll after the PATCH
  const auto started = std::chrono::steady_clock::now();
  Value state = created(h);
  CHECK(state.attribute("reported_state") == Value::string("ACTIVE"));
  CHECK(std::chrono::steady_clock::now() - started < 1s);  // INACTIVE before, ACTIVE now: evidence enough
}

TEST_CASE("sections: a create in doubt never adopts what another create of the same process made") {
  Harness h;
  h.api.posts_failed_uncommitted = 1;
  h.api.post_races_same_name = true;  // w-1 appears while the POST runs: another create of this run made it
  CreateClaims claims;
  REQUIRE(claims.claim("genesysevents_widget", "w-1"));
  ResourceEngine engine(widget_schema(), h.client, *h.cancel, &claims);
  Diagnostics diags;
  Value planned = widget("eu", true);
  Value state = engine.apply(null_state(), planned, planned, diags);
  CHECK(state.is_null());
  REQUIRE(diags.has_errors());
  CHECK_THAT(text_of(diags), Catch::Contains("w-1") && Catch::Contains("other creates of this run"));

  Harness unshared;  // the same race without the process's claims would take w-1 for its own
  unshared.api.posts_failed_uncommitted = 1;
  unshared.api.post_races_same_name = true;
  Diagnostics adopted;
  Value taken = unshared.engine.apply(null_state(), planned, planned, adopted);
  CHECK(taken.attribute("id") == Value::string("w-1"));
}
