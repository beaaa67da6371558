// EventBridge targets: validation, asynchronous verification over real HTTPS,
// re-verification, /verify, /health, target.in.use.
#include "bodies.h"
#include "support/emulator_process.h"
#include "support/receiver.h"
#include "support/tls_files.h"

#include <catch2/catch.hpp>

#include <chrono>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

namespace {

const std::string kBase = "/api/v2/integrations/eventbridge/targets";

EmulatorProcess make_emulator() { return EmulatorProcess({"--ca-file", process_tls_files().ca_file()}); }

// Creates the target "t" sending to `url` and waits until it is VERIFIED (the test fails when
// it is not); returns its path.
std::string verified_target(EmulatorProcess& emu, const std::string& url) {
  auto t = emu.post(kBase, target_body("t", url)).body;
  std::string path = kBase + "/" + t["id"].get<std::string>();
  REQUIRE(emu.wait_for(path, "status", {"VERIFIED", "FAILED"})["status"] == "VERIFIED");
  return path;
}

}  // namespace

TEST_CASE("a target starts pending and is verified by a POST to its endpoint", "[emulator][targets]") {
  Receiver receiver{process_tls_files()};
  auto emu = make_emulator();
  auto body = target_body("t", receiver.url("/events"));
  body["headers"] = {{"X-Custom", "yes"}};
  auto created = emu.post(kBase, body);
  REQUIRE(created.status == 201);
  CHECK(created.body["status"] == "PENDING_VERIFICATION");
  CHECK(created.body["authType"] == "NONE");
  std::string path = kBase + "/" + created.body["id"].get<std::string>();
  auto verified = emu.wait_for(path, "status", {"VERIFIED", "FAILED", "TIMEOUT"});
  CHECK(verified["status"] == "VERIFIED");
  CHECK(verified["version"] == 1);
  REQUIRE(receiver.requests().size() == 1);
  auto call = receiver.requests()[0];
  CHECK(call.method == "POST");
  CHECK(call.path == "/events");
  CHECK(call.header("X-Custom") == "yes");
  CHECK(call.header("Authorization").empty());
  auto payload = nlohmann::json::parse(call.body);
  CHECK(payload["eventType"] == "VERIFICATION");
  CHECK(payload["targetId"] == created.body["id"]);
  CHECK(payload["challenge"].is_string());

  auto verify = emu.get(path + "/verify");
  REQUIRE(verify.status == 200);
  CHECK(verify.body["targetId"] == created.body["id"]);
  CHECK(verify.body["status"] == "VERIFIED");
  CHECK(verify.body["message"].is_string());
  CHECK(verify.body["verifiedAt"].is_string());

  // `expand=verification` embeds that answer in the target, read alone or listed; without it
  // the target has no such field.
  CHECK(emu.get(path + "?expand=verification").body["verification"] == verify.body);
  CHECK_FALSE(emu.get(path).body.contains("verification"));
  auto listed = emu.get(kBase + "?expand=verification&pageSize=1");
  REQUIRE(listed.status == 200);
  CHECK(listed.body["entities"][0]["verification"] == verify.body);
  CHECK(listed.body["selfUri"].get<std::string>().find("expand=verification") != std::string::npos);
  CHECK_FALSE(emu.get(kBase).body["entities"][0].contains("verification"));
}

TEST_CASE("verification applies BASIC, JWT and OAUTH2 auth", "[emulator][targets]") {
  Receiver receiver{process_tls_files()};
  auto emu = make_emulator();
  auto basic = target_body("basic", receiver.url("/basic"));
  basic["authType"] = "BASIC";
  basic["authConfig"] = {{"username", "u"}, {"password", "p"}};
  basic["headers"] = {{"authorization", "from-headers"}};  // the target's auth wins
  auto b = emu.post(kBase, basic);
  REQUIRE(b.status == 201);
  CHECK(b.body["authConfig"] == nlohmann::json{{"username", "u"}});  // password is write-only
  emu.wait_for(kBase + "/" + b.body["id"].get<std::string>(), "status", {"VERIFIED", "FAILED"});

  auto jwt = target_body("jwt", receiver.url("/jwt"));
  jwt["authType"] = "JWT";
  jwt["authConfig"] = {{"token", "jwt-token"}};
  auto j = emu.post(kBase, jwt);
  REQUIRE(j.status == 201);
  CHECK_FALSE(j.body.contains("authConfig"));
  emu.wait_for(kBase + "/" + j.body["id"].get<std::string>(), "status", {"VERIFIED", "FAILED"});

  auto oauth = target_body("oauth", receiver.url("/oauth"));
  oauth["authType"] = "OAUTH2";
  oauth["authConfig"] = {{"clientId", "cid"}, {"clientSecret", "csecret"}, {"tokenUrl", receiver.url("/token")}};
  auto o = emu.post(kBase, oauth);
  REQUIRE(o.status == 201);
  CHECK(o.body["authConfig"] == nlohmann::json{{"clientId", "cid"}, {"tokenUrl", receiver.url("/token")}});
  auto done = emu.wait_for(kBase + "/" + o.body["id"].get<std::string>(), "status", {"VERIFIED", "FAILED"});
  CHECK(done["status"] == "VERIFIED");

  std::map<std::string, Receiver::Request> by_path;
  for (const auto& r : receiver.requests()) by_path[r.path] = r;
  CHECK(by_path["/basic"].header("Authorization") == "Basic dTpw");
  CHECK(by_path["/jwt"].header("Authorization") == "Bearer jwt-token");
  CHECK(by_path["/token"].body == "grant_type=client_credentials");
  CHECK(by_path["/token"].header("Authorization") == "Basic Y2lkOmNzZWNyZXQ=");
  CHECK(by_path["/oauth"].header("Authorization") == "Bearer receiver-token");
}

