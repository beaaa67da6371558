// The data sources made for `check` blocks, end to end with the real CLI
// (docs/reference/terraform-surface.md "Data sources for checks"):
// - genesysevents_eventbridge_target_health in a `check` block over a healthy and a failing
//   receiver: the failed assertion is a warning and the apply succeeds; an unknown target is a
//   warning inside a check block; an invalid target_id fails the plan with no API request;
// - genesysevents_endpoint_check against a healthy HTTPS endpoint, one answering 500, one with an
//   expired certificate, one with an untrusted self-signed certificate and a closed port: every
//   plan and apply succeeds and the attributes say what happened; it never calls the API.
#include <catch2/catch.hpp>

#include <regex>

#include "harness.h"
#include "support/dropping_servers.h"
#include "support/https_endpoint.h"

using namespace ge::e2e;
using ge::test_support::closed_port;
using ge::test_support::HttpsEndpoint;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// The CLI's output with its line wrapping undone: diagnostics are wrapped at a fixed width.
std::string flat(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && !out.empty() && out.back() == ' ') continue;
    out += space ? ' ' : c;
  }
  return out;
}

std::string target_hcl(const std::string& name, const std::string& url) {
  return "resource \"genesysevents_eventbridge_target\" \"" + name +
         "\" {\n"
         "  name         = \"" +
         name +
         "\"\n"
         "  endpoint_url = \"" +
         url +
         "\"\n"
         "  event_types  = [\"CONVERSATION_STARTED\"]\n"
         "}\n";
}

// A check over the target's health whose assertion holds only for a 2xx answer; its message
// carries every attribute, so the warning shows what the data source read.
std::string health_check_hcl(const std::string& name, const std::string& target_id) {
  const std::string d = "data.genesysevents_eventbridge_target_health." + name;
  return "check \"" + name +
         "_healthy\" {\n"
         "  data \"genesysevents_eventbridge_target_health\" \"" +
         name +
         "\" {\n"
         "    target_id = " +
         target_id +
         "\n"
         "  }\n"
         "  assert {\n"
         "    condition     = " +
         d + ".status == \"HEALTHY\" && " + d +
         ".http_status == 200\n"
         "    error_message = \"" +
         name + " reads status=${" + d + ".status} http=${coalesce(" + d + ".http_status, -1)} latency_ok=${" + d +
         ".latency_ms >= 0} checked_at_set=${length(" + d + ".checked_at) > 0} message=${" + d +
         ".message}\"\n"
         "  }\n"
         "}\n";
}

}  // namespace

