// genesysevents_eventbridge_target end to end with the real CLI against a local HTTPS receiver
// that the emulator verifies: waiting for VERIFIED, re-verification on update, a FAILED
// verification (tainted, replaced by the next apply), a failed update verification fixed in
// place, not waiting, drift, import and plan-time validation of the auth matrix.
#include <catch2/catch.hpp>

#include <chrono>

#include "harness.h"
#include "support/wait.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kPath = "/api/v2/integrations/eventbridge/targets";

std::string target_hcl(const std::string& url, const std::string& extra = "") {
  return "resource \"genesysevents_eventbridge_target\" \"orders\" {\n"
         "  name         = \"orders\"\n"
         "  endpoint_url = \"" + url + "\"\n"
         "  event_types  = [\"CONVERSATION_STARTED\"]\n" + extra +
         "}\n";
}

const char* kBasic =
    "  auth_type   = \"BASIC\"\n"
    "  auth_config = { username = \"relay\", password = \"relay-password-1\" }\n"
    "  retry_policy = { max_retries = 5, backoff_strategy = \"EXPONENTIAL\", initial_delay_seconds = 2 }\n"
    "  timeouts { create = \"2m\" }\n";

json values(Workspace& ws) { return ws.resources().at("genesysevents_eventbridge_target.orders")["values"]; }

std::string base64(const std::string& in) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += abc[(n >> k) & 63];
  }
  if (i + 1 == in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    out += std::string{abc[(n >> 18) & 63], abc[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += std::string{abc[(n >> 18) & 63], abc[(n >> 12) & 63], abc[(n >> 6) & 63], '='};
  }
  return out;
}

// The Authorization header of the latest verification the receiver got on `path`.
std::string last_authorization(const HttpsReceiver& receiver, const std::string& path) {
  auto requests = receiver.requests(path);
  if (requests.empty()) return "";
  auto it = requests.back().headers.find("authorization");
  return it == requests.back().headers.end() ? "" : it->second;
}

}  // namespace

TEST_CASE("eventbridge_target lifecycle: verified create no-op update drift import destroy",
          "[eventbridge_target][compat][asan]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws(emu);
  LifecycleSteps steps(ws, emu, "genesysevents_eventbridge_target.orders", kPath);
  json created = steps.create(target_hcl(receiver.url("/v1/events"), kBasic));
  CHECK(steps.last_apply().out.find("relay-password-1") == std::string::npos);  // sensitive
  CHECK(created["status"] == "VERIFIED");
  CHECK(created["authConfig"] == json({{"username", "relay"}}));
  CHECK(receiver.posts() == 1);
  json state = values(ws);
  CHECK(state["status"] == "VERIFIED");
  CHECK(state["verified_at"].is_string());
  CHECK(state["auth_config"]["password"] == "relay-password-1");
  CHECK(ws.plan_exit_code() == 0);

  // Headers only: updated in place without a new verification.
  steps.update(
      target_hcl(receiver.url("/v1/events"), std::string(kBasic) + "  headers = { \"x-team\" = \"orders\" }\n"));
  CHECK(receiver.posts() == 1);
  CHECK(ws.plan_exit_code() == 0);

  // A new password and endpoint: verified again before apply returns.
  std::string rotated = "  auth_type   = \"BASIC\"\n"
                        "  auth_config = { username = \"relay\", password = \"relay-password-2\" }\n"
                        "  headers = { \"x-team\" = \"orders\" }\n";
  json after = steps.update(target_hcl(receiver.url("/v2/events"), rotated));
  CHECK(receiver.posts() == 2);
  CHECK(after["status"] == "VERIFIED");
  CHECK(after["endpointUrl"] == receiver.url("/v2/events"));
  CHECK(values(ws)["status"] == "VERIFIED");
  CHECK(ws.plan_exit_code() == 0);

  // Drift: the endpoint changed behind the CLI's back.
  after["endpointUrl"] = receiver.url("/elsewhere");
  after["authConfig"]["password"] = "relay-password-2";
  steps.put(after);
  CHECK(steps.repair()["endpointUrl"] == receiver.url("/v2/events"));
  CHECK(ws.plan_exit_code() == 0);

  // Import: the password is not readable, so the first plan sends it again; then clean.
  CHECK(steps.reimport() == 2);
  CHECK(values(ws)["auth_config"]["username"] == "relay");
  ws.apply_ok();
  CHECK(ws.plan_exit_code() == 0);

  // Deleted behind the CLI's back: recreated.
  steps.recreate_after_remote_delete();
  CHECK(emu.list(kPath).size() == 1);

  steps.destroy();
}