TEST_CASE("non-2xx answers fail verification and slow endpoints time out", "[emulator][targets]") {
  Receiver failing{process_tls_files()};
  failing.set_status(500);
  Receiver slow{process_tls_files()};
  slow.delay_ms(1500);
  auto emu = make_emulator();
  auto f = emu.post(kBase, target_body("f", failing.url())).body;
  auto failed = emu.wait_for(kBase + "/" + f["id"].get<std::string>(), "status", {"VERIFIED", "FAILED", "TIMEOUT"});
  CHECK(failed["status"] == "FAILED");
  auto verify = emu.get(kBase + "/" + f["id"].get<std::string>() + "/verify").body;
  CHECK(verify["message"].get<std::string>().find("500") != std::string::npos);
  CHECK(verify["verifiedAt"].is_null());

  // Generous margins both ways: the timeout must be well above a loaded
  // machine's TLS handshake and well below the endpoint's delay.
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"verificationTimeoutMs", 500}}).status == 200);
  auto s = emu.post(kBase, target_body("s", slow.url())).body;
  auto timed_out = emu.wait_for(kBase + "/" + s["id"].get<std::string>(), "status", {"VERIFIED", "FAILED", "TIMEOUT"});
  CHECK(timed_out["status"] == "TIMEOUT");
  CHECK(
      emu.get(kBase + "/" + s["id"].get<std::string>() + "/verify").body["message"].get<std::string>().find("500 ms") !=
      std::string::npos);
}

TEST_CASE("changing endpoint or auth re-verifies, other changes do not", "[emulator][targets]") {
  Receiver first{process_tls_files()};
  Receiver second{process_tls_files()};
  auto emu = make_emulator();
  const std::string path = verified_target(emu, first.url());

  auto rename = target_body("t-renamed", first.url());
  rename["version"] = 1;
  auto renamed = emu.put(path, rename);
  REQUIRE(renamed.status == 200);
  CHECK(renamed.body["status"] == "VERIFIED");
  CHECK(renamed.body["version"] == 2);

  auto move = target_body("t-renamed", second.url());
  move["version"] = 2;
  auto moved = emu.put(path, move);
  REQUIRE(moved.status == 200);
  CHECK(moved.body["status"] == "PENDING_VERIFICATION");
  CHECK(emu.wait_for(path, "status", {"VERIFIED", "FAILED"})["status"] == "VERIFIED");
  CHECK(first.requests().size() == 1);
  CHECK(second.requests().size() == 1);

  auto auth = target_body("t-renamed", second.url());
  auth["version"] = 3;
  auth["authType"] = "JWT";
  auth["authConfig"] = {{"token", "abc"}};
  CHECK(emu.put(path, auth).body["status"] == "PENDING_VERIFICATION");
  CHECK(emu.wait_for(path, "status", {"VERIFIED", "FAILED"})["status"] == "VERIFIED");
  CHECK(second.requests().size() == 2);
}

