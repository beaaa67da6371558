// The CRUD engine against an in-process fake of the API (tests/support/http_server.h): creates,
// updates, deletes, asynchronous waits, the lost-create rules, version conflicts, in-use
// deletes and the state returned with an error. The fake follows the contract of
// docs/reference/api-contract.md ("Stored objects", "Error body", "Paging"): versions, unique
// names, the error body, paging.
#include <catch2/catch.hpp>

#include <atomic>
#include <ctime>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

#include "base/duration.h"
#include "mapping/engine_test_support.h"
#include "support/http_server.h"
#include "support/wait.h"

using namespace ge::mapping;
using ge::mapping::testing::api_error;
using ge::mapping::testing::text_of;
using namespace std::chrono_literals;
using ge::base::Diagnostics;
using ge::value::Type;
using ge::value::Value;
using nlohmann::json;

namespace {

// A verified object: `endpoint` is what the platform verifies; `mode` is optional and computed
// (the platform picks one when the configuration does not).
const char* kThingSchema = R"({
  "type_name": "genesysevents_thing", "description": "T.", "import": "Id.",
  "api": { "collection_path": "/t", "item_path": "/t/{id}", "version_field": "version",
           "async": { "kind": "verification", "poll_path": "/t/{id}/verify", "status_field": "status",
                      "success_states": ["VERIFIED"], "failure_states": ["FAILED"], "message_field": "message" } },
  "timeouts": { "create": "3s", "update": "3s", "delete": "2s" },
  "attributes": {
    "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
    "name": { "type": "string", "required": true, "api": "name", "description": "N." },
    "endpoint": { "type": "string", "required": true, "api": "endpoint", "description": "E." },
    "mode": { "type": "string", "optional": true, "computed": true, "api": "mode", "description": "M." },
    "version": { "type": "number", "computed": true, "api": "version", "description": "V." },
    "status": { "type": "string", "computed": true, "api": "status", "description": "S." }
  }
})";

const ge::schema::ResourceSchema& thing_schema() { return ge::mapping::testing::schema_from(kThingSchema); }

std::string iso_utc(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = ms / 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return text;
}

