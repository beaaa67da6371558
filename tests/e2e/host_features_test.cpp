// Features of current hosts through the real CLIs: provider-defined functions (Terraform >= 1.8,
// OpenTofu >= 1.7) and import by resource identity (Terraform >= 1.12, OpenTofu >= 1.12). Older
// hosts must refuse the syntax clearly or keep working without it.
#include <catch2/catch.hpp>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kOrgId = "6f0c7b0e-5d1a-4c53-9a7e-2e6b8d4f1a90";  // the emulator's organization

bool supports_functions(Workspace& ws) { return ws.cli_version() >= CliVersion{1, 8, 0}; }
bool supports_identity_import(Workspace& ws) { return ws.cli_version() >= CliVersion{1, 12, 0}; }

}  // namespace

TEST_CASE("provider functions compute values at plan time, argument errors name the argument", "[functions][compat][asan]") {
  Emulator emu;
  Workspace ws;
  ws.use_emulator(emu);
  ws.write("main.tf", std::string("output \"source_name\" {\n"
                                  "  value = provider::genesysevents::partner_event_source_name(\"") +
                          kOrgId + "\", \"gc-events.prod\")\n}\n"
                          "output \"matches\" {\n"
                          "  value = provider::genesysevents::topic_matches("
                          "\"v2.detail.events.conversation.{id}.customer.end\", "
                          "\"v2.detail.events.conversation.4b1c.customer.end\")\n}\n"
                          "output \"differs\" {\n"
                          "  value = provider::genesysevents::topic_matches(\"v2.users.{id}.presence\", "
                          "\"v2.users.7.activity\")\n}\n");
  if (!supports_functions(ws)) {
    // Terraform 1.5.7 cannot parse a provider function call: init refuses the configuration,
    // pointing at the call, rather than dropping the outputs.
    auto r = ws.run({"init", "-no-color"});
    WARN("This CLI has no provider-defined functions (Terraform >= 1.8, OpenTofu >= 1.7); init answered:\n"
         << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("provider::genesysevents::partner_event_source_name") != std::string::npos);
    return;
  }
  ws.init();
  auto applied = ws.apply();
  INFO(applied.all());
  REQUIRE(applied.exit_code == 0);
  json out = ws.outputs();
  CHECK(out["source_name"]["value"] == std::string("aws.partner/genesys.com/cloud/") + kOrgId + "/gc-events.prod");
  CHECK(out["matches"]["value"] == true);
  CHECK(out["differs"]["value"] == false);
  CHECK(emu.api_requests_since(0).empty());  // pure functions: no API call at all

  ws.write("main.tf", std::string("output \"bad\" {\n"
                                  "  value = provider::genesysevents::partner_event_source_name(\"") +
                          kOrgId + "\", \"a/b\")\n}\n");
  auto refused = ws.run({"plan", "-no-color"});
  INFO(refused.all());
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("suffix must be 1 to 64 characters") != std::string::npos);
  CHECK(refused.err.find("\"suffix\"") != std::string::npos);  // the host names the parameter too
}

TEST_CASE("an import block with an identity adopts the object, then the plan is clean", "[identity][import][compat]") {
  Emulator emu;
  auto created = emu.api("POST", "/api/v2/events/webhooks",
                         {{"name", "by-identity"}, {"destinationUrl", "https://hooks.example.com/identity"}});
  REQUIRE(created.status == 201);
  const std::string id = created.body["id"];
  Workspace ws;
  ws.use_emulator(emu);
  ws.write("main.tf", "import {\n  to = genesysevents_webhook.w\n  identity = { id = \"" + id +
                          "\" }\n}\n"
                          "resource \"genesysevents_webhook\" \"w\" {\n  name = \"by-identity\"\n"
                          "  destination_url = \"https://hooks.example.com/identity\"\n}\n");
  if (!supports_identity_import(ws)) {
    WARN("This CLI cannot import by identity (Terraform and OpenTofu >= 1.12): it cannot parse the import "
         "block's identity argument; skipped.");
    return;
  }
  ws.init();
  auto applied = ws.apply();
  INFO(applied.all());
  REQUIRE(applied.exit_code == 0);
  CHECK(applied.out.find("1 imported, 0 added, 0 changed, 0 destroyed") != std::string::npos);
  auto resources = ws.resources();
  REQUIRE(resources.count("genesysevents_webhook.w") == 1);
  CHECK(resources["genesysevents_webhook.w"]["values"]["id"] == id);
  CHECK(emu.list("/api/v2/events/webhooks").size() == 1);
  CHECK(ws.plan_exit_code() == 0);
}