TEST_CASE("target validation follows authType and the field table", "[emulator][targets]") {
  auto emu = make_emulator();
  auto field = [&](nlohmann::json body) {
    auto res = emu.post(kBase, body);
    INFO(res.raw);
    REQUIRE(res.status == 400);
    return only_field(res.body);
  };
  auto with = [](const std::string& key, nlohmann::json value) {
    auto b = target_body("x", "https://t.example");
    b[key] = std::move(value);
    return b;
  };
  CHECK(field(with("name", std::string(101, 'n'))) == "name");
  CHECK(field(with("endpointUrl", "http://t.example")) == "endpointUrl");
  CHECK(field(with("authType", "DIGEST")) == "authType");
  auto basic = with("authType", "BASIC");
  basic["authConfig"] = {{"username", "u"}};
  CHECK(field(basic) == "authConfig.password");
  auto none = with("authConfig", {{"username", "u"}});
  CHECK(field(none) == "authConfig.username");
  auto oauth = with("authType", "OAUTH2");
  oauth["authConfig"] = {{"clientId", "c"}, {"clientSecret", "s"}, {"tokenUrl", "http://t.example/token"}};
  CHECK(field(oauth) == "authConfig.tokenUrl");
  auto jwt = with("authType", "JWT");
  CHECK(field(jwt) == "authConfig.token");
  CHECK(field(with("retryPolicy", {{"maxRetries", 11}, {"backoffStrategy", "LINEAR"}, {"initialDelaySeconds", 1}})) ==
        "retryPolicy.maxRetries");
  CHECK(field(with("retryPolicy", {{"maxRetries", 1}, {"backoffStrategy", "RANDOM"}, {"initialDelaySeconds", 1}})) ==
        "retryPolicy.backoffStrategy");
  CHECK(field(with("retryPolicy", {{"maxRetries", 1}, {"backoffStrategy", "LINEAR"}, {"initialDelaySeconds", 31}})) ==
        "retryPolicy.initialDelaySeconds");
  CHECK(field(with("eventTypes", nlohmann::json::array())) == "eventTypes");
  CHECK(field(with("eventTypes", {"bogus"})) == "eventTypes[0]");
  CHECK(field(with("headers", {{"X", true}})) == "headers.X");
  auto ok = with("retryPolicy", {{"maxRetries", 10}, {"backoffStrategy", "EXPONENTIAL"}, {"initialDelaySeconds", 30}});
  CHECK(emu.post(kBase, ok).status == 201);
}

TEST_CASE("health checks call the endpoint now", "[emulator][targets]") {
  Receiver receiver{process_tls_files()};
  auto emu = make_emulator();
  auto t = emu.post(kBase, target_body("t", receiver.url())).body;
  std::string path = kBase + "/" + t["id"].get<std::string>();
  auto healthy = emu.post(path + "/health", nlohmann::json::object());
  REQUIRE(healthy.status == 200);
  CHECK(healthy.body["targetId"] == t["id"]);
  CHECK(healthy.body["status"] == "HEALTHY");
  CHECK(healthy.body["httpStatus"] == 200);
  CHECK(healthy.body["latencyMs"].is_number_integer());
  CHECK(healthy.body["checkedAt"].is_string());
  receiver.set_status(503);
  auto sick = emu.post(path + "/health", nlohmann::json::object()).body;
  CHECK(sick["status"] == "UNHEALTHY");
  CHECK(sick["httpStatus"] == 503);
  CHECK(emu.post(kBase + "/nope/health", nlohmann::json::object()).status == 404);
  CHECK(emu.get(kBase + "/nope/verify").status == 404);
}

TEST_CASE("a health check says why in its message", "[emulator][targets]") {
  Receiver receiver{process_tls_files()};
  auto emu = make_emulator();
  auto t = emu.post(kBase, target_body("t", receiver.url())).body;
  std::string path = kBase + "/" + t["id"].get<std::string>();
  auto healthy = emu.post(path + "/health", nlohmann::json::object()).body;
  CHECK(healthy["message"] == "endpointUrl answered HTTP 200");
  receiver.set_status(500);
  auto failing = emu.post(path + "/health", nlohmann::json::object()).body;
  CHECK(failing["status"] == "UNHEALTHY");
  CHECK(failing["message"] == "endpointUrl answered HTTP 500");
  receiver.set_status(200);
  receiver.delay_ms(1500);
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"verificationTimeoutMs", 500}}).status == 200);
  auto slow = emu.post(path + "/health", nlohmann::json::object()).body;
  CHECK(slow["status"] == "UNHEALTHY");
  CHECK(slow["httpStatus"].is_null());
  CHECK(slow["message"] == "No answer from endpointUrl within 500 ms");

  // Nothing listens on port 1: the call fails, with the transport's reason.
  auto gone = emu.post(kBase, target_body("gone", "https://127.0.0.1:1/events")).body;
  auto refused = emu.post(kBase + "/" + gone["id"].get<std::string>() + "/health", nlohmann::json::object()).body;
  CHECK(refused["status"] == "UNHEALTHY");
  CHECK(refused["httpStatus"].is_null());
  CHECK(refused["message"].get<std::string>().rfind("Health check call failed: ", 0) == 0);
  CHECK(refused["message"].get<std::string>().size() > std::string("Health check call failed: ").size());
}

