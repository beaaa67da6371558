// genesysevents_webhook end to end with the real CLI: lifecycle, drift, import, validation,
// HTTPS, parallelism and interruption.
#include <catch2/catch.hpp>
#include <signal.h>

#include <thread>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kWebhooksPath = "/api/v2/events/webhooks";

std::string webhook_hcl(const std::string& label, const std::string& name, const std::string& url,
                        const std::string& extra = "") {
  return "resource \"genesysevents_webhook\" \"" + label + "\" {\n"
         "  name            = \"" + name + "\"\n"
         "  destination_url = \"" + url + "\"\n" + extra +
         "}\n";
}

}  // namespace

TEST_CASE("webhook lifecycle: create then no-op plan then update then destroy", "[webhook][compat][asan]") {
  Emulator emu;
  const std::string hcl = webhook_hcl("ops", "ops-events", "https://hooks.example.com/genesys",
                                      "  signing_key  = \"0123456789abcdef-signing\"\n"
                                      "  header_overrides = { \"x-team\" = \"ops\" }\n"
                                      "  retry_policy = { retry_count = 5 }\n");
  Workspace ws(emu, hcl);
  LifecycleSteps steps(ws, emu, "genesysevents_webhook.ops", kWebhooksPath);
  {
    auto r = ws.run({"validate", "-no-color"});
    INFO(r.all());
    REQUIRE(r.exit_code == 0);
  }
  {
    auto r = ws.run({"plan", "-no-color"});
    INFO(r.all());
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("1 to add") != std::string::npos);
    CHECK(r.out.find("0123456789abcdef-signing") == std::string::npos);  // sensitive
  }
  const json w = steps.create(hcl);
  CHECK(w["name"] == "ops-events");
  CHECK(w["method"] == "POST");
  CHECK(w["retryPolicy"]["retryCount"] == 5);
  CHECK(w["retryPolicy"]["retryIntervalSeconds"] == 10);
  CHECK(w["headerOverrides"]["x-team"] == "ops");
  CHECK_FALSE(w.contains("signingKey"));

  auto state = steps.state_values();
  CHECK(state["id"] == w["id"]);
  CHECK(state["version"] == 1);
  CHECK(state["retry_policy"]["retry_interval_seconds"] == 10);

  CHECK(ws.plan_exit_code() == 0);

  json after = steps.update(webhook_hcl("ops", "ops-events", "https://hooks.example.com/v2",
                                        "  signing_key  = \"0123456789abcdef-signing\"\n"
                                        "  header_overrides = { \"x-team\" = \"ops\" }\n"
                                        "  retry_policy = { retry_count = 5 }\n"
                                        "  description  = \"updated\"\n"));
  CHECK(after["destinationUrl"] == "https://hooks.example.com/v2");
  CHECK(after["version"] == 2);
  CHECK(after["id"] == w["id"]);  // in place, not replaced
  CHECK(ws.plan_exit_code() == 0);

  steps.destroy();
}

TEST_CASE("webhook drift: changed and deleted behind the CLI's back", "[webhook][drift]") {
  Emulator emu;
  Workspace ws(emu);
  LifecycleSteps steps(ws, emu, "genesysevents_webhook.d", kWebhooksPath);
  steps.create(webhook_hcl("d", "drift-me", "https://hooks.example.com/a"));

  // Changed: someone edits the URL and disables it in the UI.
  auto current = steps.object();
  current["destinationUrl"] = "https://evil.example.com/x";
  current["enabled"] = false;
  steps.put(current);
  json fixed = steps.repair();
  CHECK(fixed["destinationUrl"] == "https://hooks.example.com/a");
  CHECK(fixed["enabled"] == true);
  CHECK(ws.plan_exit_code() == 0);

  // Deleted: the next plan wants to create it again, and apply does.
  std::string recreated = steps.recreate_after_remote_delete();
  auto objects = emu.list(kWebhooksPath);
  REQUIRE(objects.size() == 1);
  CHECK(objects[0]["id"] == recreated);
  CHECK(ws.plan_exit_code() == 0);
}

TEST_CASE("webhook import: command and import block with generated config", "[webhook][import][compat][asan]") {
  Emulator emu;
  auto created = emu.api("POST", kWebhooksPath,
                         {{"name", "pre-existing"}, {"destinationUrl", "https://hooks.example.com/pre"},
                          {"retryPolicy", {{"retryCount", 2}, {"retryIntervalSeconds", 30}}},
                          {"headerOverrides", {{"x-a", "1"}}}});
  REQUIRE(created.status == 201);
  std::string id = created.body["id"];

  SECTION("import command, then a matching configuration plans clean") {
    Workspace ws(emu, webhook_hcl("imp", "pre-existing", "https://hooks.example.com/pre",
                                  "  retry_policy = { retry_count = 2, retry_interval_seconds = 30 }\n"
                                  "  header_overrides = { \"x-a\" = \"1\" }\n"));
    auto r = ws.run({"import", "-no-color", "genesysevents_webhook.imp", id});
    INFO(r.all());
    REQUIRE(r.exit_code == 0);
    CHECK(ws.resources().at("genesysevents_webhook.imp")["values"]["id"] == id);
    CHECK(ws.plan_exit_code() == 0);

    auto bad = ws.run({"import", "-no-color", "genesysevents_webhook.other", "no-such-id"});
    CHECK(bad.exit_code != 0);
  }

  SECTION("import block with -generate-config-out") {
    Workspace ws;
    ws.use_emulator(emu);
    std::string generated = import_with_generated_config(ws, "genesysevents_webhook.adopted", id);
    CHECK(generated.find("pre-existing") != std::string::npos);
    CHECK(emu.list(kWebhooksPath).size() == 1);
  }
}

