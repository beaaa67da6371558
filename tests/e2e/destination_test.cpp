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

TEST_CASE("destination lifecycle: create no-op update replace drift import destroy", "[destination][compat][asan]") {
  Emulator emu;
  Workspace ws(emu);
  LifecycleSteps steps(ws, emu, "genesysevents_destination.sink", kPath);
  json created = steps.create(
      destination_hcl("{\n    url = \"https://api.example.com/ingest\"\n"
                      "    auth_header_template = jsonencode({ Authorization = \"Bearer $${api_token}\" })\n"
                      "  }"));
  CHECK(created["region"] == "us-east-1");
  CHECK(created["destinationType"] == "eventbridge");
  CHECK(created["webhookDestination"]["batchSize"] == 100);
  CHECK(json::parse(created["webhookDestination"]["authHeaderTemplate"].get<std::string>()) ==
        json({{"Authorization", "Bearer ${api_token}"}}));
  CHECK(steps.state_values()["webhook_destination"]["batch_size"] == 100);
  CHECK(ws.plan_exit_code() == 0);

  // In-place update: batch size and a template with a second header.
  const std::string two_headers =
      "{\n    url = \"https://api.example.com/ingest\"\n"
      "    auth_header_template = jsonencode({ Authorization = \"$${aws4_hmac_sha256}\", "
      "X-Team = \"ops\" })\n    batch_size = 250\n  }";
  json after = steps.update(destination_hcl(two_headers, "  description = \"updated\"\n"));
  CHECK(after["version"] == 2);
  CHECK(after["webhookDestination"]["batchSize"] == 250);
  CHECK(ws.plan_exit_code() == 0);

  // Drift: the template rewritten with other spacing is no change; a different one is.
  after["webhookDestination"]["authHeaderTemplate"] =
      "{ \"X-Team\" : \"ops\",  \"Authorization\" : \"${aws4_hmac_sha256}\" }";
  steps.put(after);
  CHECK(ws.plan_exit_code() == 0);
  after = steps.object();
  after["webhookDestination"]["batchSize"] = 5;
  steps.put(after);
  CHECK(steps.repair()["webhookDestination"]["batchSize"] == 250);
  CHECK(ws.plan_exit_code() == 0);

  // Another region replaces it.
  json replaced = steps.replace(
      destination_hcl(two_headers, "  description = \"updated\"\n  region = \"eu-west-1\"\n"));
  CHECK(replaced["region"] == "eu-west-1");
  CHECK(ws.plan_exit_code() == 0);

  // Import by id.
  CHECK(steps.reimport() == 0);

  // Deleted behind the CLI's back.
  steps.recreate_after_remote_delete();

  steps.destroy();
}

TEST_CASE("destination validation fails at plan time without calling the API", "[destination][validation]") {
  Emulator emu;
  Workspace ws(emu);
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
  std::string generated = import_applied_object(
      emu,
      destination_hcl("{\n    url = \"https://api.example.com/ingest\"\n"
                      "    auth_header_template = jsonencode({ Authorization = \"Bearer $${api_token}\" })\n"
                      "    batch_size = 250\n  }",
                      "  region = \"eu-west-1\"\n"),
      "genesysevents_destination.sink");
  CHECK(generated.find("eventbridge-sink") != std::string::npos);
  CHECK(generated.find("eu-west-1") != std::string::npos);
  CHECK(emu.list(kPath).size() == 1);
}
