// Provider-level behaviour through the real CLI: configuration errors, API errors with their
// correlation id, secrets kept out of logs, debug (reattach) mode and the by-hand message.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process.hpp>
#include <regex>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;
namespace bp = boost::process;

namespace {

const char* kRequiredProviders =
    "terraform {\n  required_providers {\n    genesysevents = { source = \"genesys-events/genesysevents\" }\n  }\n}\n";

std::string webhook(const std::string& name, const std::string& extra = "") {
  return "resource \"genesysevents_webhook\" \"w\" {\n  name = \"" + name +
         "\"\n  destination_url = \"https://hooks.example.com/x\"\n" + extra + "}\n";
}

}  // namespace

TEST_CASE("provider configuration errors name the argument and its variable", "[provider][config]") {
  Emulator emu;
  Workspace ws;
  ws.write("main.tf", std::string(kRequiredProviders) + webhook("cfg"));
  ws.init();

  SECTION("no region and no api_url") {
    ws.write("provider.tf", "provider \"genesysevents\" {\n  oauthclient_id = \"a\"\n  oauthclient_secret = \"b\"\n}\n");
    auto r = ws.run({"plan", "-no-color"});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("aws_region") != std::string::npos);
    CHECK(r.err.find("GENESYSCLOUD_REGION") != std::string::npos);
    CHECK(r.err.find("api_url") != std::string::npos);
  }
  SECTION("no credentials") {
    ws.write("provider.tf", "provider \"genesysevents\" {\n  api_url = \"" + emu.url() + "\"\n}\n");
    auto r = ws.run({"plan", "-no-color"});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("GENESYSCLOUD_OAUTHCLIENT_ID") != std::string::npos);
    CHECK(r.err.find("access_token") != std::string::npos);
  }
  SECTION("credentials from the environment work") {
    ws.write("provider.tf", "provider \"genesysevents\" {\n  api_url = \"" + emu.url() + "\"\n}\n");
    auto r = ws.run({"apply", "-auto-approve", "-no-color"},
                    {{"GENESYSCLOUD_OAUTHCLIENT_ID", "demo-client"}, {"GENESYSCLOUD_OAUTHCLIENT_SECRET", "demo-secret"}});
    INFO(r.all());
    CHECK(r.exit_code == 0);
  }
  SECTION("wrong secret: the OAuth error reaches the user") {
    ws.write("provider.tf", "provider \"genesysevents\" {\n  api_url = \"" + emu.url() +
                                "\"\n  oauthclient_id = \"demo-client\"\n  oauthclient_secret = \"wrong-secret\"\n}\n");
    auto r = ws.run({"apply", "-auto-approve", "-no-color"});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("authentication failed") != std::string::npos);
    CHECK(r.all().find("wrong-secret") == std::string::npos);
  }
  SECTION("a malformed api_url fails validation") {
    ws.write("provider.tf", "provider \"genesysevents\" {\n  api_url = \"not a url\"\n  access_token = \"t\"\n}\n");
    auto r = ws.run({"validate", "-no-color"});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("api_url") != std::string::npos);
  }
}

