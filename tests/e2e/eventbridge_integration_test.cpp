// genesysevents_eventbridge_integration (the Platform API's amazon-eventbridge-source
// integration) end to end with the real CLI against the emulator: create until ACTIVE with the
// partner event source name, filter order never diffs, in-place filter changes, disable,
// disabled behind the CLI's back, ERROR (tainted, replaced by the next apply), eventual
// consistency, import with generated configuration, destroy, and plan-time errors.
#include <catch2/catch.hpp>

#include <set>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kPath = "/api/v2/integrations";
const char* kAddress = "genesysevents_eventbridge_integration.prod";

std::string integration_hcl(const std::string& filters, const std::string& extra = "",
                            const std::string& account = "123456789012") {
  return "resource \"genesysevents_eventbridge_integration\" \"prod\" {\n"
         "  name                = \"gc-events-prod\"\n"
         "  aws_account_id      = \"" + account + "\"\n"
         "  aws_region          = \"us-east-1\"\n"
         "  event_source_suffix = \"gc-events-prod\"\n"
         "  topic_filters       = " + filters + "\n" + extra +
         "  timeouts { create = \"2m\" }\n"
         "}\n"
         "output \"partner\" { value = genesysevents_eventbridge_integration.prod.partner_event_source_name }\n";
}

const char* kTwoFilters =
    "[\"v2.detail.events.conversation.{id}.customer.end\", \"v2.users.{id}.presence\"]";
const char* kTwoFiltersReordered =
    "[\"v2.users.{id}.presence\", \"v2.detail.events.conversation.{id}.customer.end\"]";

json values(Workspace& ws) { return ws.resources().at(kAddress)["values"]; }

// The EventBridge integrations the emulator holds (the seeded data-actions one is another type).
std::vector<json> eventbridge_integrations(Emulator& emu) {
  auto page = emu.api("GET", std::string(kPath) + "?integrationType=amazon-eventbridge-source&pageSize=100").body;
  std::vector<json> out;
  for (const auto& e : page["entities"]) out.push_back(e);
  return out;
}

std::string org_id(Emulator& emu) { return emu.api("GET", "/api/v2/organizations/me").body["id"]; }

