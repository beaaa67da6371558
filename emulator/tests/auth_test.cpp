// OAuth token endpoint, bearer auth, scopes, rate limit, correlation ids
// (docs/reference/api-contract.md "Hosts, auth and common behaviour").
#include "bodies.h"
#include "support/emulator_process.h"

#include <catch2/catch.hpp>

#include <regex>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

namespace {

Response grant(EmulatorProcess& emu, const std::string& body, const std::string& basic_user = "",
               const std::string& basic_pass = "") {
  auto c = emu.client();
  if (!basic_user.empty()) c.set_basic_auth(basic_user.c_str(), basic_pass.c_str());
  auto res = c.Post("/oauth/token", body, "application/x-www-form-urlencoded");
  Response out;
  if (!res) return out;
  out.status = res->status;
  out.headers = res->headers;
  out.body = nlohmann::json::parse(res->body, nullptr, false);
  return out;
}

}  // namespace

TEST_CASE("token endpoint grants bearer tokens for Basic and form credentials", "[emulator][auth]") {
  EmulatorProcess emu;
  auto basic = grant(emu, "grant_type=client_credentials", "demo-client", "demo-secret");
  REQUIRE(basic.status == 200);
  CHECK(basic.body["token_type"] == "bearer");
  CHECK(basic.body["expires_in"] == 86400);
  CHECK(basic.body["access_token"].get<std::string>().size() >= 32);
  CHECK_FALSE(basic.header("ININ-Correlation-Id").empty());

  auto form = grant(emu, "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret");
  REQUIRE(form.status == 200);
  CHECK(form.body["access_token"] != basic.body["access_token"]);
}

TEST_CASE("bad client credentials answer the exact 401 body", "[emulator][auth]") {
  EmulatorProcess emu;
  auto res = grant(emu, "grant_type=client_credentials", "demo-client", "wrong");
  REQUIRE(res.status == 401);
  CHECK(
      res.body ==
      nlohmann::json::parse(
          R"({"error":"invalid_client","description":"authentication failed","error_description":"authentication failed"})"));
  CHECK(grant(emu, "grant_type=client_credentials&client_id=nobody&client_secret=x").status == 401);
  CHECK(grant(emu, "grant_type=password", "demo-client", "demo-secret").status == 400);
}

TEST_CASE("token endpoint throttles grants per client", "[emulator][auth]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"tokenGrantsPerMinute", 2}}).status == 200);
  CHECK(grant(emu, "grant_type=client_credentials", "demo-client", "demo-secret").status == 200);
  CHECK(grant(emu, "grant_type=client_credentials", "demo-client", "demo-secret").status == 200);
  auto third = grant(emu, "grant_type=client_credentials", "demo-client", "demo-secret");
  REQUIRE(third.status == 400);
  CHECK(third.body["error"] == "invalid_request");
  CHECK(third.body["description"].get<std::string>().rfind("rate limit exceeded", 0) == 0);
}

TEST_CASE("custom default client from the command line", "[emulator][auth]") {
  EmulatorProcess emu({"--client-id", "ci", "--client-secret", "cs"});
  CHECK(grant(emu, "grant_type=client_credentials", "ci", "cs").status == 200);
  CHECK(grant(emu, "grant_type=client_credentials", "demo-client", "demo-secret").status == 401);
}

TEST_CASE("API calls need a live bearer token", "[emulator][auth]") {
  EmulatorProcess emu;
  auto missing = emu.request("GET", "/api/v2/events/webhooks");
  REQUIRE(missing.status == 401);
  CHECK(missing.body["code"] == "bad.credentials");
  CHECK(missing.body["status"] == 401);
  CHECK(missing.body["contextId"] == missing.header("ININ-Correlation-Id"));
  CHECK(missing.body["details"].is_array());
  CHECK(missing.body["errors"].is_array());

  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, "not-a-token").status == 401);

  auto token = emu.token();
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 200);
  auto revoked = emu.control("POST", "/emulator/tokens/revoke", {{"clientId", "demo-client"}});
  REQUIRE(revoked.status == 200);
  CHECK(revoked.body["revoked"].get<int>() >= 1);
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 401);
}

TEST_CASE("a token past expires_in is rejected", "[emulator][auth]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"tokenLifetimeSeconds", 60}}).status == 200);
  auto token = emu.token();
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 200);
  // The emulator's clock is stepped instead of slept past the lifetime (docs/emulator.md).
  REQUIRE(emu.control("POST", "/emulator/clock/advance", {{"ms", 30 * 1000}}).status == 200);
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 200);
  REQUIRE(emu.control("POST", "/emulator/clock/advance", {{"ms", 30 * 1000 + 100}}).status == 200);
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 401);
}