TEST_CASE("eventbridge_target failed verification: error quoted and tainted then replaced",
          "[eventbridge_target][failed][asan]") {
  HttpsReceiver receiver(500);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws(emu);
  LifecycleSteps steps(ws, emu, "genesysevents_eventbridge_target.orders", kPath);
  const std::string hcl = target_hcl(receiver.url(),
                                     "  auth_type = \"JWT\"\n  auth_config = { token = \"jwt-token\" }\n");
  auto r = steps.create_fails_tainted(hcl);
  INFO(r.all());
  CHECK(r.err.find("FAILED") != std::string::npos);
  CHECK(r.err.find("500") != std::string::npos);  // the platform's message names the status

  // The endpoint is fixed: the next apply replaces the tainted target.
  receiver.set_status(200);
  CHECK(steps.replace(hcl)["status"] == "VERIFIED");
  CHECK(ws.plan_exit_code() == 0);
}

TEST_CASE("eventbridge_target failed update verification: not tainted, and the next plan proposes the update again",
          "[eventbridge_target][failed][compat]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws(emu, target_hcl(receiver.url("/v1/events")));
  ws.apply_ok();

  // The new endpoint fails verification: the platform holds it, but it did not take effect.
  receiver.set_status(500);
  ws.write("main.tf", target_hcl(receiver.url("/v2/events")));
  auto r = ws.apply();
  INFO(r.all());
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("FAILED") != std::string::npos);
  CHECK(r.err.find("tainted") == std::string::npos);  // Terraform taints only failed creates
  auto in_state = ws.resources();
  REQUIRE(in_state.count("genesysevents_eventbridge_target.orders") == 1);
  CHECK_FALSE(in_state["genesysevents_eventbridge_target.orders"].value("tainted", false));
  CHECK(values(ws)["endpoint_url"] == receiver.url("/v1/events"));
  CHECK(values(ws)["status"] == "FAILED");
  CHECK(ws.plan_exit_code() == 2);  // the update is still to do, refresh included
}

TEST_CASE("eventbridge_target failed update verification, receiver fixed: the next apply verifies it again and succeeds",
          "[eventbridge_target]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws(emu, target_hcl(receiver.url("/v1/events")));
  ws.apply_ok();
  const std::string item = std::string(kPath) + "/" + values(ws)["id"].get<std::string>();
  CHECK(receiver.posts() == 1);

  // The new endpoint answers 500: the platform holds it, FAILED; the state keeps the old one.
  receiver.set_status(500);
  ws.write("main.tf", target_hcl(receiver.url("/v2/events")));
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code != 0);
  CHECK(r.err.find("FAILED") != std::string::npos);
  CHECK(receiver.posts() == 2);
  auto object = emu.api("GET", item).body;
  CHECK(object["endpointUrl"] == receiver.url("/v2/events"));
  CHECK(object["status"] == "FAILED");
  CHECK(values(ws)["endpoint_url"] == receiver.url("/v1/events"));

  // The receiver is fixed in place. The update the next apply sends again changes nothing the
  // platform holds; it is verified again because any PUT to a FAILED target is
  // (docs/reference/api-contract.md), and the apply waits for VERIFIED.
  receiver.set_status(200);
  CHECK(ws.plan_exit_code() == 2);
  r = ws.apply_ok();
  CHECK(r.out.find("1 changed") != std::string::npos);
  CHECK(receiver.posts() == 3);
  object = emu.api("GET", item).body;
  CHECK(object["status"] == "VERIFIED");
  CHECK(object["endpointUrl"] == receiver.url("/v2/events"));
  json state = values(ws);
  CHECK(state["status"] == "VERIFIED");
  CHECK(state["endpoint_url"] == receiver.url("/v2/events"));
  CHECK(state["verified_at"].is_string());
  CHECK(ws.plan_exit_code() == 0);
  CHECK(emu.list(kPath).size() == 1);
}

