#include <catch2/catch.hpp>

#include "rest/error.h"
#include "rest/secret_fields.h"

using namespace ge::rest;

TEST_CASE("API error body is parsed into Error") {
  auto e = error_from_api_response(400, R"({
    "message": "retryPolicy.maxRetries must be between 0 and 10", "code": "invalid.value", "status": 400,
    "contextId": "ctx-1", "entityId": "e-9", "entityName": "w",
    "details": [{"errorCode": "out.of.range", "fieldName": "retryPolicy.maxRetries"}], "errors": []})",
                                   "");
  CHECK(e.kind == Error::Kind::kHttp);
  CHECK(e.http_status == 400);
  CHECK(e.code == "invalid.value");
  CHECK(e.correlation_id == "ctx-1");  // no header: contextId
  CHECK(e.entity_id == "e-9");
  CHECK(e.entity_name == "w");
  REQUIRE(e.details.size() == 1);
  CHECK(e.details[0].field_name == "retryPolicy.maxRetries");
  CHECK(e.details[0].error_code == "out.of.range");
  CHECK(e.summary() ==
        "invalid.value: retryPolicy.maxRetries must be between 0 and 10 (id e-9) "
        "(field retryPolicy.maxRetries: out.of.range) [correlation id ctx-1]");
}

TEST_CASE("the correlation header wins over contextId and the entity id is not repeated") {
  auto e = error_from_api_response(
      409,
      R"j({"message":"a webhook named x already exists (id 123)","code":"duplicate.name","contextId":"body","entityId":"123"})j",
      "hdr");
  CHECK(e.correlation_id == "hdr");
  CHECK(e.summary() == "duplicate.name: a webhook named x already exists (id 123) [correlation id hdr]");
}

TEST_CASE("nested errors array supplies field errors and a missing message") {
  auto e = error_from_api_response(
      400, R"({"code":"bad.request","errors":[{"message":"inner","code":"x","fieldName":"name"}]})", "");
  CHECK(e.message == "inner");
  REQUIRE(e.details.size() == 1);
  CHECK(e.details[0].field_name == "name");
}

TEST_CASE("non-JSON error bodies fall back to a short excerpt") {
  auto e = error_from_api_response(502, "<html>\n  <body>Bad   Gateway</body></html>", "");
  CHECK(e.kind == Error::Kind::kHttp);
  CHECK(e.message == "HTTP 502: <html> <body>Bad Gateway</body></html>");
  auto empty = error_from_api_response(503, "", "");
  CHECK(empty.message == "HTTP 503");
  CHECK(error_from_api_response(401, "{}", "").kind == Error::Kind::kAuth);
}

TEST_CASE("OAuth error body gives kAuth with the description") {
  auto e = error_from_oauth_response(
      401,
      R"({"error":"invalid_client","description":"authentication failed","error_description":"authentication failed"})",
      "");
  CHECK(e.kind == Error::Kind::kAuth);
  CHECK(e.code == "invalid_client");
  CHECK(e.message == "authentication failed");
  auto only_rfc = error_from_oauth_response(400, R"({"error":"invalid_request","error_description":"nope"})", "");
  CHECK(only_rfc.message == "nope");
  CHECK(error_from_oauth_response(500, "oops", "").message == "HTTP 500: oops");
}

TEST_CASE("summary mentions attempts and falls back on the kind") {
  Error e;
  e.kind = Error::Kind::kTimeout;
  e.attempts = 4;
  CHECK(e.summary() == "timeout error after 4 attempts");
}

TEST_CASE("secret fields are masked at any depth") {
  auto masked = mask_secret_fields(nlohmann::json::parse(R"({
    "name": "w", "signingKey": "k1234567890123456",
    "authConfig": {"username": "u", "Password": "p", "clientSecret": "c", "token": "t"},
    "list": [{"access_token": "a"}], "absent": {"client_secret": null}})"));
  CHECK(masked["name"] == "w");
  CHECK(masked["signingKey"] == "(redacted)");
  CHECK(masked["authConfig"]["username"] == "u");
  CHECK(masked["authConfig"]["Password"] == "(redacted)");
  CHECK(masked["authConfig"]["clientSecret"] == "(redacted)");
  CHECK(masked["authConfig"]["token"] == "(redacted)");
  CHECK(masked["list"][0]["access_token"] == "(redacted)");
  CHECK(masked["absent"]["client_secret"].is_null());
}

TEST_CASE("credential-looking values in header maps are masked, other headers kept") {
  auto masked = mask_secret_fields(nlohmann::json::parse(R"({
    "headerOverrides": {"Authorization": "Bearer abc", "X-Team": "ops", "Cookie": "s=1",
                        "Proxy-Authorization": "Basic eA==", "X-Api-Key": "k", "x-session-token": "t",
                        "X-Client-Secret": "c", "X-Password": "p", "X-Auth-Tenant": "a"},
    "target": {"headers": {"authorization": "Basic dTpw", "Content-Language": "en"}},
    "authType": "BASIC", "limits": [{"key": "webhooks.max", "value": 10}]})"));
  const auto& overrides = masked["headerOverrides"];
  for (const char* name : {"Authorization", "Cookie", "Proxy-Authorization", "X-Api-Key", "x-session-token",
                           "X-Client-Secret", "X-Password", "X-Auth-Tenant"}) {
    INFO(name);
    CHECK(overrides[name] == "(redacted)");
  }
  CHECK(overrides["X-Team"] == "ops");
  CHECK(masked["target"]["headers"]["authorization"] == "(redacted)");
  CHECK(masked["target"]["headers"]["Content-Language"] == "en");
  // Outside header maps only the secret field names count.
  CHECK(masked["authType"] == "BASIC");
  CHECK(masked["limits"][0]["key"] == "webhooks.max");
  CHECK(is_credential_header("Proxy-Authorization"));
  CHECK(is_credential_header("set-cookie"));
  CHECK_FALSE(is_credential_header("X-Team"));
}