TEST_CASE("every bad provider argument or variable is a clear error naming both, before any request",
          "[provider][config]") {
  Emulator emu;
  Workspace ws;
  ws.write("main.tf", std::string(kRequiredProviders) + webhook("misconfigured"));
  ws.init();
  const fs::path dir = ws.dir();
  const std::string api = "  api_url = \"" + emu.url() + "\"\n";
  const std::string creds = "  oauthclient_id = \"demo-client\"\n  oauthclient_secret = \"demo-secret\"\n";
  struct Case {
    std::string name;
    std::string provider_body;  // inside provider "genesysevents" { }
    std::map<std::string, std::string> env;
    std::string argument;  // named in the error as `argument`
    std::string variable;
  };
  const std::vector<Case> cases = {
      {"unknown region", creds + "  aws_region = \"mars-1\"\n", {}, "aws_region", "GENESYSCLOUD_REGION"},
      {"unknown region from the environment", creds, {{"GENESYSCLOUD_REGION", "mars-1"}}, "aws_region",
       "GENESYSCLOUD_REGION"},
      {"malformed api_url from the environment", creds, {{"GENESYSCLOUD_API_URL", "api.example.com/v2"}}, "api_url",
       "GENESYSCLOUD_API_URL"},
      {"malformed login_url", api + creds + "  login_url = \"ftp://login.example.com\"\n", {}, "login_url",
       "GENESYSCLOUD_LOGIN_URL"},
      {"clear-text api_url to a remote host", creds + "  api_url = \"http://api.example.com\"\n", {}, "api_url",
       "GENESYSCLOUD_API_URL"},
      {"clear-text api_url to a remote host from the environment", creds,
       {{"GENESYSCLOUD_API_URL", "http://10.1.2.3:8080"}}, "api_url", "GENESYSCLOUD_API_URL"},
      {"clear-text login_url to a remote host", api + creds + "  login_url = \"http://login.example.com\"\n", {},
       "login_url", "GENESYSCLOUD_LOGIN_URL"},
      {"clear-text login_url to a remote host from the environment", api + creds,
       {{"GENESYSCLOUD_LOGIN_URL", "http://localhost.example.com"}}, "login_url", "GENESYSCLOUD_LOGIN_URL"},
      {"requests_per_minute out of range", api + creds + "  requests_per_minute = 0\n", {}, "requests_per_minute",
       "GENESYSCLOUD_REQUESTS_PER_MINUTE"},
      {"requests_per_minute not a number in the environment", api + creds,
       {{"GENESYSCLOUD_REQUESTS_PER_MINUTE", "fast"}}, "requests_per_minute", "GENESYSCLOUD_REQUESTS_PER_MINUTE"},
      {"requests_per_minute not a whole number", api + creds + "  requests_per_minute = 10.5\n", {},
       "requests_per_minute", "GENESYSCLOUD_REQUESTS_PER_MINUTE"},
      {"requests_per_minute not a whole number in the environment", api + creds,
       {{"GENESYSCLOUD_REQUESTS_PER_MINUTE", "10.5"}}, "requests_per_minute", "GENESYSCLOUD_REQUESTS_PER_MINUTE"},
      {"max_retries out of range", api + creds + "  max_retries = 21\n", {}, "max_retries", "GENESYSCLOUD_MAX_RETRIES"},
      {"max_retries not a whole number", api + creds + "  max_retries = 2.5\n", {}, "max_retries",
       "GENESYSCLOUD_MAX_RETRIES"},
      {"max_retries not a whole number in the environment", api + creds, {{"GENESYSCLOUD_MAX_RETRIES", "2.5"}},
       "max_retries", "GENESYSCLOUD_MAX_RETRIES"},
      {"missing ca_cert_file", api + creds + "  ca_cert_file = \"" + (dir / "missing.pem").string() + "\"\n", {},
       "ca_cert_file", "GENESYSCLOUD_CA_CERT_FILE"},
      {"missing ca_cert_file from the environment", api + creds,
       {{"GENESYSCLOUD_CA_CERT_FILE", (dir / "missing.pem").string()}}, "ca_cert_file", "GENESYSCLOUD_CA_CERT_FILE"},
      {"audit_log_path in a missing directory", api + creds + "  audit_log_path = \"" + (dir / "no/audit.jsonl").string() +
       "\"\n", {}, "audit_log_path", "GENESYSCLOUD_AUDIT_LOG_PATH"},
      {"audit_log_path is a directory, from the environment", api + creds,
       {{"GENESYSCLOUD_AUDIT_LOG_PATH", dir.string()}}, "audit_log_path", "GENESYSCLOUD_AUDIT_LOG_PATH"},
      {"metrics_path in a missing directory", api + creds + "  metrics_path = \"" + (dir / "no/m.prom").string() +
       "\"\n", {}, "metrics_path", "GENESYSCLOUD_METRICS_PATH"},
      {"metrics_path is a directory, from the environment", api + creds, {{"GENESYSCLOUD_METRICS_PATH", dir.string()}},
       "metrics_path", "GENESYSCLOUD_METRICS_PATH"},
      {"change_webhook url over plain HTTP", api + creds +
       "  change_webhook = {\n    url = \"http://hooks.example.com/x\"\n    signing_secret = \"s\"\n  }\n", {},
       "change_webhook.url", "GENESYSCLOUD_CHANGE_WEBHOOK_URL"},
      {"change_webhook url not a URL, from the environment", api + creds,
       {{"GENESYSCLOUD_CHANGE_WEBHOOK_URL", "hooks"}, {"GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET", "s"}},
       "change_webhook.url", "GENESYSCLOUD_CHANGE_WEBHOOK_URL"},
      {"change_webhook url without a signing secret in the environment", api + creds,
       {{"GENESYSCLOUD_CHANGE_WEBHOOK_URL", "https://hooks.example.com/x"}}, "change_webhook.signing_secret",
       "GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      ws.write("provider.tf", "provider \"genesysevents\" {\n" + c.provider_body + "}\n");
      const int64_t seq = emu.last_request_seq();
      auto r = ws.run({"plan", "-no-color"}, c.env);
      INFO(r.all());
      CHECK(r.exit_code == 1);
      CHECK(r.err.find("`" + c.argument + "`") != std::string::npos);
      CHECK(r.err.find(c.variable) != std::string::npos);
      CHECK(emu.last_request_seq() == seq);  // not even a token request
    }
  }
}