std::string http_date(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

// The fake platform. Its clock may run apart from the local one (`clock_offset`); with
// `send_date` every answer carries an HTTP Date header from that clock.
struct FakeApi {
  ge::test_support::TestServer server;
  std::mutex mu;
  std::map<std::string, json> objects;
  int next_id = 1;
  std::chrono::seconds clock_offset{0};
  bool send_date = true;
  std::atomic<int> posts{0}, puts{0}, deletes{0}, polls{0};
  // Verification statuses answered in turn (the last one repeats); `verify_retry_after` is
  // sent with every answer when set.
  std::deque<std::string> verify_statuses{"VERIFIED"};
  std::string verify_retry_after;
  // The next N POSTs make their object and then answer 500 (committed, answer lost).
  int posts_committed_then_failed = 0;
  // The next N POSTs answer 500 without making anything.
  int posts_failed_uncommitted = 0;
  // The next N PUTs take effect and then answer 500.
  int puts_committed_then_failed = 0;
  // The next N DELETEs answer 409 target.in.use naming source src-1.
  int deletes_in_use = 0;

  std::chrono::system_clock::time_point now() const { return std::chrono::system_clock::now() + clock_offset; }

  // An object made directly on the platform (another configuration's), `age` ago.
  std::string add(json object, std::chrono::milliseconds age = 0ms) {
    std::lock_guard lock(mu);
    std::string id = "obj-" + std::to_string(next_id++);
    object["id"] = id;
    object["version"] = 1;
    object["dateCreated"] = iso_utc(now() - age);
    objects[id] = std::move(object);
    return id;
  }

  json get(const std::string& id) {
    std::lock_guard lock(mu);
    return objects.at(id);
  }

  void reply(httplib::Response& res, int status, const json& body) {
    res.status = status;
    if (!body.is_null()) res.set_content(body.dump(), "application/json");
  }

  std::string duplicate_of(const std::string& name) {
    auto lower = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    for (const auto& [id, o] : objects) {
      if (lower(o["name"].get<std::string>()) == lower(name)) return id;
    }
    return "";
  }

  FakeApi() {
    auto& s = server.http();
    s.set_post_routing_handler([this](const httplib::Request&, httplib::Response& res) {
      if (send_date) res.set_header("Date", http_date(now()));
    });
    s.Post("/t", [this](const httplib::Request& req, httplib::Response& res) {
      ++posts;
      json body = json::parse(req.body);
      std::lock_guard lock(mu);
      if (posts_failed_uncommitted > 0) {
        --posts_failed_uncommitted;
        return reply(res, 500, api_error(500, "internal.server.error", "The server failed."));
      }
      if (auto id = duplicate_of(body["name"]); !id.empty()) {
        return reply(res, 409, api_error(409, "duplicate.name", "A thing with this name exists: " + id, id));
      }
      std::string id = "obj-" + std::to_string(next_id++);
      body["id"] = id;
      body["version"] = 1;
      body["dateCreated"] = iso_utc(now());
      if (!body.contains("mode")) body["mode"] = "auto";
      body["status"] = "PENDING";
      objects[id] = body;
      if (posts_committed_then_failed > 0) {
        --posts_committed_then_failed;
        return reply(res, 500, api_error(500, "internal.server.error", "The server failed."));
      }
      reply(res, 201, body);
    });
    s.Get("/t", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      json entities = json::array();
      for (const auto& [id, o] : objects) {
        if (!req.has_param("name") || o["name"] == req.get_param_value("name")) entities.push_back(o);
      }
      reply(res, 200, {{"entities", entities}, {"pageCount", 1}, {"pageNumber", 1}, {"pageSize", 100}});
    });
    s.Get(R"(/t/([^/]+)/verify)", [this](const httplib::Request& req, httplib::Response& res) {
      ++polls;
      std::lock_guard lock(mu);
      std::string status = verify_statuses.front();
      if (verify_statuses.size() > 1) verify_statuses.pop_front();
      if (auto it = objects.find(req.matches[1]); it != objects.end()) it->second["status"] = status;
      if (!verify_retry_after.empty()) res.set_header("Retry-After", verify_retry_after);
      reply(res, 200, {{"status", status}, {"message", status == "FAILED" ? "endpoint answered 500" : "ok"}});
    });
    s.Get(R"(/t/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      auto it = objects.find(req.matches[1]);
      if (it == objects.end()) return reply(res, 404, api_error(404, "not.found", "No such thing"));
      reply(res, 200, it->second);
    });
    s.Put(R"(/t/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      ++puts;
      json body = json::parse(req.body);
      std::lock_guard lock(mu);
      auto it = objects.find(req.matches[1]);
      if (it == objects.end()) return reply(res, 404, api_error(404, "not.found", "No such thing"));
      if (body["version"] != it->second["version"]) {
        return reply(res, 409, api_error(409, "version.mismatch", "The version is stale"));
      }
      json updated = body;
      for (const char* kept : {"id", "dateCreated", "mode"}) {
        if (!updated.contains(kept)) updated[kept] = it->second[kept];
      }
      updated["version"] = it->second["version"].get<int>() + 1;
      updated["status"] = "PENDING";
      it->second = updated;
      if (puts_committed_then_failed > 0) {
        --puts_committed_then_failed;
        return reply(res, 500, api_error(500, "internal.server.error", "The server failed."));
      }
      reply(res, 200, updated);
    });
    s.Delete(R"(/t/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      ++deletes;
      std::lock_guard lock(mu);
      auto it = objects.find(req.matches[1]);
      if (it == objects.end()) return reply(res, 404, api_error(404, "not.found", "No such thing"));
      if (deletes_in_use > 0) {
        --deletes_in_use;
        return reply(res, 409,
                     api_error(409, "target.in.use", "Thing " + it->first + " is used by source src-1", "src-1",
                               "orders-source"));
      }
      objects.erase(it);
      reply(res, 204, nullptr);
    });
    server.start();
  }
};

using Harness = ge::mapping::testing::EngineHarness<FakeApi, thing_schema>;

Value null_state() { return Value::null(thing_schema().object_type()); }

// A plan or state: the given string attributes set, `unknown` ones unknown, the rest null.
Value thing(std::map<std::string, std::string> set, std::vector<std::string> unknown = {}) {
  const Type type = thing_schema().object_type();  // attributes() refers into it
  std::map<std::string, Value> fields;
  for (const auto& [name, attribute_type] : type.attributes()) fields.emplace(name, Value::null(attribute_type));
  for (const auto& [name, v] : set) fields[name] = Value::string(v);
  for (const auto& name : unknown) fields[name] = Value::unknown(type.attributes().at(name));
  return Value::object(type, fields);
}

Value planned_create(std::map<std::string, std::string> set) {
  std::vector<std::string> unknown = {"id", "version", "status"};
  if (!set.count("mode")) unknown.push_back("mode");
  return thing(set, unknown);
}