TEST_CASE("check: target_health over a healthy and a failing receiver warns and the apply succeeds",
          "[checks][eventbridge_target_health][compat]") {
  HttpsReceiver healthy(200), failing(200);
  Workspace ws;
  // The emulator calls both receivers: it trusts both of their CAs.
  ws.write("trust.pem", read_file(healthy.ca_file()) + read_file(failing.ca_file()));
  Emulator emu(Emulator::Options{.trust_file = (ws.dir() / "trust.pem").string()});
  ws.use_emulator(emu);
  const std::string targets = target_hcl("healthy", healthy.url("/healthy")) +
                              target_hcl("failing", failing.url("/failing"));
  ws.write("main.tf", targets);
  ws.init();
  ws.apply_ok();

  failing.set_status(500);
  ws.write("main.tf", targets + health_check_hcl("healthy", "genesysevents_eventbridge_target.healthy.id") +
                          health_check_hcl("failing", "genesysevents_eventbridge_target.failing.id"));
  const int healthy_calls = static_cast<int>(healthy.requests("/healthy").size());
  // A check block's data source is planned to be read again during apply ("config will be reloaded
  // to verify a check block"), so the plan reports a change, but no resource changes.
  auto plan = ws.run({"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.exit_code == 0);
  CHECK(plan.out.find("0 to add, 0 to change, 0 to destroy") != std::string::npos);
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  const std::string all = flat(r.all());
  CHECK(all.find("Check block assertion failed") != std::string::npos);
  CHECK(all.find("failing reads status=UNHEALTHY http=500 latency_ok=true checked_at_set=true "
                 "message=endpointUrl answered HTTP 500") != std::string::npos);
  CHECK(all.find("healthy reads") == std::string::npos);
  // Each read (the plan's and the apply's) made the platform call the endpoint with a health check.
  auto calls = healthy.requests("/healthy");
  REQUIRE(static_cast<int>(calls.size()) >= healthy_calls + 2);
  CHECK(json::parse(calls.back().body)["eventType"] == "HEALTH_CHECK");

  // The failing one recovers: no warning any more.
  failing.set_status(200);
  auto recovered = ws.apply_ok();
  INFO(recovered.all());
  CHECK(recovered.all().find("reads status=") == std::string::npos);
  CHECK(recovered.all().find("Warning") == std::string::npos);
}

TEST_CASE("check: target_health of an unknown target warns inside a check and an invalid target_id fails the plan",
          "[checks][eventbridge_target_health][validation]") {
  Emulator emu;
  Workspace ws(emu, health_check_hcl("ghost", "\"no-such-target\""));
  auto r = ws.apply();
  INFO(r.all());
  CHECK(r.exit_code == 0);
  CHECK(r.all().find("Warning") != std::string::npos);
  CHECK(flat(r.all()).find("No genesysevents_eventbridge_target_health with target_id \"no-such-target\"") !=
        std::string::npos);

  // Outside a check block the same read is an error.
  ws.write("main.tf",
           "data \"genesysevents_eventbridge_target_health\" \"ghost\" {\n  target_id = \"no-such-target\"\n}\n");
  auto plain = ws.run({"plan", "-no-color"});
  INFO(plain.all());
  CHECK(plain.exit_code == 1);
  CHECK(plain.err.find("target_id") != std::string::npos);

  // Invalid configuration is an error at plan time even inside a check block, before any request.
  expect_plan_errors(ws, emu, {{health_check_hcl("empty", "\"\""), "target_id"}});
}

TEST_CASE("check: endpoint_check reports healthy, 500, expired, untrusted and closed endpoints without failing",
          "[checks][endpoint_check][asan]") {
  // Self-signed certificates: trusting cert_file() trusts exactly that endpoint.
  const auto day = 24h;
  HttpsEndpoint healthy(200, {-1h, 30 * day + 1h});
  HttpsEndpoint failing(500, {-1h, 10 * day + 1h});
  HttpsEndpoint expired(200, {-10 * day, -2 * day + 1h});
  HttpsEndpoint untrusted(200, {-1h, 5 * day + 1h});
  const std::string closed = "https://127.0.0.1:" + std::to_string(closed_port()) + "/health";
  Emulator emu;
  Workspace ws;
  ws.use_emulator(emu);
  auto check = [](const std::string& name, const std::string& url, const std::string& ca, const std::string& timeout) {
    return "data \"genesysevents_endpoint_check\" \"" + name + "\" {\n  url = \"" + url + "\"\n" +
           (ca.empty() ? "" : "  ca_cert_file = \"" + ca + "\"\n") +
           (timeout.empty() ? "" : "  timeout = \"" + timeout + "\"\n") + "}\n" + "output \"" + name +
           "\" {\n  value = data.genesysevents_endpoint_check." + name + "\n}\n";
  };
  ws.write("main.tf",
           check("healthy", healthy.url(), healthy.cert_file(), "") +
               check("failing", failing.url(), failing.cert_file(), "5s") +
               check("expired", expired.url(), expired.cert_file(), "") + check("untrusted", untrusted.url(), "", "") +
               check("closed", closed, "", "2s") +
               // In a check block: a failed assertion is a warning.
               "check \"expired_certificate\" {\n"
               "  data \"genesysevents_endpoint_check\" \"in_check\" {\n"
               "    url          = \"" +
               expired.url() +
               "\"\n"
               "    ca_cert_file = \"" +
               expired.cert_file() +
               "\"\n"
               "  }\n"
               "  assert {\n"
               "    condition     = data.genesysevents_endpoint_check.in_check.tls_valid\n"
               "    error_message = \"certificate invalid: ${data.genesysevents_endpoint_check.in_check.error}\"\n"
               "  }\n"
               "}\n");
  ws.init();
  int64_t seq = emu.last_request_seq();
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(flat(r.all()).find("certificate invalid: SSL certificate problem: certificate has expired") !=
        std::string::npos);
  CHECK(emu.api_requests_since(seq).empty());  // the endpoint only, never the API

  json out = ws.outputs();
  const json& ok = out["healthy"]["value"];
  INFO(out.dump(2));
  CHECK(ok["reachable"] == true);
  CHECK(ok["tls_valid"] == true);
  CHECK(ok["http_status"] == 200);
  CHECK(ok["error"].is_null());
  CHECK(ok["timeout"] == "10s");
  CHECK(ok["certificate_days_left"] == 30);
  CHECK(std::regex_match(ok["certificate_expires_at"].get<std::string>(),
                         std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));

  const json& five_hundred = out["failing"]["value"];
  CHECK(five_hundred["reachable"] == true);
  CHECK(five_hundred["tls_valid"] == true);
  CHECK(five_hundred["http_status"] == 500);
  CHECK(five_hundred["error"].is_null());
  CHECK(five_hundred["timeout"] == "5s");
  CHECK(five_hundred["certificate_days_left"] == 10);

  const json& old = out["expired"]["value"];
  CHECK(old["reachable"] == true);
  CHECK(old["tls_valid"] == false);
  CHECK(old["http_status"].is_null());
  CHECK(old["error"].get<std::string>().find("expired") != std::string::npos);
  CHECK(old["certificate_days_left"] == -2);
  CHECK(old["certificate_expires_at"].is_string());
  CHECK(expired.gets() == 0);  // nothing is sent over a connection that did not verify

  const json& stranger = out["untrusted"]["value"];
  CHECK(stranger["reachable"] == true);
  CHECK(stranger["tls_valid"] == false);
  CHECK(stranger["http_status"].is_null());
  CHECK(stranger["error"].get<std::string>().find("certificate") != std::string::npos);
  CHECK(stranger["certificate_days_left"] == 5);
  CHECK(untrusted.gets() == 0);

  const json& nobody = out["closed"]["value"];
  CHECK(nobody["reachable"] == false);
  CHECK(nobody["tls_valid"] == false);
  CHECK(nobody["http_status"].is_null());
  CHECK(nobody["certificate_expires_at"].is_null());
  CHECK(nobody["certificate_days_left"].is_null());
  CHECK_FALSE(nobody["error"].get<std::string>().empty());

  CHECK(healthy.gets() >= 1);
  CHECK(failing.gets() >= 1);
  auto plan = ws.run({"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.exit_code == 0);
  CHECK(plan.out.find("0 to add, 0 to change, 0 to destroy") != std::string::npos);
  // The check block's data source is planned to be read again during apply: a change to the CLI
  // (docs/reference/terraform-surface.md "Data sources for checks").
  CHECK(ws.plan_exit_code() == 2);
}

TEST_CASE("check: endpoint_check refuses invalid arguments at plan time, naming them",
          "[checks][endpoint_check][validation]") {
  Emulator emu;
  Workspace ws(emu);
  auto data = [](const std::string& body) { return "data \"genesysevents_endpoint_check\" \"x\" {\n" + body + "}\n"; };
  expect_plan_errors(ws, emu,
                     {{data("  url = \"http://example.com\"\n"), "`url` must be an absolute https:// URL"},
                      {data("  url = \"https://example.com\"\n  timeout = \"soon\"\n"), "`timeout` must be a duration"},
                      {data("  url = \"https://example.com\"\n  timeout = \"10m\"\n"), "`timeout` must be a duration"},
                      {data("  url = \"https://example.com\"\n  ca_cert_file = \"\"\n"), "ca_cert_file"},
                      // Inside a check block too: configuration errors are not downgraded.
                      {"check \"c\" {\n" + data("  url = \"http://example.com\"\n") +
                           "  assert {\n    condition     = data.genesysevents_endpoint_check.x.tls_valid\n    "
                           "error_message = \"x\"\n  }\n}\n",
                       "`url` must be an absolute https:// URL"}});
  // An unreadable CA file is an error naming it (read time: the file is the machine's, not the
  // configuration's).
  ws.write("main.tf",
           data("  url = \"https://127.0.0.1:1/\"\n  ca_cert_file = \"" + (ws.dir() / "none.pem").string() + "\"\n"));
  auto r = ws.run({"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("Unreadable CA file") != std::string::npos);
  CHECK(r.err.find("none.pem") != std::string::npos);
}

TEST_CASE("check: the check data sources' examples are valid configuration", "[checks][examples]") {
  Emulator emu;
  for (const char* name : {"genesysevents_eventbridge_target_health", "genesysevents_endpoint_check"}) {
    Workspace ws;
    ws.use_emulator(emu);
    ws.write("main.tf", read_file(std::string(GE_SOURCE_DIR) + "/examples/data-sources/" + name + "/data-source.tf"));
    ws.init();
    auto r = ws.run({"validate", "-no-color"});
    INFO(name);
    INFO(r.all());
    CHECK(r.exit_code == 0);
  }
}
