// --data FILE: every object keeps its id, fields and version across a restart.
#include "bodies.h"
#include "support/emulator_process.h"
#include "support/receiver.h"
#include "support/temp_dir.h"
#include "support/tls_files.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

TEST_CASE("objects and versions survive a restart with --data", "[emulator][persistence]") {
  TempDir dir("genesys-emulator-data");  // removed with the database's -wal and -shm files
  const std::string data = (dir.path() / "emulator.db").string();
  std::vector<std::string> args = {"--data", data, "--ca-file", process_tls_files().ca_file()};
  Receiver receiver{process_tls_files()};

  nlohmann::json webhook, subscription, eb, target, destination, source, topic;
  std::string token;
  {
    EmulatorProcess emu(args);
    emu.control("PATCH", "/emulator/config", {{"jobDurationMs", 50}});
    auto hook = webhook_body("w", "https://hooks.example");
    hook["signingKey"] = "0123456789abcdef";
    webhook = emu.post("/api/v2/events/webhooks", hook).body;
    hook["version"] = 1;
    hook["description"] = "second";
    webhook = emu.put("/api/v2/events/webhooks/" + webhook["id"].get<std::string>(), hook).body;
    REQUIRE(webhook["version"] == 2);
    subscription = emu.post("/api/v2/events/subscriptions", subscription_body("s", webhook["id"])).body;
    eb = emu.post("/api/v2/events/eventbridgesubscriptions", eb_subscription_body("e")).body;
    destination = emu.post("/api/v2/integrations/destinations", destination_body("d")).body;
    target = emu.post("/api/v2/integrations/eventbridge/targets", target_body("t", receiver.url())).body;
    target = emu.wait_for("/api/v2/integrations/eventbridge/targets/" + target["id"].get<std::string>(), "status",
                          {"VERIFIED"});
    auto accepted = emu.post("/api/v2/eventbridge/sources", source_body("src", target["id"])).body;
    emu.wait_for("/api/v2/asyncapi/jobs/" + accepted["jobId"].get<std::string>(), "status", {"completed"});
    source = emu.get("/api/v2/eventbridge/sources/" + accepted["sourceId"].get<std::string>()).body;
    REQUIRE(emu.control("PATCH", "/emulator/topics/legacy-events", {{"status", "active"}}).status == 200);
    token = emu.token();
    REQUIRE(emu.stop() == 0);
  }
  {
    EmulatorProcess emu(args);
    auto same = [&](const std::string& path, const nlohmann::json& before) {
      auto after = emu.get(path + "/" + before["id"].get<std::string>());
      INFO(path);
      REQUIRE(after.status == 200);
      CHECK(after.body == before);
    };
    same("/api/v2/events/webhooks", webhook);
    same("/api/v2/events/subscriptions", subscription);
    same("/api/v2/events/eventbridgesubscriptions", eb);
    same("/api/v2/integrations/destinations", destination);
    same("/api/v2/integrations/eventbridge/targets", target);
    same("/api/v2/eventbridge/sources", source);
    CHECK(emu.get("/api/v2/eventbridge/topics/legacy-events").body["status"] == "active");
    // Issued tokens stay valid, and the name index was rebuilt.
    CHECK(emu.request("GET", "/api/v2/events/webhooks", nullptr, token).status == 200);
    CHECK(emu.post("/api/v2/events/webhooks", webhook_body("W")).status == 409);
    auto hook = webhook_body("w", "https://hooks.example");
    hook["version"] = 2;
    auto third = emu.put("/api/v2/events/webhooks/" + webhook["id"].get<std::string>(), hook);
    CHECK(third.body["version"] == 3);
    // New objects sort after the persisted ones.
    REQUIRE(emu.post("/api/v2/events/webhooks", webhook_body("later")).status == 201);
    auto list = emu.get("/api/v2/events/webhooks").body;
    CHECK(list["entities"][1]["name"] == "later");
  }
}