bool has_warning(const Diagnostics& diags) {
  for (const auto& d : diags.items()) {
    if (d.severity == ge::base::Severity::kWarning) return true;
  }
  return false;
}

// Applies the create plan of a thing with these values (planned_create); returns the state.
Value create(Harness& h, std::map<std::string, std::string> set, Diagnostics& diags) {
  Value planned = planned_create(std::move(set));
  return h.engine.apply(null_state(), planned, planned, diags);
}

// The state an apply left for the verified object `id`: endpoint https://old, version 1.
Value old_state(const std::string& id) {
  return thing({{"id", id}, {"name", "a"}, {"endpoint", "https://old"}, {"mode", "auto"}, {"status", "VERIFIED"}})
      .with_attribute("version", Value::number(ge::value::Number::from_int(1)));
}

// The update plan of `prior` to endpoint https://new: status and version unknown.
Value to_new_endpoint(const Value& prior) {
  return prior.with_attribute("endpoint", Value::string("https://new"))
      .with_attribute("status", Value::unknown(Type::string()))
      .with_attribute("version", Value::unknown(Type::number()));
}

std::string id_in(const Value& state) { return state.is_null() ? "" : state.attribute("id").as_string(); }

}  // namespace

TEST_CASE("create waits for verification and returns the planned values with the platform's") {
  Harness h;
  h.api.verify_statuses = {"PENDING", "VERIFIED"};
  Diagnostics diags;
  Value state = create(h, {{"name", "a"}, {"endpoint", "https://x"}}, diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(state.attribute("endpoint") == Value::string("https://x"));
  CHECK(state.attribute("mode") == Value::string("auto"));
  CHECK(state.attribute("status") == Value::string("VERIFIED"));
  CHECK(h.api.polls == 2);
  CHECK(h.api.posts == 1);
}

TEST_CASE("a create whose verification fails returns the object with the error (tainted)") {
  Harness h;
  h.api.verify_statuses = {"FAILED"};
  Diagnostics diags;
  Value state = create(h, {{"name", "a"}, {"endpoint", "https://x"}}, diags);
  REQUIRE(diags.has_errors());
  CHECK(id_in(state) == "obj-1");
  CHECK_THAT(text_of(diags), Catch::Contains("endpoint answered 500") && Catch::Contains("tainted"));
}

TEST_CASE("lost create: a first POST that meets duplicate.name adopts nothing") {
  Harness h;
  // Another instance of this apply made it a moment ago, with exactly what we send.
  std::string other = h.api.add(
      {{"name", "shared"}, {"endpoint", "https://x"}, {"mode", "auto"}, {"status", "VERIFIED"}});
  Diagnostics diags;
  Value state = create(h, {{"name", "shared"}, {"endpoint", "https://x"}}, diags);
  CHECK(state.is_null());
  REQUIRE(diags.has_errors());
  CHECK_THAT(text_of(diags), Catch::Contains("duplicate.name") && Catch::Contains("import") && Catch::Contains(other));
}

TEST_CASE(
    "lost create: a POST that committed and answered 500 is adopted after the retry's duplicate.name, with a warning") {
  Harness h;
  h.api.posts_committed_then_failed = 1;
  Diagnostics diags;
  Value state = create(h, {{"name", "mine"}, {"endpoint", "https://x"}}, diags);
  INFO(text_of(diags));
  CHECK_FALSE(diags.has_errors());
  CHECK(id_in(state) == "obj-1");
  CHECK(h.api.posts == 2);
  CHECK(has_warning(diags));
  CHECK_THAT(text_of(diags), Catch::Contains("obj-1"));
}

TEST_CASE("lost create: an object differing in a known optional+computed value is not adopted") {
  Harness h;
  std::string other = h.api.add({{"name", "mine"}, {"endpoint", "https://x"}, {"mode", "fast"}});
  h.api.posts_failed_uncommitted = 1;
  Diagnostics diags;
  Value state = create(h, {{"name", "mine"}, {"endpoint", "https://x"}, {"mode", "slow"}}, diags);
  CHECK(state.is_null());
  REQUIRE(diags.has_errors());
  CHECK_THAT(text_of(diags), Catch::Contains("duplicate.name") && Catch::Contains(other));
}

TEST_CASE("lost create: age is judged by the server's clock (Date header), not the local one") {
  SECTION("server clock an hour behind: the object this create made is still adopted") {
    Harness h;
    h.api.clock_offset = -std::chrono::hours(1);
    h.api.posts_committed_then_failed = 1;
    Diagnostics diags;
    Value state = create(h, {{"name", "mine"}, {"endpoint", "https://x"}}, diags);
    INFO(text_of(diags));
    CHECK_FALSE(diags.has_errors());
    CHECK(id_in(state) == "obj-1");
  }
  SECTION("server clock an hour ahead: an object made before this create is not adopted") {
    Harness h;
    h.api.clock_offset = std::chrono::hours(1);
    std::string older = h.api.add({{"name", "mine"}, {"endpoint", "https://x"}, {"mode", "auto"}}, 10s);
    h.api.posts_failed_uncommitted = 1;
    Diagnostics diags;
    Value state = create(h, {{"name", "mine"}, {"endpoint", "https://x"}}, diags);
    CHECK(state.is_null());
    CHECK_THAT(text_of(diags), Catch::Contains("duplicate.name") && Catch::Contains(older));
  }
}

TEST_CASE("a failed update verification keeps the prior values of the changed arguments") {
  Harness h;
  std::string id = h.api.add({{"name", "a"}, {"endpoint", "https://old"}, {"mode", "auto"}, {"status", "VERIFIED"}});
  Value prior = old_state(id);
  Value planned = to_new_endpoint(prior);
  h.api.verify_statuses = {"FAILED"};
  Diagnostics diags;
  Value state = h.engine.apply(prior, planned, planned, diags);
  REQUIRE(diags.has_errors());
  const std::string text = text_of(diags);
  CHECK_THAT(text, Catch::Contains("endpoint answered 500"));
  CHECK_THAT(text, !Catch::Contains("tainted") && !Catch::Contains("replaces"));
  // The platform holds the new endpoint, but it was not verified: the next plan proposes it again.
  CHECK(h.api.get(id)["endpoint"] == "https://new");
  CHECK(state.attribute("endpoint") == Value::string("https://old"));
  CHECK(state.attribute("status") == Value::string("FAILED"));
  CHECK(state.attribute("version").is_wholly_known());

  SECTION("and a refresh while it stays failed keeps them too") {
    Diagnostics read_diags;
    Value refreshed = h.engine.read(state, read_diags);
    CHECK_FALSE(read_diags.has_errors());
    CHECK(refreshed.attribute("endpoint") == Value::string("https://old"));
  }
}

TEST_CASE("version.mismatch: an object someone else changed since the plan is not overwritten") {
  Harness h;
  std::string id = h.api.add({{"name", "a"}, {"endpoint", "https://old"}, {"mode", "auto"}});
  Value prior = old_state(id);
  {
    std::lock_guard lock(h.api.mu);
    auto& o = h.api.objects[id];
    o["endpoint"] = "https://someone-else";
    o["version"] = 2;
  }
  Value planned = to_new_endpoint(prior);
  Diagnostics diags;
  Value state = h.engine.apply(prior, planned, planned, diags);
  REQUIRE(diags.has_errors());
  CHECK_THAT(text_of(diags), Catch::Contains("changed since the plan") && Catch::Contains("plan again"));
  CHECK(h.api.puts == 1);
  CHECK(h.api.get(id)["endpoint"] == "https://someone-else");
  CHECK(state == prior);
}

TEST_CASE("version.mismatch after our own PUT landed (answer lost, client retried) is success") {
  Harness h;
  std::string id = h.api.add({{"name", "a"}, {"endpoint", "https://old"}, {"mode", "auto"}});
  Value prior = old_state(id);
  Value planned = to_new_endpoint(prior);
  h.api.puts_committed_then_failed = 1;
  Diagnostics diags;
  Value state = h.engine.apply(prior, planned, planned, diags);
  INFO(text_of(diags));
  CHECK_FALSE(diags.has_errors());
  CHECK(h.api.puts == 2);  // ours and the client's retry; nothing re-sent on top
  CHECK(state.attribute("endpoint") == Value::string("https://new"));
  CHECK(h.api.get(id)["version"] == 2);
}

TEST_CASE("delete: an in-use conflict is retried until the dependent is gone") {
  Harness h;
  std::string id = h.api.add({{"name", "a"}, {"endpoint", "https://x"}});
  h.api.deletes_in_use = 2;
  Diagnostics diags;
  Value prior = thing({{"id", id}, {"name", "a"}, {"endpoint", "https://x"}});
  Value state = h.engine.apply(prior, null_state(), null_state(), diags);
  INFO(text_of(diags));
  CHECK_FALSE(diags.has_errors());
  CHECK(state.is_null());
  CHECK(h.api.deletes == 3);
}

TEST_CASE("delete: a dependent that stays past the delete timeout is named, and the object stays in state") {
  Harness h;
  std::string id = h.api.add({{"name", "a"}, {"endpoint", "https://x"}});
  h.api.deletes_in_use = 1000;
  Diagnostics diags;
  Value prior = thing({{"id", id}, {"name", "a"}, {"endpoint", "https://x"}});
  const auto started = std::chrono::steady_clock::now();
  Value state = h.engine.apply(prior, null_state(), null_state(), diags);
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(diags.has_errors());
  CHECK(state == prior);
  CHECK(h.api.deletes > 1);
  CHECK(took < 4s);
  CHECK_THAT(text_of(diags),
             Catch::Contains("src-1") && Catch::Contains("orders-source") && Catch::Contains("still exists"));
}

TEST_CASE("delete: the in-use retries stop at once when cancelled") {
  Harness h;
  std::string id = h.api.add({{"name", "a"}, {"endpoint", "https://x"}});
  h.api.deletes_in_use = 1000;
  std::atomic<std::chrono::steady_clock::rep> cancelled_at{0};
  std::thread stopper([&] {
    // Two DELETEs refused as in use: the engine is in (or entering) its 500 ms retry wait.
    ge::test_support::wait_until([&] { return h.api.deletes >= 2; }, 5s);
    cancelled_at = std::chrono::steady_clock::now().time_since_epoch().count();
    h.cancel->cancel();
  });
  Diagnostics diags;
  h.engine.apply(thing({{"id", id}, {"name", "a"}, {"endpoint", "https://x"}}), null_state(), null_state(), diags);
  const auto returned = std::chrono::steady_clock::now();
  stopper.join();
  CHECK(diags.has_errors());
  // Not after the wait: a cancel honoured only when the next DELETE is due comes 500 ms late.
  CHECK(returned - std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(cancelled_at.load())) <
        250ms);
}