TEST_CASE("eventbridge_target without waiting for verification", "[eventbridge_target][nowait]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"verificationDelayMs", 1500}}).status == 200);
  Workspace ws(emu, target_hcl(receiver.url(), "  wait_for_verification = false\n"));
  ws.apply_ok();
  CHECK(values(ws)["status"] == "PENDING_VERIFICATION");
  // The emulator verifies 1.5 s after the create, in the background: wait until it reads
  // VERIFIED there rather than for a fixed time.
  const std::string item = std::string(kPath) + "/" + values(ws)["id"].get<std::string>();
  REQUIRE(ge::test_support::wait_until(
      [&] { return emu.api("GET", item).body.value("status", "") == "VERIFIED"; }, std::chrono::seconds(10),
      std::chrono::milliseconds(50)));
  // The refresh sees VERIFIED; nothing to change.
  CHECK(ws.plan_exit_code() == 0);
  ws.apply_ok({"-refresh-only"});
  CHECK(values(ws)["status"] == "VERIFIED");
}

TEST_CASE("eventbridge_target validation fails at plan time without calling the API",
          "[eventbridge_target][validation]") {
  Emulator emu;
  Workspace ws(emu);
  const std::string ok = "https://gateway.example.com/v1/events";
  auto bad = [](const std::string& url, const std::string& extra, const std::string& expected) {
    return PlanError{target_hcl(url, extra), expected};
  };
  expect_plan_errors(ws, emu, {
      bad("http://gateway.example.com", "", "endpoint_url"),
      bad(ok, "  auth_type = \"DIGEST\"\n", "auth_type"),
      bad(ok, "  auth_type = \"BASIC\"\n  auth_config = { username = \"u\" }\n", "auth_config.password"),
      bad(ok, "  auth_config = { username = \"u\" }\n", "auth_config"),
      bad(ok, "  auth_type = \"JWT\"\n  auth_config = { token = \"t\", username = \"u\" }\n", "auth_config.username"),
      bad(ok, "  auth_type = \"OAUTH2\"\n  auth_config = { client_id = \"c\", client_secret = \"s\" }\n",
       "auth_config.token_url"),
      bad(ok, "  auth_type = \"OAUTH2\"\n  auth_config = { client_id = \"c\", client_secret = \"s\", token_url = \"http://t\" }\n",
       "auth_config.token_url"),
      bad(ok, "  retry_policy = { max_retries = 11, backoff_strategy = \"LINEAR\", initial_delay_seconds = 1 }\n",
       "retry_policy.max_retries"),
      bad(ok, "  retry_policy = { max_retries = 1, backoff_strategy = \"RANDOM\", initial_delay_seconds = 1 }\n",
       "retry_policy.backoff_strategy"),
      bad(ok, "  timeouts { create = \"soon\" }\n", "timeouts.create"),
      {"resource \"genesysevents_eventbridge_target\" \"orders\" {\n"
       "  name = \"orders\"\n  endpoint_url = \"https://x.example.com\"\n  event_types = []\n}\n",
       "event_types"},
  });
}