TEST_CASE("fractional counts, seconds and sizes fail at plan naming the attribute", "[provider][validation][compat]") {
  Emulator emu;
  Workspace ws(emu);
  const std::string destination =
      "resource \"genesysevents_destination\" \"d\" {\n  name = \"fractional\"\n"
      "  destination_type = \"eventbridge\"\n  webhook_destination = {\n"
      "    url = \"https://sink.example.com/in\"\n    batch_size = 10.5\n  }\n}\n";
  const std::string target =
      "resource \"genesysevents_eventbridge_target\" \"t\" {\n  name = \"fractional\"\n"
      "  endpoint_url = \"https://sink.example.com/in\"\n  event_types = [\"x\"]\n"
      "  retry_policy = { max_retries = 2, backoff_strategy = \"LINEAR\", initial_delay_seconds = 1.5 }\n}\n";
  expect_plan_errors(ws, emu, {
      {webhook("fractional", "  retry_policy = { retry_count = 2.5 }\n"), "retry_policy.retry_count"},
      {webhook("fractional", "  retry_policy = { retry_interval_seconds = 30.5 }\n"),
       "retry_policy.retry_interval_seconds"},
      {destination, "webhook_destination.batch_size"},
      {target, "retry_policy.initial_delay_seconds"},
  });
}

TEST_CASE("an api_url known only after apply plans, then applies once known", "[provider][unknown][compat]") {
  Emulator emu;
  Workspace ws;
  // The URL passes through terraform_data, so at plan time the provider's api_url is unknown.
  ws.write("provider.tf", std::string(kRequiredProviders) +
                              "resource \"terraform_data\" \"endpoint\" {\n  input = \"" + emu.url() + "\"\n}\n"
                              "provider \"genesysevents\" {\n  api_url = terraform_data.endpoint.output\n"
                              "  oauthclient_id = \"demo-client\"\n  oauthclient_secret = \"demo-secret\"\n}\n");
  ws.write("main.tf", webhook("deferred"));
  ws.init();
  auto plan = ws.run({"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.exit_code == 0);
  CHECK(plan.out.find("2 to add") != std::string::npos);
  CHECK(emu.list("/api/v2/events/webhooks").empty());
  auto applied = ws.apply();
  INFO(applied.all());
  CHECK(applied.exit_code == 0);
  CHECK(emu.list("/api/v2/events/webhooks").size() == 1);

  SECTION("a read that needs the API while api_url is unknown names the argument") {
    // A new input makes the URL unknown again while the webhook must be refreshed.
    ws.write("provider.tf", std::string(kRequiredProviders) +
                                "resource \"terraform_data\" \"endpoint\" {\n  input = \"" + emu.url() +
                                "/\"\n}\n"
                                "provider \"genesysevents\" {\n  api_url = terraform_data.endpoint.output\n"
                                "  oauthclient_id = \"demo-client\"\n  oauthclient_secret = \"demo-secret\"\n}\n");
    auto r = ws.run({"plan", "-no-color"});
    INFO(r.all());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("Provider configuration not known yet") != std::string::npos);
    CHECK(r.err.find("`api_url` (or GENESYSCLOUD_API_URL) depends on a value known only after") != std::string::npos);
  }
}

TEST_CASE("API errors carry the message and correlation id, and duplicates suggest import", "[provider][errors][compat][asan]") {
  Emulator emu;
  auto existing = emu.api("POST", "/api/v2/events/webhooks",
                          {{"name", "taken"}, {"destinationUrl", "https://hooks.example.com/t"}});
  REQUIRE(existing.status == 201);
  Workspace ws(emu, webhook("taken"));
  auto r = ws.run({"apply", "-auto-approve", "-no-color"});
  INFO(r.all());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("duplicate.name") != std::string::npos);
  CHECK(r.err.find("Correlation id:") != std::string::npos);
  CHECK(r.err.find("import genesysevents_webhook.<name> " + existing.body["id"].get<std::string>()) !=
        std::string::npos);
}