TEST_CASE("pending verifications and jobs resume after a restart", "[emulator][persistence]") {
  TempDir dir("genesys-emulator-data");  // removed with the database's -wal and -shm files
  const std::string data = (dir.path() / "emulator.db").string();
  std::vector<std::string> args = {"--data", data, "--ca-file", process_tls_files().ca_file()};
  Receiver receiver{process_tls_files()};
  std::string pending_target, verified_target, job_id;
  {
    EmulatorProcess emu(args);
    emu.control("PATCH", "/emulator/config", {{"verificationDelayMs", 10}});
    verified_target = emu.post("/api/v2/integrations/eventbridge/targets", target_body("v", receiver.url()))
                          .body["id"]
                          .get<std::string>();
    REQUIRE(emu.wait_for("/api/v2/integrations/eventbridge/targets/" + verified_target, "status",
                         {"VERIFIED"})["status"] == "VERIFIED");
    emu.control("PATCH", "/emulator/config", {{"verificationDelayMs", 60000}, {"jobDurationMs", 60000}});
    pending_target = emu.post("/api/v2/integrations/eventbridge/targets", target_body("p", receiver.url()))
                         .body["id"]
                         .get<std::string>();
    job_id =
        emu.post("/api/v2/eventbridge/sources", source_body("src", verified_target)).body["jobId"].get<std::string>();
    REQUIRE(emu.stop() == 0);
  }
  {
    // Config is not persisted: the restarted emulator uses the short defaults.
    EmulatorProcess emu(args);
    CHECK(emu.wait_for("/api/v2/integrations/eventbridge/targets/" + pending_target, "status",
                       {"VERIFIED"})["status"] == "VERIFIED");
    CHECK(emu.wait_for("/api/v2/asyncapi/jobs/" + job_id, "status", {"completed", "failed"})["status"] == "completed");
  }
}

TEST_CASE("integrations keep their configuration and finish a pending activation after a restart",
          "[emulator][persistence][integrations]") {
  TempDir dir("genesys-emulator-data");  // removed with the database's -wal and -shm files
  const std::string data = (dir.path() / "emulator.db").string();
  const std::string base = "/api/v2/integrations";
  nlohmann::json integration, configuration;
  {
    EmulatorProcess emu({"--data", data});
    REQUIRE(emu.control("PATCH", "/emulator/config", {{"integrationStateDelayMs", 60000}}).status == 200);
    auto id = emu.post(base, {{"name", "kept"}, {"integrationType", {{"id", "amazon-eventbridge-source"}}}})
                  .body["id"]
                  .get<std::string>();
    nlohmann::json properties = {{"awsAccountId", "123456789012"},
                                 {"awsAccountRegion", "eu-west-1"},
                                 {"eventSourceSuffix", "kept"},
                                 {"eventFilter", {"v2.users.{id}.presence"}}};
    configuration = emu.put(base + "/" + id + "/config/current", {{"name", "kept"},
                                                                  {"version", 1},
                                                                  {"properties", properties},
                                                                  {"advanced", nlohmann::json::object()},
                                                                  {"notes", "n"},
                                                                  {"credentials", nlohmann::json::object()}})
                        .body;
    REQUIRE(configuration["version"] == 2);
    integration = emu.patch(base + "/" + id, {{"intendedState", "ENABLED"}}).body;
    REQUIRE(integration["reportedState"]["code"] == "ACTIVATING");
    REQUIRE(emu.stop() == 0);
  }
  {
    // Config is not persisted: the restarted emulator uses the short default delay.
    EmulatorProcess emu({"--data", data});
    std::string path = base + "/" + integration["id"].get<std::string>();
    CHECK(emu.get(path + "/config/current").body == configuration);
    nlohmann::json read;
    for (int i = 0; i < 250 && read["reportedState"]["code"] != "ACTIVE"; ++i) {
      read = emu.get(path).body;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(read["reportedState"]["code"] == "ACTIVE");
    CHECK(read["version"] == integration["version"]);
    CHECK(emu.get(base).body["total"] == 2);  // and the seeded one, once
  }
}