TEST_CASE("eventbridge_target write-only secrets: verified, never in state, re-sent when the version changes",
          "[eventbridge_target][write_only]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  auto basic = [&](const std::string& password, int version) {
    return target_hcl(receiver.url("/wo"), "  auth_type   = \"BASIC\"\n"
                                           "  auth_config = { username = \"relay\", password_wo = \"" + password +
                                               "\", password_wo_version = " + std::to_string(version) + " }\n");
  };
  Workspace ws(emu, basic("wo-password-1", 1));

  if (!ws.cli_supports_write_only()) {
    // A CLI before 1.11 (Terraform 1.5.7) knows no write-only attributes: a clear error at plan, before any request.
    int64_t seq = emu.last_request_seq();
    auto r = ws.run({"plan", "-no-color"});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("Write-only attribute not supported by this CLI") != std::string::npos);
    CHECK(r.err.find("auth_config.password_wo") != std::string::npos);
    CHECK(r.err.find("`auth_config.password` instead") != std::string::npos);
    CHECK(r.all().find("crash") == std::string::npos);
    CHECK(r.all().find("panic") == std::string::npos);
    CHECK(emu.api_requests_since(seq).empty());
    r = ws.apply();
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("Write-only attribute not supported by this CLI") != std::string::npos);
    CHECK(emu.api_requests_since(seq).empty());
    CHECK(emu.list(kPath).empty());
    CHECK(receiver.posts() == 0);
    return;
  }

  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  auto objects = emu.list(kPath);
  REQUIRE(objects.size() == 1);
  const std::string id = objects[0]["id"];
  CHECK(objects[0]["status"] == "VERIFIED");
  // The emulator verified with the write-only password.
  CHECK(receiver.posts() == 1);
  CHECK(last_authorization(receiver, "/wo") == "Basic " + base64("relay:wo-password-1"));
  CHECK(r.out.find("wo-password-1") == std::string::npos);
  CHECK(ws.read("terraform.tfstate").find("wo-password-1") == std::string::npos);
  json state = values(ws);
  CHECK(state["auth_config"]["password_wo"].is_null());
  CHECK(state["auth_config"]["password"].is_null());
  CHECK(state["auth_config"]["password_wo_version"] == 1);
  CHECK(ws.plan_exit_code() == 0);

  // A new value alone is invisible to the plan (it is never stored)...
  ws.write("main.tf", basic("wo-password-2", 1));
  CHECK(ws.plan_exit_code() == 0);
  // ...changing the version sends it: updated in place and verified again with it.
  ws.write("main.tf", basic("wo-password-2", 2));
  r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("1 changed") != std::string::npos);
  CHECK(receiver.posts() == 2);
  CHECK(last_authorization(receiver, "/wo") == "Basic " + base64("relay:wo-password-2"));
  CHECK(emu.list(kPath).at(0)["id"] == id);
  CHECK(ws.read("terraform.tfstate").find("wo-password-2") == std::string::npos);
  CHECK(values(ws)["auth_config"]["password_wo_version"] == 2);
  CHECK(ws.plan_exit_code() == 0);

  // JWT with token_wo: the API returns no authConfig at all; no drift either.
  ws.write("main.tf", target_hcl(receiver.url("/jwt"), "  auth_type   = \"JWT\"\n"
                                                       "  auth_config = { token_wo = \"wo-jwt-token\", token_wo_version = 1 }\n"));
  r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(last_authorization(receiver, "/jwt") == "Bearer wo-jwt-token");
  CHECK(ws.read("terraform.tfstate").find("wo-jwt-token") == std::string::npos);
  CHECK(ws.plan_exit_code() == 0);

  // Both forms of one secret, or a version without its value: refused at plan, nothing sent.
  int64_t seq = emu.last_request_seq();
  for (const std::string& auth : {std::string("{ username = \"u\", password = \"p\", password_wo = \"p\" }"),
                                  std::string("{ username = \"u\", password = \"p\", password_wo_version = 3 }")}) {
    ws.write("main.tf", target_hcl(receiver.url("/wo"), "  auth_type = \"BASIC\"\n  auth_config = " + auth + "\n"));
    auto p = ws.run({"plan", "-no-color", "-refresh=false"});
    INFO(p.all());
    CHECK(p.exit_code == 1);
    CHECK(p.err.find("password_wo") != std::string::npos);
  }
  CHECK(emu.api_requests_since(seq).empty());
}

TEST_CASE("eventbridge_target import block with -generate-config-out plans clean", "[eventbridge_target][import]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  // auth_type NONE: a target with a secret cannot be generated complete (the API never returns
  // it; see the schema's import note).
  std::string generated = import_applied_object(
      emu,
      target_hcl(receiver.url("/imported"),
                 "  headers = { \"x-team\" = \"orders\" }\n"
                 "  retry_policy = { max_retries = 2, backoff_strategy = \"LINEAR\", "
                 "initial_delay_seconds = 3 }\n"),
      "genesysevents_eventbridge_target.orders");
  CHECK(generated.find(receiver.url("/imported")) != std::string::npos);
  CHECK(generated.find("LINEAR") != std::string::npos);
  CHECK(emu.list(kPath).size() == 1);
  CHECK(receiver.posts() == 1);  // adopted, not created or verified again
}
