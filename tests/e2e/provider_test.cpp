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
      {"requests_per_minute out of range", api + creds + "  requests_per_minute = 0\n", {}, "requests_per_minute",
       "GENESYSCLOUD_REQUESTS_PER_MINUTE"},
      {"requests_per_minute not a number in the environment", api + creds,
       {{"GENESYSCLOUD_REQUESTS_PER_MINUTE", "fast"}}, "requests_per_minute", "GENESYSCLOUD_REQUESTS_PER_MINUTE"},
      {"max_retries out of range", api + creds + "  max_retries = 21\n", {}, "max_retries", "GENESYSCLOUD_MAX_RETRIES"},
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

TEST_CASE("API errors carry the message and correlation id, and duplicates suggest import", "[provider][errors]") {
  Emulator emu;
  auto existing = emu.api("POST", "/api/v2/events/webhooks",
                          {{"name", "taken"}, {"destinationUrl", "https://hooks.example.com/t"}});
  REQUIRE(existing.status == 201);
  Workspace ws;
  ws.use_emulator(emu);
  ws.write("main.tf", webhook("taken"));
  ws.init();
  auto r = ws.run({"apply", "-auto-approve", "-no-color"});
  INFO(r.all());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("duplicate.name") != std::string::npos);
  CHECK(r.err.find("Correlation id:") != std::string::npos);
  CHECK(r.err.find("import genesysevents_webhook.<name> " + existing.body["id"].get<std::string>()) !=
        std::string::npos);
}

TEST_CASE("secrets never appear in TF_LOG=trace output", "[provider][logging]") {
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

TEST_CASE("debug mode serves plaintext and prints TF_REATTACH_PROVIDERS", "[provider][debug]") {
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

  Workspace ws;
  ws.use_emulator(emu);
  ws.write("main.tf", webhook("reattached"));
  ws.init();
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