bool mutating(const json& request) {
  const std::string method = request.value("method", "");
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace

TEST_CASE("eventbridge_integration lifecycle: ACTIVE with the partner source, filter order, update, disable, drift, destroy",
          "[eventbridge_integration][compat][asan]") {
  Emulator emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"integrationStateDelayMs", 300}}).status == 200);
  Workspace ws(emu, integration_hcl(kTwoFilters));

  // The plan already knows the partner event source name (organization id + suffix).
  auto plan = ws.run({"plan", "-no-color"});
  INFO(plan.all());
  const std::string partner = "aws.partner/genesys.com/cloud/" + org_id(emu) + "/gc-events-prod";
  CHECK(plan.out.find(partner) != std::string::npos);

  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  auto objects = eventbridge_integrations(emu);
  REQUIRE(objects.size() == 1);
  const std::string id = objects[0]["id"];
  CHECK(objects[0]["intendedState"] == "ENABLED");
  CHECK(objects[0]["reportedState"]["code"] == "ACTIVE");
  json state = values(ws);
  CHECK(state["reported_state"] == "ACTIVE");
  CHECK(state["enabled"] == true);
  CHECK(state["notes"] == "");
  CHECK(state["partner_event_source_name"] == partner);
  CHECK(ws.state()["values"]["outputs"]["partner"]["value"] == partner);
  auto config = emu.api("GET", std::string(kPath) + "/" + id + "/config/current").body;
  CHECK(config["properties"]["awsAccountId"] == "123456789012");
  CHECK(config["properties"]["eventFilter"].size() == 2);
  const int64_t version = config["version"];
  CHECK(state["config_version"] == version);
  CHECK(ws.plan_exit_code() == 0);

  // A set: the same filters in another order change nothing.
  ws.write("main.tf", integration_hcl(kTwoFiltersReordered));
  CHECK(ws.plan_exit_code() == 0);

  // Another filter: updated in place (configuration PUT), active again.
  ws.write("main.tf", integration_hcl("[\"v2.users.{id}.presence\", \"v2.audits.entitytype.{id}.entityid.{id}\"]",
                                      "  notes = \"managed by terraform\"\n"));
  r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1 changed") != std::string::npos);
  CHECK(eventbridge_integrations(emu).size() == 1);
  config = emu.api("GET", std::string(kPath) + "/" + id + "/config/current").body;
  CHECK(config["version"] == version + 1);
  CHECK(config["notes"] == "managed by terraform");
  auto sent_filters = config["properties"]["eventFilter"].get<std::set<std::string>>();
  CHECK(sent_filters == std::set<std::string>{"v2.users.{id}.presence", "v2.audits.entitytype.{id}.entityid.{id}"});
  CHECK(values(ws)["reported_state"] == "ACTIVE");
  CHECK(ws.plan_exit_code() == 0);

  // Disable: INACTIVE.
  const std::string filters = "[\"v2.users.{id}.presence\", \"v2.audits.entitytype.{id}.entityid.{id}\"]";
  ws.write("main.tf", integration_hcl(filters, "  notes = \"managed by terraform\"\n  enabled = false\n"));
  r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(emu.api("GET", std::string(kPath) + "/" + id).body["reportedState"]["code"] == "INACTIVE");
  CHECK(values(ws)["reported_state"] == "INACTIVE");
  CHECK(ws.plan_exit_code() == 0);

  // Enabled again, then disabled behind the CLI's back (the admin UI): the plan shows it.
  ws.write("main.tf", integration_hcl(filters, "  notes = \"managed by terraform\"\n"));
  REQUIRE(ws.apply().exit_code == 0);
  CHECK(emu.api("GET", std::string(kPath) + "/" + id).body["reportedState"]["code"] == "ACTIVE");
  REQUIRE(emu.api("PATCH", std::string(kPath) + "/" + id, {{"intendedState", "DISABLED"}}).status == 200);
  auto drift = ws.run({"plan", "-no-color", "-detailed-exitcode"});
  INFO(drift.all());
  CHECK(drift.exit_code == 2);
  CHECK(drift.out.find("enabled") != std::string::npos);
  REQUIRE(ws.apply().exit_code == 0);
  CHECK(emu.api("GET", std::string(kPath) + "/" + id).body["reportedState"]["code"] == "ACTIVE");

  // Filters edited behind the CLI's back: the plan shows it too.
  config = emu.api("GET", std::string(kPath) + "/" + id + "/config/current").body;
  config["properties"]["eventFilter"] = json({"v2.users.{id}.presence"});
  REQUIRE(emu.api("PUT", std::string(kPath) + "/" + id + "/config/current", config).status == 200);
  CHECK(ws.plan_exit_code() == 2);
  REQUIRE(ws.apply().exit_code == 0);
  CHECK(ws.plan_exit_code() == 0);

  r = ws.run({"destroy", "-auto-approve", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(eventbridge_integrations(emu).empty());
  CHECK(emu.api("GET", std::string(kPath) + "/" + id).status == 404);
}

TEST_CASE("eventbridge_integration ERROR is tainted and replaced by the next apply", "[eventbridge_integration][compat][asan]") {
  Emulator emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rejectedAwsAccountIds", json({"210987654321"})}}).status == 200);
  Workspace ws(emu, integration_hcl(kTwoFilters, "", "210987654321"));
  auto r = ws.apply();
  INFO(r.all());
  CHECK(r.exit_code == 1);
  CHECK(r.all().find("ERROR") != std::string::npos);
  CHECK(r.all().find("AWS_ACCOUNT_REJECTED") != std::string::npos);  // the platform's code
  CHECK(r.all().find("rejected") != std::string::npos);              // and message (the CLI wraps it)
  auto objects = eventbridge_integrations(emu);
  REQUIRE(objects.size() == 1);
  const std::string first = objects[0]["id"];
  auto recorded = ws.resources().at(kAddress);
  CHECK(recorded["values"]["id"] == first);  // kept in state: nothing orphaned
  CHECK(recorded["values"]["reported_state"] == "ERROR");
  auto plan = ws.run({"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.out.find("tainted") != std::string::npos);

  // The account accepts it now: the next apply replaces the tainted integration.
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rejectedAwsAccountIds", json::array()}}).status == 200);
  r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  objects = eventbridge_integrations(emu);
  REQUIRE(objects.size() == 1);
  CHECK(objects[0]["id"] != first);
  CHECK(objects[0]["reportedState"]["code"] == "ACTIVE");
  CHECK(ws.plan_exit_code() == 0);
}

TEST_CASE("eventbridge_integration with eventual consistency windows on", "[eventbridge_integration]") {
  Emulator emu;
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"integrationVisibleAfterMs", 1500}, {"integrationDeleteLingerMs", 1500},
                       {"integrationStateDelayMs", 500}})
              .status == 200);
  Workspace ws(emu, integration_hcl(kTwoFilters));
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(values(ws)["reported_state"] == "ACTIVE");
  CHECK(ws.plan_exit_code() == 0);
  const std::string id = values(ws)["id"];
  r = ws.run({"destroy", "-auto-approve", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  // Destroy waited until the API stopped answering for it.
  CHECK(emu.api("GET", std::string(kPath) + "/" + id).status == 404);
}

TEST_CASE("eventbridge_integration import with generated configuration plans clean", "[eventbridge_integration][import][compat]") {
  Emulator emu;
  auto made = emu.api("POST", kPath, {{"name", "made-in-the-ui"}, {"integrationType", {{"id", "amazon-eventbridge-source"}}}});
  REQUIRE(made.status == 201);
  const std::string id = made.body["id"];
  auto config = emu.api("GET", std::string(kPath) + "/" + id + "/config/current").body;
  config["properties"] = {{"awsAccountId", "123456789012"}, {"awsAccountRegion", "eu-west-1"},
                          {"eventSourceSuffix", "from-ui"},
                          {"eventFilter", json({"v2.detail.events.conversation.{id}.acw"})}};
  REQUIRE(emu.api("PUT", std::string(kPath) + "/" + id + "/config/current", config).status == 200);
  REQUIRE(emu.api("PATCH", std::string(kPath) + "/" + id, {{"intendedState", "ENABLED"}}).status == 200);

  Workspace ws;
  ws.use_emulator(emu);
  std::string generated = import_with_generated_config(ws, kAddress, id);
  CHECK(generated.find("from-ui") != std::string::npos);
  CHECK(values(ws)["partner_event_source_name"] == "aws.partner/genesys.com/cloud/" + org_id(emu) + "/from-ui");
  CHECK(reimport(ws, kAddress) == 0);
}

TEST_CASE("eventbridge_integration invalid configuration fails at plan with no mutating request",
          "[eventbridge_integration][validation]") {
  Emulator emu;
  Workspace ws(emu);
  // Rules of the schema: no API call at all.
  expect_plan_errors(ws, emu, {
      {integration_hcl(kTwoFilters, "", "12345"), "aws_account_id"},
      {integration_hcl("[]"), "topic_filters"},
      {integration_hcl(kTwoFilters).replace(integration_hcl(kTwoFilters).find("us-east-1"), 9, "Europe"), "aws_region"},
  });
  // A filter that is not an EventBridge topic: the topic catalog is read (once), nothing written.
  const int64_t seq = emu.last_request_seq();
  ws.write("main.tf", integration_hcl("[\"v2.detail.events.conversation.{id}.customer.ends\", \"v2.routing.queues.{id}.conversations\"]"));
  auto r = ws.run({"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("v2.detail.events.conversation.{id}.customer.ends") != std::string::npos);
  CHECK(r.err.find("\"v2.detail.events.conversation.{id}.customer.end\"") != std::string::npos);  // the closest
  CHECK(r.err.find("other transports only") != std::string::npos);  // the Websocket-only topic
  CHECK(r.err.find("topic_filters") != std::string::npos);
  int catalog_reads = 0;
  for (const auto& request : emu.api_requests_since(seq)) {
    CHECK_FALSE(mutating(request));
    if (request.value("path", "") == "/api/v2/notifications/availabletopics") ++catalog_reads;
  }
  CHECK(catalog_reads == 1);
}

TEST_CASE("organization and notification_topics data sources", "[data_sources][eventbridge_integration][compat]") {
  Emulator emu;
  Workspace ws;
  ws.use_emulator(emu);
  ws.write("main.tf",
           "data \"genesysevents_organization\" \"me\" {}\n"
           "data \"genesysevents_notification_topics\" \"eb\" {\n"
           "  transport   = \"EventBridge\"\n"
           "  name_prefix = \"v2.detail.events.conversation\"\n"
           "}\n"
           "data \"genesysevents_eventbridge_integrations\" \"all\" {}\n"
           "output \"org\" { value = data.genesysevents_organization.me.id }\n"
           "output \"topics\" { value = data.genesysevents_notification_topics.eb.ids }\n"
           "output \"integrations\" { value = data.genesysevents_eventbridge_integrations.all.ids }\n");
  ws.init();
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  auto outputs = ws.state()["values"]["outputs"];
  CHECK(outputs["org"]["value"] == org_id(emu));
  CHECK(outputs["topics"]["value"] == json({"v2.detail.events.conversation.{id}.customer.start",
                                            "v2.detail.events.conversation.{id}.customer.end",
                                            "v2.detail.events.conversation.{id}.acw"}));
  CHECK(outputs["integrations"]["value"] == json::array());  // the seeded data-actions integration is another type
}

TEST_CASE("eventbridge_integration import of an integration of another type is refused", "[eventbridge_integration][import]") {
  Emulator emu;
  auto page = emu.api("GET", "/api/v2/integrations?integrationType=purecloud-data-actions").body;
  REQUIRE(page["entities"].size() >= 1);
  const std::string other = page["entities"][0]["id"];
  Workspace ws(emu, integration_hcl(kTwoFilters));
  auto r = ws.run({"import", "-no-color", kAddress, other});
  INFO(r.all());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("purecloud-data-actions") != std::string::npos);
  CHECK(ws.resources().empty());
}