TEST_CASE("webhook validation fails at plan time without calling the API", "[webhook][validation]") {
  Emulator emu;
  Workspace ws(emu);
  const std::string ok = "https://ok.example.com";
  expect_plan_errors(ws, emu, {
      {webhook_hcl("bad", "bad", "http://insecure.example.com"), "destination_url"},
      {webhook_hcl("bad", "bad", ok, "  method = \"GET\"\n"), "method"},
      {webhook_hcl("bad", "bad", ok, "  retry_policy = { retry_count = 11 }\n"), "retry_policy.retry_count"},
      {webhook_hcl("bad", "bad", ok, "  signing_key = \"short\"\n"), "signing_key"},
  });
}

TEST_CASE("webhook over HTTPS with ca_cert_file", "[webhook][tls]") {
  Emulator emu(Emulator::Options{.tls = true});
  REQUIRE(emu.url().rfind("https://", 0) == 0);
  Workspace ws;
  ws.use_emulator(emu, "  ca_cert_file = \"" + emu.ca_file() + "\"\n");
  ws.write("main.tf", webhook_hcl("tls", "over-tls", "https://hooks.example.com/tls"));
  ws.init();
  ws.apply_ok();
  CHECK(emu.list(kWebhooksPath).size() == 1);
  CHECK(ws.plan_exit_code() == 0);
  ws.destroy_ok();

  // Without the CA the connection is refused with a clear TLS error.
  Workspace untrusted(emu, webhook_hcl("tls", "over-tls", "https://hooks.example.com/tls"));
  auto bad = untrusted.apply();
  CHECK(bad.exit_code != 0);
  CHECK(emu.list(kWebhooksPath).empty());
}

TEST_CASE("ten webhooks at -parallelism=10", "[webhook][parallel][compat][asan]") {
  Emulator emu;
  std::string hcl;
  for (int i = 0; i < 10; ++i) {
    hcl += webhook_hcl("w" + std::to_string(i), "parallel-" + std::to_string(i),
                       "https://hooks.example.com/" + std::to_string(i));
  }
  Workspace ws(emu, hcl);
  ws.apply_ok({"-parallelism=10"});
  CHECK(emu.list(kWebhooksPath).size() == 10);
  CHECK(ws.resources().size() == 10);
  CHECK(ws.plan_exit_code() == 0);
  ws.destroy_ok({"-parallelism=10"});
  CHECK(emu.list(kWebhooksPath).empty());
}

TEST_CASE("SIGINT during apply leaves state consistent", "[webhook][interrupt][compat][asan]") {
  Emulator emu;
  // Slow every create down so the interrupt lands mid-apply.
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"faults", json::array({{{"path", "/api/v2/events/webhooks"}, {"method", "POST"},
                                                 {"latencyMs", 1500}}})}})
              .status == 200);
  std::string hcl;
  for (int i = 0; i < 10; ++i) {
    hcl += webhook_hcl("s" + std::to_string(i), "interrupt-" + std::to_string(i),
                       "https://hooks.example.com/" + std::to_string(i));
  }
  Workspace ws(emu, hcl);
  int pid = ws.start({"apply", "-auto-approve", "-no-color", "-parallelism=2"});
  // Interrupt as soon as the first object exists: the next creates are then on the wire.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (emu.list(kWebhooksPath).empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(-pid, SIGINT);  // the whole process group, as a terminal's Ctrl-C
  auto r = ws.finish(pid, std::chrono::seconds(60));
  INFO(r.all());
  CHECK(r.exit_code != 0);

  // Everything the API holds is in state: nothing orphaned.
  auto in_api = emu.list(kWebhooksPath);
  auto in_state = ws.resources();
  CHECK(in_api.size() == in_state.size());
  CHECK(in_api.size() < 10);
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"faults", json::array()}}).status == 200);
  ws.apply_ok();
  CHECK(emu.list(kWebhooksPath).size() == 10);  // no duplicates
  CHECK(ws.plan_exit_code() == 0);
}

TEST_CASE("webhook write-only signing key: deliveries signed, key never in state, Terraform 1.5.7 refuses it",
          "[webhook][write_only][compat][asan]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws(emu, webhook_hcl("wo", "wo-signed", receiver.url("/hook"),
                                "  signing_key_wo         = \"wo-signing-key-0123456789\"\n"
                                "  signing_key_wo_version = 1\n") +
                        "resource \"genesysevents_event_subscription\" \"wo\" {\n"
                        "  name       = \"wo-events\"\n"
                        "  webhook_id = genesysevents_webhook.wo.id\n"
                        "  filter     = { event_type = [\"conversation.event\"] }\n"
                        "}\n");
  if (!ws.cli_supports_write_only()) {  // Terraform 1.5.7: a clear error, no request
    int64_t seq = emu.last_request_seq();
    auto r = ws.run({"plan", "-no-color"});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("Write-only attribute not supported by this CLI") != std::string::npos);
    CHECK(r.err.find("`signing_key` instead") != std::string::npos);
    CHECK(emu.api_requests_since(seq).empty());
    return;
  }
  ws.apply_ok();
  CHECK(ws.read("terraform.tfstate").find("wo-signing-key-0123456789") == std::string::npos);
  CHECK(ws.plan_exit_code() == 0);
  // The key reached the API: the delivery is signed.
  auto event = emu.control("POST", "/emulator/events", {{"eventType", "conversation.event"}, {"body", {{"n", 1}}}});
  REQUIRE(event.status == 200);
  auto received = receiver.requests("/hook");
  REQUIRE(received.size() == 1);
  CHECK_FALSE(received[0].headers["x-genesys-signature"].empty());
}
