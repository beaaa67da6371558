// Type hooks through the provider (provider.cpp runs them), with the real schema files: the
// EventBridge source's compatibility check (hooks/eventbridge_source.cpp and the target's record
// of its planned event types, hooks/eventbridge_target.cpp) against an in-process fake of the
// topic and target reads (docs/reference/api-contract.md "EventBridge topics", "EventBridge
// targets"); the EventBridge integration's plan hook (hooks/eventbridge_integration.cpp:
// partner_event_source_name and the topic filter check) against the organization and topic
// catalog reads (docs/reference/platform-api.md "Organization and topics"); and the load-time
// rule for data sources without api paths.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>

#include "mapping/engine_test_support.h"
#include "mapping/provider.h"
#include "mapping/provider_config.h"
#include "support/http_server.h"
#include "value/json.h"

using namespace ge::mapping;
using ge::base::Diagnostics;
using ge::mapping::testing::api_error;
using ge::mapping::testing::text_of;
using ge::value::Value;
using nlohmann::json;

namespace {

std::vector<ge::schema::SchemaFile> real_schemas() {
  std::vector<ge::schema::SchemaFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(GE_SCHEMAS_DIR)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    files.push_back({entry.path().filename().string(), text.str()});
  }
  return files;
}

constexpr const char* kOrganizationId = "6f6c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
constexpr const char* kCustomerEnd = "v2.detail.events.conversation.{id}.customer.end";

// The topic, target, organization and topic catalog reads of the platform, recording every
// request; every write is recorded and refused.
struct FakePlatform {
  ge::test_support::TestServer server;
  std::mutex mu;
  std::map<std::string, json> targets;  // id -> object
  std::vector<std::string> requests;    // "METHOD path"
  int topic_status = 200;

  FakePlatform() {
    targets["t-all"] = {{"id", "t-all"},
                        {"name", "all-types"},
                        {"eventTypes", {"routing.queueEvent", "conversation.event", "QUEUE_MEMBER_ADDED"}}};
    targets["t-some"] = {{"id", "t-some"}, {"name", "orders"}, {"eventTypes", {"conversation.event"}}};
    server.http().Get(
        R"(/api/v2/eventbridge/topics/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(mu);
          requests.push_back("GET " + req.path);
          if (req.matches[1] != "cx" || topic_status != 200) {
            res.status = req.matches[1] != "cx" ? 404 : topic_status;
            res.set_content(api_error(res.status, "x", "no").dump(), "application/json");
            return;
          }
          res.set_content(
              json{{"id", "cx"}, {"name", "CX"}, {"eventTypes", {"routing.queueEvent", "conversation.event"}}}.dump(),
              "application/json");
        });
    server.http().Get(R"(/api/v2/integrations/eventbridge/targets/([^/]+))",
                      [this](const httplib::Request& req, httplib::Response& res) {
                        std::lock_guard lock(mu);
                        requests.push_back("GET " + req.path);
                        auto it = targets.find(req.matches[1]);
                        if (it == targets.end()) {
                          res.status = 404;
                          res.set_content(api_error(404, "not.found", "no").dump(), "application/json");
                          return;
                        }
                        res.set_content(it->second.dump(), "application/json");
                      });
    server.http().Get("/api/v2/organizations/me", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      requests.push_back("GET " + req.path);
      res.set_content(json{{"id", kOrganizationId}, {"name", "Example org"}}.dump(), "application/json");
    });
    server.http().Get(
        "/api/v2/notifications/availabletopics", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(mu);
          requests.push_back("GET " + req.path);
          json topics = json::array();
          topics.push_back({{"id", kCustomerEnd}, {"transports", {"Websocket", "EventBridge"}}});
          topics.push_back({{"id", "v2.detail.events.conversation.{id}.acw"}, {"transports", {"EventBridge"}}});
          topics.push_back({{"id", "v2.users.{id}.presence"}, {"transports", {"Websocket"}}});
          res.set_content(json{{"entities", topics}}.dump(), "application/json");
        });
    auto refuse = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      requests.push_back(req.method + " " + req.path);
      res.status = 500;
    };
    server.http().Post(".*", refuse);
    server.http().Put(".*", refuse);
    server.http().Patch(".*", refuse);
    server.http().Delete(".*", refuse);
    server.start();
  }
  std::vector<std::string> seen() {
    std::lock_guard lock(mu);
    return requests;
  }
  void forget() {
    std::lock_guard lock(mu);
    requests.clear();
  }
};

