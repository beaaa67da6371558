// The /emulator/ controls: reset, config, topics, request log, faults, tokens, clock.
#include "bodies.h"
#include "support/emulator_process.h"
#include "support/wait.h"

#include <catch2/catch.hpp>

#include <chrono>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

TEST_CASE("reset drops objects and keeps clients, topics and config", "[emulator][controls]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"jobDurationMs", 50}}).status == 200);
  REQUIRE(emu.control("POST", "/emulator/topics",
                      {{"id", "extra"}, {"name", "Extra"}, {"eventTypes", {"conversation.event"}}})
              .status == 201);
  REQUIRE(emu.post("/api/v2/events/webhooks", webhook_body("w")).status == 201);
  REQUIRE(emu.control("POST", "/emulator/reset").status == 204);
  auto log = emu.control("GET", "/emulator/requests").body;
  REQUIRE(log.size() == 1);  // only the reset itself
  CHECK(log[0]["path"] == "/emulator/reset");
  CHECK(emu.get("/api/v2/events/webhooks").body["total"] == 0);
  CHECK(emu.get("/api/v2/eventbridge/topics/extra").status == 200);
  CHECK(emu.control("GET", "/emulator/config").body["jobDurationMs"] == 50);
  CHECK(emu.get("/api/v2/events/webhooks").status == 200);  // the token survived
}

TEST_CASE("config reads defaults and applies valid partial patches atomically", "[emulator][controls]") {
  EmulatorProcess emu;
  auto config = emu.control("GET", "/emulator/config").body;
  CHECK(config["rateLimitPerMinute"] == 300);
  CHECK(config["tokenLifetimeSeconds"] == 86400);
  CHECK(config["subscriptionLimit"] == 25);
  CHECK(config["verificationDelayMs"].is_number_integer());
  CHECK(config["verificationTimeoutMs"].is_number_integer());
  CHECK(config["jobDurationMs"].is_number_integer());
  CHECK(config["faults"] == nlohmann::json::array());

  auto bad = emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", "10"}, {"jobDurationMs", 5}});
  REQUIRE(bad.status == 400);
  CHECK(only_field(bad.body) == "rateLimitPerMinute");
  CHECK(emu.control("GET", "/emulator/config").body["jobDurationMs"] == config["jobDurationMs"]);
  CHECK(only_field(emu.control("PATCH", "/emulator/config", {{"rateLimit", 1}}).body) == "rateLimit");
  CHECK(only_field(emu.control("PATCH", "/emulator/config", {{"faults", {{{"status", 500}}}}}).body) ==
        "faults[0].path");

  auto ok = emu.control("PATCH", "/emulator/config", {{"subscriptionLimit", 3}});
  CHECK(ok.status == 200);
  CHECK(ok.body["subscriptionLimit"] == 3);
  CHECK(ok.body["rateLimitPerMinute"] == 300);
}

TEST_CASE("topics can be added and changed through controls", "[emulator][controls]") {
  EmulatorProcess emu;
  auto added = emu.control(
      "POST", "/emulator/topics",
      {{"id", "t1"}, {"name", "T1"}, {"description", "d"}, {"eventTypes", {"conversation.event"}}});
  REQUIRE(added.status == 201);
  CHECK(added.body["status"] == "active");
  CHECK(emu.control("POST", "/emulator/topics",
                    {{"id", "t1"}, {"name", "again"}, {"eventTypes", nlohmann::json::array()}})
            .status == 409);
  auto changed = emu.control("PATCH", "/emulator/topics/t1", {{"status", "inactive"}});
  REQUIRE(changed.status == 200);
  auto read = emu.get("/api/v2/eventbridge/topics/t1");
  CHECK(read.body["status"] == "inactive");
  CHECK(read.body["name"] == "T1");
  CHECK(emu.control("PATCH", "/emulator/topics/t1", {{"status", "gone"}}).status == 400);
  CHECK(emu.control("PATCH", "/emulator/topics/nope", {{"status", "active"}}).status == 404);
}

