// The reusable module examples/modules/eventbridge-pipeline called from a root module with a
// relative local `source`, applied, planned clean, and destroyed with the real CLI. The
// module's files are used where they are shipped, not copied.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

TEST_CASE("eventbridge-pipeline module: apply, clean plan, outputs, destroy", "[module][compat]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws;
  ws.use_emulator(emu);
  const fs::path module = fs::path(GE_SOURCE_DIR) / "examples" / "modules" / "eventbridge-pipeline";
  const std::string source = fs::relative(module, ws.dir()).string();
  REQUIRE(source.rfind("../", 0) == 0);  // a local module path, as Terraform requires
  ws.write("main.tf",
           "module \"orders\" {\n"
           "  source       = \"" + source + "\"\n"
           "  name         = \"orders\"\n"
           "  endpoint_url = " + json(receiver.url("/orders")).dump() + "\n"
           "  filters = [{\n"
           "    name       = \"high-priority\"\n"
           "    conditions = [{ field = \"priority\", operator = \"equals\", value = \"high\" }]\n"
           "  }]\n"
           "}\n"
           "module \"all\" {\n"
           "  source       = \"" + source + "\"\n"
           "  name         = \"all-events\"\n"
           "  topic_name   = \"genesys queue events\"\n"
           "  endpoint_url = " + json(receiver.url("/all")).dump() + "\n"
           "}\n"
           "output \"orders\" {\n  value = module.orders\n}\n"
           "output \"all\" {\n  value = module.all\n}\n");
  ws.init();
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("4 added, 0 changed, 0 destroyed") != std::string::npos);
  CHECK(ws.plan_exit_code() == 0);

  json outputs = ws.outputs();
  json orders = outputs.at("orders").at("value");
  json all = outputs.at("all").at("value");
  CHECK(orders.at("target_status") == "VERIFIED");
  CHECK(all.at("target_status") == "VERIFIED");
  CHECK(all.at("topic_id") == "genesys-queue-events");
  CHECK(orders.at("topic_id") != all.at("topic_id"));

  // On the emulator: each source reads its topic and sends to its own verified target.
  auto source_of = [&](const json& o) {
    auto s = emu.api("GET", "/api/v2/eventbridge/sources/" + o.at("source_id").get<std::string>());
    REQUIRE(s.status == 200);
    return s.body;
  };
  json orders_source = source_of(orders);
  INFO(orders_source.dump());
  CHECK(orders_source.at("eventTopicId") == orders.at("topic_id"));
  CHECK(orders_source.at("targets").at(0).at("targetId") == orders.at("target_id"));
  CHECK(orders_source.at("filters").size() == 1);
  json all_source = source_of(all);
  CHECK(all_source.at("eventTopicId") == "genesys-queue-events");
  CHECK(all_source.value("filters", json::array()).empty());
  CHECK(receiver.requests("/orders").size() >= 1);  // the verification call reached the endpoint

  r = ws.run({"destroy", "-auto-approve", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(emu.list("/api/v2/eventbridge/sources").empty());
  CHECK(emu.list("/api/v2/integrations/eventbridge/targets").empty());
}

TEST_CASE("genesys-eventbridge module: ACTIVE integration and its partner source name, clean plan, destroy",
          "[module][eventbridge_integration]") {
  Emulator emu;
  Workspace ws;
  ws.use_emulator(emu);
  const fs::path module = fs::path(GE_SOURCE_DIR) / "examples" / "modules" / "genesys-eventbridge";
  const std::string source = fs::relative(module, ws.dir()).string();
  ws.write("main.tf",
           "module \"genesys_events\" {\n"
           "  source         = \"" + source + "\"\n"
           "  name           = \"gc-events-prod\"\n"
           "  aws_account_id = \"123456789012\"\n"
           "  aws_region     = \"us-east-1\"\n"
           "  topic_filters  = [\"v2.detail.events.conversation.{id}.customer.end\"]\n"
           "}\n"
           "output \"genesys_events\" {\n  value = module.genesys_events\n}\n");
  ws.init();
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(ws.plan_exit_code() == 0);
  json values = ws.outputs().at("genesys_events").at("value");
  const std::string org = emu.api("GET", "/api/v2/organizations/me").body["id"];
  CHECK(values.at("organization_id") == org);
  CHECK(values.at("partner_event_source_name") == "aws.partner/genesys.com/cloud/" + org + "/gc-events-prod");
  CHECK(values.at("reported_state") == "ACTIVE");
  auto integration = emu.api("GET", "/api/v2/integrations/" + values.at("integration_id").get<std::string>());
  REQUIRE(integration.status == 200);
  CHECK(integration.body["reportedState"]["code"] == "ACTIVE");
  r = ws.run({"destroy", "-auto-approve", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(emu.api("GET", "/api/v2/integrations/" + values.at("integration_id").get<std::string>()).status == 404);
}