struct Harness {
  FakePlatform platform;
  std::unique_ptr<Provider> provider;
  const ge::schema::ResourceSchema* source = nullptr;
  const ge::schema::ResourceSchema* target = nullptr;
  const ge::schema::ResourceSchema* integration = nullptr;

  explicit Harness(bool configured = true) {
    auto created = Provider::create(real_schemas(), [](const std::string&) { return std::nullopt; });
    REQUIRE(created.ok());
    provider = std::move(created).value();
    source = provider->resource("genesysevents_eventbridge_source");
    target = provider->resource("genesysevents_eventbridge_target");
    integration = provider->resource("genesysevents_eventbridge_integration");
    REQUIRE(source);
    REQUIRE(target);
    REQUIRE(integration);
    if (!configured) return;
    auto config = ge::value::decode_json(
        json{{"api_url", platform.server.url()}, {"access_token", "token"}, {"max_retries", 0}}.dump(),
        provider->provider_schema().object_type());
    REQUIRE(config.ok());
    Diagnostics d;
    provider->configure(*config, d);
    REQUIRE_FALSE(d.has_errors());
  }

  // A source configuration on `topic` sending to `target_ids` (priorities 1..n).
  Value source_config(const std::string& topic, const std::vector<std::string>& target_ids) {
    json targets = json::array();
    for (size_t i = 0; i < target_ids.size(); ++i)
      targets.push_back({{"target_id", target_ids[i]}, {"priority", i + 1}});
    auto v = ge::value::decode_json(json{{"name", "s"}, {"event_topic_id", topic}, {"targets", targets}}.dump(),
                                    source->object_type());
    REQUIRE(v.ok());
    return *v;
  }

  Plan plan_source(const Value& prior, const Value& config, Diagnostics& diags) {
    return provider->plan(*source, prior, config, diags);
  }

  // The create plan of an integration with this suffix and these topic filters.
  Plan plan_integration(const std::string& suffix, const std::vector<std::string>& filters, Diagnostics& diags) {
    auto config = ge::value::decode_json(json{{"name", "events"},
                                              {"aws_account_id", "123456789012"},
                                              {"aws_region", "us-east-1"},
                                              {"event_source_suffix", suffix},
                                              {"topic_filters", filters}}
                                             .dump(),
                                         integration->object_type());
    REQUIRE(config.ok());
    return provider->plan(*integration, Value::null(integration->object_type()), *config, diags);
  }
};

}  // namespace

TEST_CASE("source compatibility: a target lacking topic event types is an error naming it and them") {
  Harness h;
  Diagnostics diags;
  h.plan_source(Value::null(h.source->object_type()), h.source_config("cx", {"t-all", "t-some"}), diags);
  INFO(text_of(diags));
  REQUIRE(diags.has_errors());
  REQUIRE(diags.items().size() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.summary == "EventBridge target \"orders\" lacks event types of topic \"cx\"");
  CHECK(d.detail.find("(id t-some) lacks: routing.queueEvent.") != std::string::npos);
  CHECK(d.detail.find("conversation.event") != std::string::npos);  // in the topic's list
  REQUIRE(d.attribute);
  CHECK(d.attribute->to_string() == "targets");
  // Only reads: the topic once, each target once; nothing is created.
  auto seen = h.platform.seen();
  CHECK(seen == std::vector<std::string>{"GET /api/v2/eventbridge/topics/cx",
                                         "GET /api/v2/integrations/eventbridge/targets/t-all",
                                         "GET /api/v2/integrations/eventbridge/targets/t-some"});
}

TEST_CASE("source compatibility: a target whose name the API answers null is named by its id, never a throw") {
  Harness h;
  {
    std::lock_guard lock(h.platform.mu);
    h.platform.targets["t-some"]["name"] = nullptr;
  }
  Diagnostics diags;
  REQUIRE_NOTHROW(
      h.plan_source(Value::null(h.source->object_type()), h.source_config("cx", {"t-all", "t-some"}), diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].summary == "EventBridge target \"t-some\" lacks event types of topic \"cx\"");
}

