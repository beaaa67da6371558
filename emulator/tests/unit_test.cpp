// Unit tests of pure helpers: glob matching, field paths, signatures.
#include "faults.h"
#include "http_server.h"
#include "identifiers.h"
#include "validation.h"

#include <catch2/catch.hpp>

using namespace genesys_emulator;

TEST_CASE("glob patterns match whole paths, '*' spanning slashes", "[emulator][unit]") {
  CHECK(glob_match("/api/v2/events/*", "/api/v2/events/webhooks/abc"));
  CHECK(glob_match("*/webhooks", "/api/v2/events/webhooks"));
  CHECK(glob_match("/oauth/token", "/oauth/token"));
  CHECK(glob_match("/api/v2/events/webhook?", "/api/v2/events/webhooks"));
  CHECK_FALSE(glob_match("/api/v2/events/webhooks", "/api/v2/events/webhooks/x"));
  CHECK_FALSE(glob_match("/oauth/*", "/api/v2/x"));
}

TEST_CASE("field reader names nested paths and checks types strictly", "[emulator][unit]") {
  auto body = nlohmann::json::parse(R"({"retryPolicy":{"retryCount":"3","retryIntervalSeconds":2.5},"name":""})");
  FieldReader r;
  r.integer(body["retryPolicy"], "retryPolicy", "retryCount", {.min = 0, .max = 10});
  r.integer(body["retryPolicy"], "retryPolicy", "retryIntervalSeconds", {.min = 1, .max = 3600});
  r.string(body, "", "name", {.required = true, .min_length = 1});
  r.string(body, "", "destinationUrl", {.required = true});
  auto errors = r.take_errors();
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].field == "retryPolicy.retryCount");
  CHECK(errors[0].message.find("retryPolicy.retryCount") != std::string::npos);
  CHECK(errors[1].field == "retryPolicy.retryIntervalSeconds");
  CHECK(errors[2].field == "name");
  CHECK(errors[3].field == "destinationUrl");
  CHECK(errors[3].error_code == "required");
}

TEST_CASE("https check and UTF-8 length", "[emulator][unit]") {
  CHECK(is_https_url("https://a.example/x"));
  CHECK(is_https_url("HTTPS://a.example"));
  CHECK_FALSE(is_https_url("http://a.example"));
  CHECK_FALSE(is_https_url("https://"));
  CHECK_FALSE(is_https_url("ftp://a"));
  CHECK(utf8_length("h\xC3\xA9llo") == 5);
}

TEST_CASE("HMAC-SHA256 hex matches RFC 4231 test case 2", "[emulator][unit]") {
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("uuids are version 4 and distinct", "[emulator][unit]") {
  auto a = new_uuid();
  auto b = new_uuid();
  CHECK(a != b);
  CHECK(a.size() == 36);
  CHECK(a[14] == '4');
}

TEST_CASE("controls answer loopback peers only", "[emulator][unit]") {
  CHECK(is_loopback("127.0.0.1"));
  CHECK(is_loopback("127.1.2.3"));
  CHECK(is_loopback("::1"));
  CHECK(is_loopback("::ffff:127.0.0.1"));
  CHECK_FALSE(is_loopback("192.0.2.2"));
  CHECK_FALSE(is_loopback("::ffff:10.0.0.1"));
  CHECK_FALSE(is_loopback("1270.0.0.1"));
}