TEST_CASE("a target used by a source cannot be deleted", "[emulator][targets]") {
  Receiver receiver{process_tls_files()};
  auto emu = make_emulator();
  auto t = emu.post(kBase, target_body("t", receiver.url())).body;
  std::string path = kBase + "/" + t["id"].get<std::string>();
  emu.wait_for(path, "status", {"VERIFIED"});
  auto source = emu.post("/api/v2/eventbridge/sources", source_body("s", t["id"]));
  REQUIRE(source.status == 202);
  auto refused = emu.del(path);
  REQUIRE(refused.status == 409);
  CHECK(refused.body["code"] == "target.in.use");
  CHECK(refused.body["entityId"] == source.body["sourceId"]);
}

TEST_CASE("a re-verification after a PUT waits the configured delay, as on create", "[emulator][targets]") {
  Receiver first{process_tls_files()};
  Receiver second{process_tls_files()};
  auto emu = make_emulator();
  const std::string path = verified_target(emu, first.url());

  REQUIRE(emu.control("PATCH", "/emulator/config", {{"verificationDelayMs", 1500}}).status == 200);
  auto move = target_body("t", second.url());
  move["version"] = 1;
  auto started = std::chrono::steady_clock::now();
  auto moved = emu.put(path, move);
  REQUIRE(moved.status == 200);
  CHECK(moved.body["status"] == "PENDING_VERIFICATION");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1000));
  // Not yet called: the wait is proven by when the call comes (no earlier than the delay after
  // the PUT), not by sleeping into the delay.
  CHECK(emu.get(path).body["status"] == "PENDING_VERIFICATION");
  CHECK(emu.get(path + "/verify").body["status"] == "PENDING_VERIFICATION");
  CHECK(second.requests().empty());
  CHECK(emu.wait_for(path, "status", {"VERIFIED", "FAILED"})["status"] == "VERIFIED");
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(1500));
  CHECK(second.requests().size() == 1);
}

TEST_CASE("any PUT to a target whose verification failed or timed out verifies it again", "[emulator][targets]") {
  Receiver first{process_tls_files()};
  Receiver second{process_tls_files()};
  auto emu = make_emulator();
  const std::string path = verified_target(emu, first.url());

  // An update to an endpoint that fails its verification: the object holds the new URL.
  second.set_status(500);
  auto move = target_body("t", second.url());
  move["version"] = 1;
  REQUIRE(emu.put(path, move).status == 200);
  REQUIRE(emu.wait_for(path, "status", {"VERIFIED", "FAILED", "TIMEOUT"})["status"] == "FAILED");
  CHECK(second.requests().size() == 1);

  // The endpoint is fixed in place; the same PUT again (endpointUrl unchanged) verifies again.
  second.set_status(200);
  move["version"] = 2;
  auto again = emu.put(path, move);
  REQUIRE(again.status == 200);
  CHECK(again.body["status"] == "PENDING_VERIFICATION");
  CHECK(emu.get(path + "/verify").body["status"] == "PENDING_VERIFICATION");
  auto verified = emu.wait_for(path, "status", {"VERIFIED", "FAILED", "TIMEOUT"});
  CHECK(verified["status"] == "VERIFIED");
  CHECK(verified["endpointUrl"] == second.url());
  CHECK(emu.get(path + "/verify").body["verifiedAt"].is_string());
  CHECK(second.requests().size() == 2);

  // Once VERIFIED, a PUT that changes neither endpoint nor auth does not verify again.
  move["version"] = 3;
  move["description"] = "renamed only";
  CHECK(emu.put(path, move).body["status"] == "VERIFIED");

  // TIMEOUT is verified again the same way.
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"verificationTimeoutMs", 500}}).status == 200);
  first.delay_ms(1500);
  auto back = target_body("t", first.url());
  back["version"] = 4;
  REQUIRE(emu.put(path, back).status == 200);
  REQUIRE(emu.wait_for(path, "status", {"VERIFIED", "FAILED", "TIMEOUT"})["status"] == "TIMEOUT");
  first.delay_ms(0);
  back["version"] = 5;
  CHECK(emu.put(path, back).body["status"] == "PENDING_VERIFICATION");
  CHECK(emu.wait_for(path, "status", {"VERIFIED", "FAILED", "TIMEOUT"})["status"] == "VERIFIED");
}