TEST_CASE("source compatibility: compatible targets pass, and reads are cached for the process") {
  Harness h;
  Diagnostics diags;
  h.plan_source(Value::null(h.source->object_type()), h.source_config("cx", {"t-all"}), diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(h.platform.seen().size() == 2);
  Diagnostics again;
  h.plan_source(Value::null(h.source->object_type()), h.source_config("cx", {"t-all"}), again);
  CHECK_FALSE(again.has_errors());
  CHECK(h.platform.seen().size() == 2);
}

TEST_CASE("source compatibility: skipped while the topic or a target id is unknown, or unconfigured") {
  Harness h;
  Value config = h.source_config("cx", {"t-some"});
  Diagnostics diags;
  h.plan_source(Value::null(h.source->object_type()),
                config.with_attribute("event_topic_id", Value::unknown(ge::value::Type::string())), diags);
  CHECK_FALSE(diags.has_errors());
  const Value& targets = config.attribute("targets");
  Value element = targets.elements().at(0);
  Value unknown_id = Value::set(targets.type().element(),
                                {element.with_attribute("target_id", Value::unknown(ge::value::Type::string()))});
  h.plan_source(Value::null(h.source->object_type()), config.with_attribute("targets", unknown_id), diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(h.platform.seen().empty());

  Harness unconfigured(false);
  Diagnostics plan;
  unconfigured.plan_source(Value::null(unconfigured.source->object_type()), config, plan);
  CHECK_FALSE(plan.has_errors());
  CHECK(unconfigured.platform.seen().empty());
}

TEST_CASE("source compatibility: an unchanged source is not checked, a changed one is") {
  Harness h;
  Value config = h.source_config("cx", {"t-some"});
  // The state an apply left: every computed value known.
  Value prior = config.with_attribute("id", Value::string("s-1"))
                    .with_attribute("version", Value::number(ge::value::Number::from_int(1)))
                    .with_attribute("status", Value::string("active"))
                    .with_attribute("source_type", Value::string("eventbridge"))
                    .with_attribute("date_created", Value::string("2026-01-01T00:00:00.000Z"))
                    .with_attribute("date_modified", Value::string("2026-01-01T00:00:00.000Z"));
  Diagnostics unchanged;
  h.plan_source(prior, config, unchanged);
  INFO(text_of(unchanged));
  CHECK_FALSE(unchanged.has_errors());
  CHECK(h.platform.seen().empty());
  Diagnostics changed;
  h.plan_source(prior, config.with_attribute("description", Value::string("now described")), changed);
  CHECK(changed.has_errors());
}

TEST_CASE("source compatibility: a target is judged by the event types its own plan gives it") {
  Harness h;
  // The target's update (adding routing.queueEvent) is planned first in the same process ...
  auto target_prior = ge::value::decode_json(json{{"id", "t-some"},
                                                  {"name", "orders"},
                                                  {"endpoint_url", "https://x.example.com"},
                                                  {"event_types", {"conversation.event"}},
                                                  {"auth_type", "NONE"},
                                                  {"status", "VERIFIED"},
                                                  {"version", 1},
                                                  {"wait_for_verification", true}}
                                                 .dump(),
                                             h.target->object_type(), {.ignore_unknown_attributes = true});
  REQUIRE(target_prior.ok());
  Value target_config = target_prior->with_attribute(
      "event_types", Value::set(ge::value::Type::string(),
                                {Value::string("conversation.event"), Value::string("routing.queueEvent")}));
  for (const char* computed : {"id", "status", "version"}) {
    target_config = target_config.with_attribute(computed, Value::null(h.target->find(computed)->type));
  }
  Diagnostics target_plan;
  h.provider->plan(*h.target, *target_prior, target_config, target_plan);
  INFO(text_of(target_plan));
  REQUIRE_FALSE(target_plan.has_errors());
  // ... so the source's check sees the types the apply will give the target, not the API's.
  Diagnostics diags;
  h.plan_source(Value::null(h.source->object_type()), h.source_config("cx", {"t-some"}), diags);
  INFO(text_of(diags));
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("source compatibility: unknown objects are left to the API, unreadable ones warn") {
  Harness h;
  Diagnostics missing_target;
  h.plan_source(Value::null(h.source->object_type()), h.source_config("cx", {"t-gone"}), missing_target);
  CHECK(missing_target.items().empty());  // the job fails with target.not.verified
  Diagnostics missing_topic;
  h.plan_source(Value::null(h.source->object_type()), h.source_config("nope", {"t-some"}), missing_topic);
  CHECK(missing_topic.items().empty());  // the job fails with topic.not.active
  Harness flaky;
  flaky.platform.topic_status = 503;
  Diagnostics warned;
  flaky.plan_source(Value::null(flaky.source->object_type()), flaky.source_config("cx", {"t-some"}), warned);
  INFO(text_of(warned));
  CHECK_FALSE(warned.has_errors());
  REQUIRE(warned.items().size() == 1);
  CHECK(warned.items()[0].summary == "Compatibility not checked");
}

TEST_CASE("a data source with neither api paths nor a read hook does not load") {
  auto files = real_schemas();
  files.push_back({"orphan.json", R"({ "type_name": "genesysevents_orphan", "kind": "data_source", "description": "O.",
    "attributes": { "x": { "type": "string", "computed": true, "description": "X." } } })"});
  auto created = Provider::create(files, [](const std::string&) { return std::nullopt; });
  REQUIRE_FALSE(created.ok());
  REQUIRE(created.error().messages.size() == 1);
  CHECK(created.error().messages[0].find("genesysevents_orphan: a data source without api.item_path") !=
        std::string::npos);
  CHECK(Provider::create(real_schemas(), [](const std::string&) { return std::nullopt; }).ok());
}

TEST_CASE(
    "eventbridge_integration: partner_event_source_name is known at plan, one organization read for several plans") {
  Harness h;
  Diagnostics first;
  Plan a = h.plan_integration("orders", {kCustomerEnd}, first);
  INFO(text_of(first));
  REQUIRE_FALSE(first.has_errors());
  CHECK(a.planned.attribute("partner_event_source_name") ==
        Value::string(std::string("aws.partner/genesys.com/cloud/") + kOrganizationId + "/orders"));
  Diagnostics second;
  Plan b = h.plan_integration("billing.v2", {kCustomerEnd}, second);
  INFO(text_of(second));
  REQUIRE_FALSE(second.has_errors());
  CHECK(b.planned.attribute("partner_event_source_name") ==
        Value::string(std::string("aws.partner/genesys.com/cloud/") + kOrganizationId + "/billing.v2"));
  // Both plans from one read of the organization and one of the catalog; nothing written.
  CHECK(h.platform.seen() ==
        std::vector<std::string>{"GET /api/v2/notifications/availabletopics", "GET /api/v2/organizations/me"});

  // Unconfigured (the provider's configuration unknown at plan): no request, the name unknown.
  Harness unconfigured(false);
  Diagnostics plan;
  Plan c = unconfigured.plan_integration("orders", {kCustomerEnd}, plan);
  CHECK_FALSE(plan.has_errors());
  CHECK_FALSE(c.planned.attribute("partner_event_source_name").is_known());
  CHECK(unconfigured.platform.seen().empty());
}

TEST_CASE("eventbridge_integration: a topic filter the organization cannot receive over EventBridge is a plan error") {
  Harness h;
  Diagnostics diags;
  h.plan_integration(
      "orders", {kCustomerEnd, "v2.detail.events.conversation.{id}.customer.ends", "v2.users.{id}.presence"}, diags);
  INFO(text_of(diags));
  REQUIRE(diags.items().size() == 2);
  std::map<std::string, const ge::base::Diagnostic*> by_summary;
  for (const auto& d : diags.items()) {
    CHECK(d.severity == ge::base::Severity::kError);
    REQUIRE(d.attribute);
    CHECK(d.attribute->to_string() == "topic_filters");
    by_summary[d.summary] = &d;
  }
  // Not a topic at all: named, with the closest valid one.
  const auto* typo = by_summary["Invalid topic filter \"v2.detail.events.conversation.{id}.customer.ends\""];
  REQUIRE(typo);
  CHECK_THAT(typo->detail, Catch::Contains("which is not a topic this organization can receive over EventBridge") &&
                               Catch::Contains(std::string("The closest one that is: \"") + kCustomerEnd + "\"."));
  // A topic of the Websocket transport only: said so.
  const auto* websocket = by_summary["Invalid topic filter \"v2.users.{id}.presence\""];
  REQUIRE(websocket);
  CHECK_THAT(websocket->detail,
             Catch::Contains("a topic this organization can receive over other transports only, not over EventBridge"));
  // Reads only: no request writes anything.
  for (const auto& request : h.platform.seen()) CHECK(request.rfind("GET ", 0) == 0);
}

TEST_CASE("eventbridge_integration: a state whose partner_event_source_name is null plans it, never null") {
  // The state an apply left when the organization could not be read: the name null.
  auto prior_for = [](Harness& h) {
    auto v = ge::value::decode_json(json{{"id", "int-1"},
                                         {"name", "events"},
                                         {"aws_account_id", "123456789012"},
                                         {"aws_region", "us-east-1"},
                                         {"event_source_suffix", "orders"},
                                         {"topic_filters", {kCustomerEnd}},
                                         {"enabled", true},
                                         {"notes", ""},
                                         {"partner_event_source_name", nullptr},
                                         {"reported_state", "ACTIVE"},
                                         {"reported_state_message", ""},
                                         {"config_version", 2},
                                         {"timeouts", nullptr}}
                                        .dump(),
                                    h.integration->object_type());
    REQUIRE(v.ok());
    return *v;
  };
  auto config_of = [](Harness& h, const Value& prior) {
    Value config = prior;
    for (const char* computed :
         {"id", "partner_event_source_name", "reported_state", "reported_state_message", "config_version"}) {
      config = config.with_attribute(computed, Value::null(h.integration->find(computed)->type));
    }
    return config;
  };
  Harness h;
  Value prior = prior_for(h);
  Diagnostics diags;
  Plan plan = h.provider->plan(*h.integration, prior, config_of(h, prior), diags);
  INFO(text_of(diags));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(plan.planned.attribute("partner_event_source_name") ==
        Value::string(std::string("aws.partner/genesys.com/cloud/") + kOrganizationId + "/orders"));

  Harness unconfigured(false);
  Value prior2 = prior_for(unconfigured);
  Diagnostics diags2;
  Plan plan2 = unconfigured.provider->plan(*unconfigured.integration, prior2, config_of(unconfigured, prior2), diags2);
  REQUIRE_FALSE(diags2.has_errors());
  CHECK_FALSE(plan2.planned.attribute("partner_event_source_name").is_known());  // the apply fills it
}

TEST_CASE("eventbridge_integration: the schema creates with CreateIntegrationRequest's fields, names not unique") {
  Harness h;
  const auto& api = h.integration->api;
  CHECK(api.create_fields == std::vector<std::string>{"name"});  // notes go in the configuration
  CHECK(api.create_constants == json({{"integrationType", {{"id", "amazon-eventbridge-source"}}}}));
  REQUIRE(api.read_also.size() == 1);
  REQUIRE(api.read_also[0].write);
  const auto& copy = api.read_also[0].write->copy;
  CHECK(std::find(copy.begin(), copy.end(), "notes") != copy.end());
  CHECK_FALSE(api.unique_names);
}

TEST_CASE("eventbridge_integration: aws_region accepts every region the provider's own region table lists") {
  Harness h;
  const auto* region = h.integration->find("aws_region");
  REQUIRE(region);
  REQUIRE(region->validators.size() == 1);
  REQUIRE(region->validators[0].kind == ge::schema::Validator::Kind::kRegex);
  const std::regex pattern(region->validators[0].pattern);
  for (const auto& [name, domain] : region_domains()) {
    INFO(name);
    CHECK(std::regex_match(name, pattern));
  }
  CHECK(std::regex_match("us-gov-west-1", pattern));
  CHECK_FALSE(std::regex_match("US-EAST-1", pattern));
  CHECK_FALSE(std::regex_match("us-east", pattern));
}
