// genesysevents_destination end to end with the real CLI: lifecycle, the auth header template
// compared as JSON, replacement on region, drift, import and plan-time validation.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kPath = "/api/v2/integrations/destinations";

std::string destination_hcl(const std::string& webhook_destination, const std::string& extra = "") {
  return "resource \"genesysevents_destination\" \"sink\" {\n"
         "  name                = \"eventbridge-sink\"\n"
         "  webhook_destination = " + webhook_destination + "\n" + extra +
         "}\n";
}

}  // namespace

TEST_CASE("destination lifecycle: create no-op update replace drift import destroy", "[destination]") {
  Emulator emu;
  Workspace ws;
  ws.use_emulator(emu);
  ws.write("main.tf", destination_hcl("{\n    url = \"https://api.example.com/ingest\"\n"
                                      "    auth_header_template = jsonencode({ Authorization = \"Bearer $${api_token}\" })\n"
                                      "  }"));
  ws.init();
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  auto objects = emu.list(kPath);
  REQUIRE(objects.size() == 1);
  std::string id = objects[0]["id"];
  CHECK(objects[0]["region"] == "us-east-1");
  CHECK(objects[0]["destinationType"] == "eventbridge");
  CHECK(objects[0]["webhookDestination"]["batchSize"] == 100);
  CHECK(json::parse(objects[0]["webhookDestination"]["authHeaderTemplate"].get<std::string>()) ==
        json({{"Authorization", "Bearer ${api_token}"}}));
  auto state = ws.resources().at("genesysevents_destination.sink")["values"];
  CHECK(state["webhook_destination"]["batch_size"] == 100);
  CHECK(ws.plan_exit_code() == 0);

  // In-place update: batch size and a template with a second header.
  ws.write("main.tf", destination_hcl("{\n    url = \"https://api.example.com/ingest\"\n"
                                      "    auth_header_template = jsonencode({ Authorization = \"$${aws4_hmac_sha256}\", "
                                      "X-Team = \"ops\" })\n    batch_size = 250\n  }",
                                      "  description = \"updated\"\n"));
  r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1 changed") != std::string::npos);
  auto after = emu.api("GET", std::string(kPath) + "/" + id).body;
  CHECK(after["version"] == 2);
  CHECK(after["webhookDestination"]["batchSize"] == 250);
  CHECK(ws.plan_exit_code() == 0);

  // Drift: the template rewritten with other spacing is no change; a different one is.
  after["webhookDestination"]["authHeaderTemplate"] =
      "{ \"X-Team\" : \"ops\",  \"Authorization\" : \"${aws4_hmac_sha256}\" }";
  REQUIRE(emu.api("PUT", std::string(kPath) + "/" + id, after).status == 200);
  CHECK(ws.plan_exit_code() == 0);
  after = emu.api("GET", std::string(kPath) + "/" + id).body;
  after["webhookDestination"]["batchSize"] = 5;
  REQUIRE(emu.api("PUT", std::string(kPath) + "/" + id, after).status == 200);
  CHECK(ws.plan_exit_code() == 2);
  REQUIRE(ws.apply().exit_code == 0);
  CHECK(emu.api("GET", std::string(kPath) + "/" + id).body["webhookDestination"]["batchSize"] == 250);
  CHECK(ws.plan_exit_code() == 0);

  // Another region replaces it.
  ws.write("main.tf", destination_hcl("{\n    url = \"https://api.example.com/ingest\"\n"
                                      "    auth_header_template = jsonencode({ Authorization = \"$${aws4_hmac_sha256}\", "
                                      "X-Team = \"ops\" })\n    batch_size = 250\n  }",
                                      "  description = \"updated\"\n  region = \"eu-west-1\"\n"));
  auto p = ws.run({"plan", "-no-color"});
  INFO(p.all());
  CHECK(p.out.find("must be replaced") != std::string::npos);
  REQUIRE(ws.apply().exit_code == 0);
  objects = emu.list(kPath);
  REQUIRE(objects.size() == 1);
  CHECK(objects[0]["id"] != id);
  CHECK(objects[0]["region"] == "eu-west-1");
  id = objects[0]["id"];
  CHECK(ws.plan_exit_code() == 0);

  // Import by id.
  CHECK(reimport(ws, "genesysevents_destination.sink") == 0);

  // Deleted behind the CLI's back.
  recreate_after_remote_delete(ws, emu, "genesysevents_destination.sink", kPath);

  r = ws.run({"destroy", "-auto-approve", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(emu.list(kPath).empty());
}

TEST_CASE("destination validation fails at plan time without calling the API", "[destination][validation]") {
  Emulator emu;
  Workspace ws;
  ws.use_emulator(emu);
  ws.init();
  expect_plan_errors(ws, emu, {
      {destination_hcl("{ url = \"http://api.example.com/x\" }"), "webhook_destination.url"},
      {destination_hcl("{ url = \"https://api.example.com/x\", batch_size = 0 }"), "webhook_destination.batch_size"},
      {destination_hcl("{ url = \"https://api.example.com/x\", batch_size = 1001 }"),
       "webhook_destination.batch_size"},
      {destination_hcl("{ url = \"https://api.example.com/x\", auth_header_template = jsonencode({ a = 1 }) }"),
       "webhook_destination.auth_header_template"},
      {destination_hcl("{ url = \"https://api.example.com/x\" }", "  region = \"Europe\"\n"), "region"},
      {destination_hcl("{ url = \"https://api.example.com/x\" }", "  destination_type = \"sqs\"\n"),
       "destination_type"},
  });
}

TEST_CASE("destination import block with -generate-config-out plans clean", "[destination][import]") {
  Emulator emu;
  Workspace origin;
  origin.use_emulator(emu);
  origin.write("main.tf", destination_hcl("{\n    url = \"https://api.example.com/ingest\"\n"
                                          "    auth_header_template = jsonencode({ Authorization = \"Bearer $${api_token}\" })\n"
                                          "    batch_size = 250\n  }",
                                          "  region = \"eu-west-1\"\n"));
  origin.init();
  REQUIRE(origin.apply().exit_code == 0);
  const std::string id = origin.resources().at("genesysevents_destination.sink")["values"]["id"];

  Workspace ws;
  ws.use_emulator(emu);
  std::string generated = import_with_generated_config(ws, "genesysevents_destination.sink", id);
  CHECK(generated.find("eventbridge-sink") != std::string::npos);
  CHECK(generated.find("eu-west-1") != std::string::npos);
  CHECK(emu.list(kPath).size() == 1);
}