TEST_CASE("request log lists handled requests after a cursor", "[emulator][controls]") {
  EmulatorProcess emu;
  auto answered = emu.get("/api/v2/events/webhooks");
  auto log = emu.control("GET", "/emulator/requests").body;
  REQUIRE(log.is_array());
  REQUIRE(log.size() == 2);  // the token grant and the GET
  CHECK(log[0]["path"] == "/oauth/token");
  CHECK(log[1]["method"] == "GET");
  CHECK(log[1]["path"] == "/api/v2/events/webhooks");
  CHECK(log[1]["status"] == 200);
  CHECK(log[1]["clientId"] == "demo-client");
  CHECK(log[1]["timestamp"].is_string());
  CHECK(log[1]["durationMs"].is_number());
  CHECK(log[1]["correlationId"] == answered.header("ININ-Correlation-Id"));
  auto seq = log[1]["seq"].get<int>();
  emu.get("/api/v2/events/eventtypes");
  auto after = emu.control("GET", "/emulator/requests?since=" + std::to_string(seq)).body;
  REQUIRE(after.size() == 1);
  CHECK(after[0]["path"] == "/api/v2/events/eventtypes");
  CHECK(emu.control("GET", "/emulator/requests?since=x").status == 400);
}

TEST_CASE("faults answer a status a limited number of times, by path and method", "[emulator][controls][faults]") {
  EmulatorProcess emu;
  auto token = emu.token();
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"faults", {{{"path", "/api/v2/events/*"}, {"method", "GET"}, {"status", 503}, {"count", 2}}}}})
              .status == 200);
  auto body = webhook_body("w");
  CHECK(emu.request("POST", "/api/v2/events/webhooks", &body, token).status == 201);  // method does not match
  auto first = emu.request("GET", "/api/v2/events/webhooks", nullptr, token);
  CHECK(first.status == 503);
  CHECK(first.body["code"] == "service.unavailable");
  CHECK(first.body["contextId"] == first.header("ININ-Correlation-Id"));
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 503);
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 200);
  CHECK(emu.control("GET", "/emulator/config").body["faults"][0]["count"] == 0);
}

TEST_CASE("fault status 0 drops the connection, and 429 carries Retry-After", "[emulator][controls][faults]") {
  EmulatorProcess emu;
  auto token = emu.token();
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"faults",
                        {{{"path", "/api/v2/eventbridge/topics"}, {"status", 0}, {"count", 1}},
                         {{"path", "/oauth/token"}, {"status", 429}, {"count", 1}}}}})
              .status == 200);
  auto dropped = emu.request("GET", "/api/v2/eventbridge/topics", nullptr, token);
  CHECK(dropped.status == 0);
  CHECK(emu.request("GET", "/api/v2/eventbridge/topics", nullptr, token).status == 200);
  auto c = emu.client();
  c.set_basic_auth("demo-client", "demo-secret");
  auto limited = c.Post("/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK(limited->get_header_value("Retry-After") == "1");
  // The drop is logged once the connection is gone, which may be after the client saw it.
  auto saw_drop = [&] {
    for (const auto& e : emu.control("GET", "/emulator/requests").body)
      if (e["path"] == "/api/v2/eventbridge/topics" && e["status"] == 0) return true;
    return false;
  };
  CHECK(ge::test_support::wait_until(saw_drop, std::chrono::seconds(5)));
}

TEST_CASE("fault latency delays without changing the answer, and rate 0 never fires", "[emulator][controls][faults]") {
  EmulatorProcess emu;
  auto token = emu.token();
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"faults",
                        {{{"path", "/api/v2/events/eventtypes"}, {"status", 500}, {"rate", 0.0}},
                         {{"path", "/api/v2/events/eventtypes"}, {"latencyMs", 300}}}}})
              .status == 200);
  auto start = std::chrono::steady_clock::now();
  auto res = emu.request("GET", "/api/v2/events/eventtypes", nullptr, token);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(res.status == 200);
  CHECK(elapsed >= std::chrono::milliseconds(300));
}