TEST_CASE("delete and read of an object already gone") {
  Harness h;
  Value gone = thing({{"id", "obj-404"}, {"name", "a"}, {"endpoint", "https://x"}});
  Diagnostics diags;
  CHECK(h.engine.apply(gone, null_state(), null_state(), diags).is_null());
  CHECK(h.engine.read(gone, diags).is_null());
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("wait: a Retry-After longer than the time left sleeps only the time left, then polls once more") {
  Harness h;
  h.api.verify_statuses = {"PENDING", "VERIFIED"};
  h.api.verify_retry_after = "30";
  Diagnostics diags;
  Value planned = planned_create({{"name", "a"}, {"endpoint", "https://x"}});
  const auto started = std::chrono::steady_clock::now();
  Value state = h.engine.apply(null_state(), planned, planned, diags);
  INFO(text_of(diags));
  CHECK_FALSE(diags.has_errors());
  CHECK(h.api.polls == 2);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("wait: Retry-After as an HTTP date is honoured") {
  Harness h;
  h.api.verify_statuses = {"PENDING", "PENDING", "PENDING", "PENDING", "VERIFIED"};
  h.api.verify_retry_after = http_date(std::chrono::system_clock::now() + 2s);
  Diagnostics diags;
  Value planned = planned_create({{"name", "a"}, {"endpoint", "https://x"}});
  const auto started = std::chrono::steady_clock::now();
  std::thread apply([&] { h.engine.apply(null_state(), planned, planned, diags); });
  // Kept on purpose: what is checked is that nothing happens for a while. The first poll is
  // awaited; then the case watches until 700 ms after the start, before the date is reached.
  CHECK(ge::test_support::wait_until([&] { return h.api.polls > 0; }, 5s));
  std::this_thread::sleep_until(started + 700ms);
  CHECK(h.api.polls == 1);  // the date is 1 to 2 s away: no second poll yet
  h.cancel->cancel();
  apply.join();
}

TEST_CASE("wait: still pending when the timeout runs out is an error, the object kept") {
  Harness h;
  h.api.verify_statuses = {"PENDING"};
  Diagnostics diags;
  Value state = create(h, {{"name", "a"}, {"endpoint", "https://x"}}, diags);
  REQUIRE(diags.has_errors());
  CHECK(id_in(state) == "obj-1");
  CHECK_THAT(text_of(diags), Catch::Contains("timed out") && Catch::Contains("PENDING"));
}

TEST_CASE("durations and operation timeouts") {
  CHECK(ge::base::parse_duration("90s") == std::chrono::milliseconds(90000));
  CHECK(ge::base::parse_duration("1h30m") == std::chrono::milliseconds(5400000));
  CHECK(ge::base::parse_duration("1.5s") == std::chrono::milliseconds(1500));
  CHECK(ge::base::parse_duration("250ms") == std::chrono::milliseconds(250));
  for (const char* bad : {"", "5", "5x", "1h 2m", "-1s", "s", "99999999999999999999h"}) {
    INFO(bad);
    CHECK_FALSE(ge::base::parse_duration(bad));
  }
  const auto& schema = thing_schema();
  Value state = thing({{"name", "a"}});
  CHECK(operation_timeout(schema, state, Operation::kCreate) == 3s);  // the schema's default
  CHECK(operation_timeout(schema, state, Operation::kDelete) == 2s);
  const Type block = schema.object_type().attributes().at("timeouts");
  Value with_block = state.with_attribute("timeouts", Value::object(block, {{"create", Value::string("45s")},
                                                                            {"update", Value::null(Type::string())},
                                                                            {"delete", Value::null(Type::string())}}));
  CHECK(operation_timeout(schema, with_block, Operation::kCreate) == 45s);
  CHECK(operation_timeout(schema, with_block, Operation::kUpdate) == 3s);
}

TEST_CASE(
    "version.mismatch after our own PUT of a job resource landed: the job cannot be awaited, the update stays to do") {
  const ge::schema::ResourceSchema& schema = ge::mapping::testing::schema_from(R"({
    "type_name": "genesysevents_job_thing", "description": "J.", "import": "Id.",
    "api": { "collection_path": "/j", "item_path": "/j/{id}", "version_field": "version",
             "async": { "kind": "job", "poll_path": "/jobs/{jobId}", "status_field": "status",
                        "success_states": ["completed"], "failure_states": ["failed"], "message_field": "error.message" } },
    "timeouts": { "create": "3s", "update": "3s", "delete": "2s" },
    "attributes": {
      "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
      "name": { "type": "string", "required": true, "api": "name", "description": "N." },
      "endpoint": { "type": "string", "required": true, "api": "endpoint", "description": "E." },
      "status": { "type": "string", "optional": true, "computed": true, "api": "status", "description": "S." },
      "version": { "type": "number", "computed": true, "api": "version", "description": "V." }
    }
  })");
  ge::test_support::TestServer server;
  std::mutex mu;
  json object = {{"id", "j1"}, {"name", "a"}, {"endpoint", "https://old"}, {"status", "active"}, {"version", 1}};
  std::atomic<int> puts{0};
  server.http().Put("/j/j1", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    json body = json::parse(req.body);
    if (++puts == 1) {  // takes effect (a job starts), then the answer is lost
      object["endpoint"] = body["endpoint"];
      object["status"] = "provisioning";
      object["version"] = 2;
      res.status = 500;
      res.set_content(api_error(500, "internal.server.error", "The server failed.").dump(), "application/json");
      return;
    }
    res.status = 409;
    res.set_content(api_error(409, "version.mismatch", "The version is stale").dump(), "application/json");
  });
  server.http().Get("/j/j1", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(mu);
    res.set_content(object.dump(), "application/json");
  });
  server.start();
  auto cancel = std::make_shared<ge::base::Cancellation>();
  ge::rest::Client client(ge::mapping::testing::fake_api_client_config(server.url()), cancel);
  ResourceEngine engine(schema, client, *cancel);

  const Type type = schema.object_type();
  std::map<std::string, Value> fields;
  for (const auto& [name, attribute_type] : type.attributes()) fields.emplace(name, Value::null(attribute_type));
  fields["id"] = Value::string("j1");
  fields["name"] = Value::string("a");
  fields["endpoint"] = Value::string("https://old");
  fields["status"] = Value::string("active");
  fields["version"] = Value::number(ge::value::Number::from_int(1));
  Value prior = Value::object(type, fields);
  Value planned = prior.with_attribute("endpoint", Value::string("https://new"))
                      .with_attribute("version", Value::unknown(Type::number()));
  Diagnostics diags;
  Value state = engine.apply(prior, planned, planned, diags);
  REQUIRE(diags.has_errors());
  const std::string text = text_of(diags);
  CHECK_THAT(text, Catch::Contains("cannot be awaited") && !Catch::Contains("changed since the plan"));
  CHECK(puts == 2);
  CHECK(state.attribute("endpoint") == Value::string("https://old"));
  CHECK(state.attribute("version").is_wholly_known());
}