TEST_CASE("secrets never appear in TF_LOG=trace output", "[provider][logging][compat]") {
  HttpsReceiver receiver(200);
  Emulator emu;
  Workspace ws;
  const std::string notify_secret = "change-webhook-secret-9753";
  ws.use_emulator(emu, "  ca_cert_file = \"" + receiver.ca_file() + "\"\n  change_webhook = {\n    url = \"" +
                           receiver.url("/changes") + "\"\n    signing_secret = \"" + notify_secret + "\"\n  }\n");
  const std::string signing_key = "very-secret-signing-key-4242";
  ws.write("main.tf", webhook("logged", "  signing_key = \"" + signing_key + "\"\n"));
  ws.init();
  auto r = ws.run({"apply", "-auto-approve", "-no-color"}, {{"TF_LOG", "trace"}});
  REQUIRE(r.exit_code == 0);
  // The provider's request log is there...
  CHECK(std::regex_search(r.err, std::regex("HTTP request.*POST|POST.*HTTP request")));
  CHECK(r.err.find("/api/v2/events/webhooks") != std::string::npos);
  // ...and no secret: the client secret, the signing key, the change webhook's signing secret,
  // nor a bearer token.
  CHECK(receiver.requests("/changes").size() == 1);  // the notification was signed and sent
  CHECK(r.all().find("demo-secret") == std::string::npos);
  CHECK(r.all().find(signing_key) == std::string::npos);
  CHECK(r.all().find(notify_secret) == std::string::npos);
  CHECK_FALSE(std::regex_search(r.all(), std::regex("Bearer [A-Za-z0-9._~+/-]{8,}")));
}

TEST_CASE("debug mode serves plaintext and prints TF_REATTACH_PROVIDERS", "[provider][debug][compat]") {
  Emulator emu;
  bp::ipstream out;
  bp::child provider(provider_binary(), "-debug", bp::std_out > out, bp::std_err > bp::null);
  std::string line, reattach;
  while (std::getline(out, line)) {
    auto at = line.find("TF_REATTACH_PROVIDERS='");
    if (at != std::string::npos) {
      reattach = line.substr(at + 23);
      reattach.pop_back();  // closing quote
      break;
    }
  }
  REQUIRE_FALSE(reattach.empty());
  json parsed = json::parse(reattach);
  CHECK(parsed.contains("registry.terraform.io/genesys-events/genesysevents"));
  CHECK(parsed["registry.opentofu.org/genesys-events/genesysevents"]["ProtocolVersion"] == 6);

  Workspace ws(emu, webhook("reattached"));
  auto r = ws.run({"apply", "-auto-approve", "-no-color"}, {{"TF_REATTACH_PROVIDERS", reattach}});
  INFO(r.all());
  CHECK(r.exit_code == 0);
  CHECK(emu.list("/api/v2/events/webhooks").size() == 1);
  ::kill(provider.id(), SIGTERM);
  provider.wait();
}

TEST_CASE("run by hand the plugin explains itself", "[provider][handshake]") {
  bp::ipstream err;
  bp::child c(provider_binary(), bp::std_out > bp::null, bp::std_err > err, bp::env["TF_PLUGIN_MAGIC_COOKIE"] = "");
  std::string text, line;
  while (std::getline(err, line)) text += line + "\n";
  c.wait();
  CHECK(c.exit_code() == 1);
  CHECK(text.find("This binary is a plugin") != std::string::npos);
}