TEST_CASE("fault after handling: the write is made, the answer is an error or a dropped connection",
          "[emulator][controls][faults]") {
  EmulatorProcess emu;
  auto token = emu.token();
  REQUIRE(
      emu.control(
             "PATCH", "/emulator/config",
             {{"faults",
               {{{"path", "/api/v2/events/webhooks"}, {"method", "POST"}, {"status", 0}, {"after", true}, {"count", 1}},
                {{"path", "/api/v2/events/webhooks"},
                 {"method", "POST"},
                 {"status", 503},
                 {"after", true},
                 {"count", 1}}}}})
          .status == 200);
  CHECK(emu.control("GET", "/emulator/config").body["faults"][0]["after"] == true);
  auto first = webhook_body("lost-answer");
  CHECK(emu.request("POST", "/api/v2/events/webhooks", &first, token).status == 0);
  auto second = webhook_body("error-answer");
  auto failed = emu.request("POST", "/api/v2/events/webhooks", &second, token);
  CHECK(failed.status == 503);
  CHECK(failed.body["code"] == "service.unavailable");
  // Both creates happened: the client was told otherwise.
  auto list = emu.get("/api/v2/events/webhooks").body;
  REQUIRE(list["total"] == 2);
  CHECK(list["entities"][0]["name"] == "lost-answer");
  CHECK(list["entities"][1]["name"] == "error-answer");
  // Repeating the POST meets the committed object.
  CHECK(emu.request("POST", "/api/v2/events/webhooks", &first, token).body["code"] == "duplicate.name");
  auto log = emu.control("GET", "/emulator/requests").body;
  int dropped = 0;
  for (const auto& e : log) dropped += e["path"] == "/api/v2/events/webhooks" && e["status"] == 0;
  CHECK(dropped == 1);
  CHECK(only_field(emu.control("PATCH", "/emulator/config", {{"faults", {{{"path", "/x"}, {"after", "yes"}}}}}).body) ==
        "faults[0].after");
}

TEST_CASE("revoking without a client id invalidates every token", "[emulator][controls]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("POST", "/emulator/clients",
                      {{"clientId", "other"}, {"clientSecret", "s"}, {"scopes", {"event:webhook:read"}}})
              .status == 201);
  auto mine = emu.token();
  auto theirs = emu.token("other", "s");
  auto revoked = emu.control("POST", "/emulator/tokens/revoke");
  REQUIRE(revoked.status == 200);
  CHECK(revoked.body["revoked"] == 2);
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, mine).status == 401);
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, theirs).status == 401);
  CHECK(emu.control("GET", "/emulator/nothing").status == 404);
}

TEST_CASE("the clock advances by request: tokens expire without waiting", "[emulator][controls]") {
  EmulatorProcess emu;
  auto token = emu.token();  // the default lifetime: 86400 s
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 200);
  auto first = emu.control("POST", "/emulator/clock/advance", {{"ms", 86400 * 1000 - 60 * 1000}});
  REQUIRE(first.status == 200);
  CHECK(first.body["offsetMs"] == 86400 * 1000 - 60 * 1000);
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 200);  // a minute left
  auto second = emu.control("POST", "/emulator/clock/advance", {{"ms", 60 * 1000}});
  REQUIRE(second.status == 200);
  CHECK(second.body["offsetMs"] == 86400 * 1000);  // steps add up
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 401);
  // A token minted now lives its whole lifetime from the advanced clock.
  CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, emu.token()).status == 200);

  // Reset keeps the clock: it never goes back.
  REQUIRE(emu.control("POST", "/emulator/reset").status == 204);
  CHECK(emu.control("POST", "/emulator/clock/advance", {{"ms", 0}}).body["offsetMs"] == 86400 * 1000);

  for (const auto& bad : {nlohmann::json::object(), nlohmann::json{{"ms", -1}}, nlohmann::json{{"ms", "10"}},
                          nlohmann::json{{"ms", 1.5}}}) {
    auto refused = emu.control("POST", "/emulator/clock/advance", bad);
    INFO(bad.dump() << " -> " << refused.raw);
    CHECK(refused.status == 400);
    CHECK(only_field(refused.body) == "ms");
  }
  CHECK(emu.control("POST", "/emulator/clock/advance").status == 400);  // no body
}