TEST_CASE("scopes are enforced per endpoint", "[emulator][auth]") {
  EmulatorProcess emu;
  auto added = emu.control("POST", "/emulator/clients",
                           {{"clientId", "reader"}, {"clientSecret", "s"}, {"scopes", {"event:webhook:read"}}});
  REQUIRE(added.status == 201);
  auto token = emu.token("reader", "s");
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 200);
  auto body = webhook_body("w");
  auto refused = emu.request("POST", "/api/v2/events/webhooks", &body, token);
  REQUIRE(refused.status == 403);
  CHECK(refused.body["code"] == "missing.scope");
  CHECK(refused.body["message"].get<std::string>().find("event:webhook:write") != std::string::npos);
  CHECK(emu.request("GET", "/api/v2/eventbridge/topics", nullptr, token).status == 403);
  // Limits need only a valid token.
  CHECK(emu.request("GET", "/api/v2/organizations/limits/namespaces/events", nullptr, token).status == 200);
  // Unknown scopes are refused when adding a client.
  auto bad = emu.control("POST", "/emulator/clients", {{"clientId", "x"}, {"clientSecret", "s"}, {"scopes", {"nope"}}});
  CHECK(bad.status == 400);
  CHECK(only_field(bad.body) == "scopes[0]");
}

TEST_CASE("per-token rate limit answers 429 with Retry-After and headers", "[emulator][auth]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 3}}).status == 200);
  auto token = emu.token();
  for (int i = 1; i <= 3; ++i) {
    auto ok = emu.request("GET", "/api/v2/events/webhooks", nullptr, token);
    REQUIRE(ok.status == 200);
    CHECK(ok.header("inin-ratelimit-count") == std::to_string(i));
    CHECK(ok.header("inin-ratelimit-allowed") == "3");
    CHECK(std::stoi(ok.header("inin-ratelimit-reset")) > 0);
  }
  auto limited = emu.request("GET", "/api/v2/events/webhooks", nullptr, token);
  REQUIRE(limited.status == 429);
  CHECK(limited.body["code"] == "too.many.requests.retry.after");
  auto retry = limited.header("Retry-After");
  REQUIRE_FALSE(retry.empty());
  CHECK(limited.body["message"] == "Rate limit exceeded the maximum. Retry the request in [" + retry + "] seconds");
  CHECK(limited.body["contextId"] == limited.header("ININ-Correlation-Id"));
  // Another token has its own budget.
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, emu.token()).status == 200);
}

TEST_CASE("rateLimitScope client: every token of one client shares one budget", "[emulator][auth]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 3}, {"rateLimitScope", "client"}}).status ==
          200);
  auto first = emu.token();
  auto second = emu.token();
  REQUIRE(first != second);
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, first).status == 200);
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, second).status == 200);
  auto third = emu.request("GET", "/api/v2/events/webhooks", nullptr, first);
  CHECK(third.status == 200);
  CHECK(third.header("inin-ratelimit-count") == "3");
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, second).status == 429);
  CHECK(emu.control("PATCH", "/emulator/config", {{"rateLimitScope", "organization"}}).status == 400);
}

TEST_CASE("unknown API paths are 404 not.found after auth", "[emulator][auth]") {
  EmulatorProcess emu;
  auto res = emu.get("/api/v2/nothing/here");
  CHECK(res.status == 404);
  CHECK(res.body["code"] == "not.found");
  CHECK(res.body["contextId"] == res.header("ININ-Correlation-Id"));
}

TEST_CASE("every answer carries the inin-ratelimit headers and the server's Date, the 429 too", "[emulator][auth]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 2}}).status == 200);
  auto token = emu.token();
  auto has_headers = [](const Response& res) {
    INFO(res.status << " " << res.raw);
    CHECK_FALSE(res.header("inin-ratelimit-count").empty());
    CHECK(res.header("inin-ratelimit-allowed") == "2");
    CHECK(std::stoi(res.header("inin-ratelimit-reset")) > 0);
    // An IMF-fixdate, e.g. "Mon, 30 Nov 2026 12:00:00 GMT".
    CHECK(std::regex_match(res.header("Date"),
                           std::regex(R"([A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)")));
  };
  has_headers(emu.request("GET", "/api/v2/events/webhooks"));  // 401
  has_headers(emu.control("GET", "/emulator/config"));
  auto body = webhook_body("");
  auto invalid = emu.request("POST", "/api/v2/events/webhooks", &body, token);
  CHECK(invalid.status == 400);
  has_headers(invalid);
  CHECK(invalid.header("inin-ratelimit-count") == "1");
  auto missing = emu.request("GET", "/api/v2/events/webhooks/nope", nullptr, token);
  CHECK(missing.status == 404);
  CHECK(missing.header("inin-ratelimit-count") == "2");
  auto limited = emu.request("GET", "/api/v2/events/webhooks", nullptr, token);
  REQUIRE(limited.status == 429);
  has_headers(limited);
  CHECK(limited.header("inin-ratelimit-count") == "2");
  CHECK(limited.header("Retry-After") == limited.header("inin-ratelimit-reset"));
}
