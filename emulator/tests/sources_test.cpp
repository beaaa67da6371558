// EventBridge sources and their asynchronous jobs (docs/reference/api-contract.md "EventBridge sources").
#include "bodies.h"
#include "support/emulator_process.h"
#include "support/receiver.h"
#include "support/tls_files.h"

#include <catch2/catch.hpp>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

namespace {

const std::string kBase = "/api/v2/eventbridge/sources";
const std::string kTargets = "/api/v2/integrations/eventbridge/targets";

struct Setup {
  Receiver receiver{process_tls_files()};
  EmulatorProcess emu{{"--ca-file", process_tls_files().ca_file()}};
  std::string target_id;

  Setup() {
    emu.control("PATCH", "/emulator/config", {{"jobDurationMs", 100}, {"verificationDelayMs", 10}});
    target_id = verified_target("t");
  }
  std::string verified_target(const std::string& name) {
    auto id = emu.post(kTargets, target_body(name, receiver.url())).body["id"].get<std::string>();
    emu.wait_for(kTargets + "/" + id, "status", {"VERIFIED"});
    return id;
  }
  nlohmann::json wait_job(const std::string& job_id) {
    return emu.wait_for("/api/v2/asyncapi/jobs/" + job_id, "status", {"completed", "failed"});
  }
};

}  // namespace

TEST_CASE("source create is a 202 job that provisions, then completes", "[emulator][sources]") {
  Setup s;
  auto body = source_body("src", s.target_id);
  body["filters"] = {{{"name", "f"}, {"conditions", {{{"field", "queue"}, {"operator", "equals"}, {"value", "vip"}}}}}};
  auto accepted = s.emu.post(kBase, body);
  REQUIRE(accepted.status == 202);
  CHECK(accepted.body["status"] == "queued");
  std::string job_id = accepted.body["jobId"].get<std::string>();
  std::string source_id = accepted.body["sourceId"].get<std::string>();
  CHECK(accepted.body["selfUri"] == "/api/v2/asyncapi/jobs/" + job_id);

  auto pending = s.emu.get(kBase + "/" + source_id);
  REQUIRE(pending.status == 200);
  CHECK(pending.body["status"] == "provisioning");
  CHECK(pending.body["sourceType"] == "eventbridge");
  CHECK(pending.body["filters"][0]["action"] == "route");

  auto job = s.wait_job(job_id);
  CHECK(job["status"] == "completed");
  CHECK(job["id"] == job_id);
  CHECK(job["resourceId"] == source_id);
  CHECK(job["type"] == "create");
  CHECK(job["error"].is_null());
  CHECK(job["dateCreated"].is_string());
  CHECK(job["dateCompleted"].is_string());
  auto done = s.emu.get(kBase + "/" + source_id).body;
  CHECK(done["status"] == "active");
  CHECK(done["version"] == 1);
  CHECK(s.emu.get("/api/v2/asyncapi/jobs/nope").status == 404);
}

TEST_CASE("jobs pass through running", "[emulator][sources]") {
  Setup s;
  s.emu.control("PATCH", "/emulator/config", {{"jobDurationMs", 600}});
  auto job_id = s.emu.post(kBase, source_body("src", s.target_id)).body["jobId"].get<std::string>();
  auto running = s.emu.wait_for("/api/v2/asyncapi/jobs/" + job_id, "status", {"running"}, 2000);
  CHECK(running["status"] == "running");
  CHECK(s.wait_job(job_id)["status"] == "completed");
}

TEST_CASE("draft sources settle as draft, and PUT and DELETE are jobs too", "[emulator][sources]") {
  Setup s;
  auto body = source_body("src", s.target_id);
  body["status"] = "draft";
  auto accepted = s.emu.post(kBase, body).body;
  std::string path = kBase + "/" + accepted["sourceId"].get<std::string>();
  s.wait_job(accepted["jobId"]);
  CHECK(s.emu.get(path).body["status"] == "draft");

  body["status"] = "active";
  body["version"] = 3;
  CHECK(s.emu.put(path, body).body["code"] == "version.mismatch");
  body["version"] = 1;
  auto update = s.emu.put(path, body);
  REQUIRE(update.status == 202);
  CHECK_FALSE(update.body.contains("sourceId"));
  CHECK(s.emu.get(path).body["status"] == "provisioning");
  CHECK(s.wait_job(update.body["jobId"])["type"] == "update");
  auto updated = s.emu.get(path).body;
  CHECK(updated["status"] == "active");
  CHECK(updated["version"] == 2);

  auto removal = s.emu.del(path);
  REQUIRE(removal.status == 202);
  CHECK(s.wait_job(removal.body["jobId"])["status"] == "completed");
  CHECK(s.emu.get(path).status == 404);
  CHECK(s.emu.del(path).status == 404);
}

TEST_CASE("reference errors fail the job and leave a failed source", "[emulator][sources]") {
  Setup s;
  auto inactive = s.emu.post(kBase, source_body("inactive", s.target_id, "legacy-events")).body;
  auto job = s.wait_job(inactive["jobId"]);
  CHECK(job["status"] == "failed");
  CHECK(job["error"]["code"] == "topic.not.active");
  CHECK(job["error"]["message"].is_string());
  CHECK(s.emu.get(kBase + "/" + inactive["sourceId"].get<std::string>()).body["status"] == "failed");

  auto missing_topic = s.emu.post(kBase, source_body("missing", s.target_id, "no-such-topic")).body;
  CHECK(s.wait_job(missing_topic["jobId"])["error"]["code"] == "topic.not.active");

  Receiver failing{process_tls_files()};
  failing.set_status(500);
  auto bad_target = s.emu.post(kTargets, target_body("bad", failing.url())).body["id"].get<std::string>();
  s.emu.wait_for(kTargets + "/" + bad_target, "status", {"FAILED"});
  auto unverified = s.emu.post(kBase, source_body("unverified", bad_target)).body;
  CHECK(s.wait_job(unverified["jobId"])["error"]["code"] == "target.not.verified");
  auto ghost = s.emu.post(kBase, source_body("ghost", "no-such-target")).body;
  CHECK(s.wait_job(ghost["jobId"])["error"]["code"] == "target.not.verified");

  // The failed source exists and is deleted like any other.
  auto removal = s.emu.del(kBase + "/" + inactive["sourceId"].get<std::string>());
  REQUIRE(removal.status == 202);
  CHECK(s.wait_job(removal.body["jobId"])["status"] == "completed");
}

TEST_CASE("source shape errors are 400 at once", "[emulator][sources]") {
  Setup s;
  auto field = [&](nlohmann::json body) {
    auto res = s.emu.post(kBase, body);
    INFO(res.raw);
    REQUIRE(res.status == 400);
    return only_field(res.body);
  };
  auto base = source_body("x", s.target_id);
  auto with = [&](const std::string& key, nlohmann::json value) {
    auto b = base;
    b[key] = std::move(value);
    return b;
  };
  nlohmann::json filter = {{"name", "f"}, {"conditions", nlohmann::json::array()}};
  CHECK(field(with("filters", nlohmann::json::array({filter, filter, filter, filter, filter, filter}))) == "filters");
  nlohmann::json cond = {{"field", "a"}, {"operator", "equals"}, {"value", 1}};
  auto many = filter;
  for (int i = 0; i < 11; ++i) many["conditions"].push_back(cond);
  CHECK(field(with("filters", {many})) == "filters[0].conditions");
  auto bad_op = filter;
  bad_op["conditions"] = {{{"field", "a"}, {"operator", "like"}, {"value", "x"}}};
  CHECK(field(with("filters", {bad_op})) == "filters[0].conditions[0].operator");
  auto bad_value = filter;
  bad_value["conditions"] = {{{"field", "a"}, {"operator", "equals"}, {"value", {1}}}};
  CHECK(field(with("filters", {bad_value})) == "filters[0].conditions[0].value");
  auto bad_action = filter;
  bad_action["action"] = "forward";
  CHECK(field(with("filters", {bad_action})) == "filters[0].action");
  CHECK(field(with("targets", nlohmann::json::array())) == "targets");
  CHECK(field(with("targets", {{{"targetId", "a"}, {"priority", 2}}})) == "targets[0].priority");
  CHECK(field(with("targets", {{{"targetId", "a"}, {"priority", 1}}, {{"targetId", "b"}, {"priority", 1}}})) ==
        "targets[1].priority");
  CHECK(field(with("targets", {{{"targetId", "a"}, {"priority", 1}}, {{"targetId", "a"}, {"priority", 2}}})) ==
        "targets[1].targetId");
  CHECK(field(with("targets", {{{"targetId", "a"}, {"priority", "1"}}})) == "targets[0].priority");
  CHECK(field(with("status", "provisioning")) == "status");
  CHECK(field(with("sourceType", "kafka")) == "sourceType");
  CHECK(field(with("webhookUrl", "http://cb.example")) == "webhookUrl");
  auto no_topic = base;
  no_topic.erase("eventTopicId");
  CHECK(field(no_topic) == "eventTopicId");
  CHECK(s.emu.post(kBase, with("targets", {{{"targetId", "a"}, {"priority", 2}}, {{"targetId", "b"}, {"priority", 1}}}))
            .status == 202);
  CHECK(s.emu.post(kBase, with("name", "X")).status == 409);
}

TEST_CASE("finished jobs call the source's webhookUrl", "[emulator][sources]") {
  Setup s;
  Receiver callbacks{process_tls_files()};
  auto body = source_body("src", s.target_id);
  body["webhookUrl"] = callbacks.url("/callback");
  auto accepted = s.emu.post(kBase, body).body;
  s.wait_job(accepted["jobId"]);
  REQUIRE(callbacks.wait_for(1));
  auto payload = nlohmann::json::parse(callbacks.requests()[0].body);
  CHECK(payload["sourceId"] == accepted["sourceId"]);
  CHECK(payload["jobId"] == accepted["jobId"]);
  CHECK(payload["status"] == "completed");
  CHECK(payload["timestamp"].is_string());
  CHECK(payload["latencySeconds"].is_number());
  CHECK(payload["latencySeconds"].get<double>() >= 0.05);
}

TEST_CASE("a newer change supersedes a pending job", "[emulator][sources]") {
  Setup s;
  s.emu.control("PATCH", "/emulator/config", {{"jobDurationMs", 400}});
  auto body = source_body("src", s.target_id);
  auto accepted = s.emu.post(kBase, body).body;
  std::string path = kBase + "/" + accepted["sourceId"].get<std::string>();
  body["version"] = 1;
  body["status"] = "draft";
  auto update = s.emu.put(path, body);
  REQUIRE(update.status == 202);
  auto first = s.wait_job(accepted["jobId"]);
  CHECK(first["status"] == "failed");
  CHECK(first["error"]["code"] == "job.superseded");
  CHECK(s.wait_job(update.body["jobId"])["status"] == "completed");
  CHECK(s.emu.get(path).body["status"] == "draft");
}

TEST_CASE("unfinished job answers can carry Retry-After", "[emulator][sources]") {
  Setup s;
  s.emu.control("PATCH", "/emulator/config", {{"jobDurationMs", 1000}, {"jobRetryAfterSeconds", 2}});
  auto accepted = s.emu.post(kBase, source_body("src", s.target_id)).body;
  auto pending = s.emu.get("/api/v2/asyncapi/jobs/" + accepted["jobId"].get<std::string>());
  CHECK(pending.header("Retry-After") == "2");
  auto done = s.wait_job(accepted["jobId"]);
  CHECK(done["status"] == "completed");
  CHECK(s.emu.get("/api/v2/asyncapi/jobs/" + accepted["jobId"].get<std::string>()).header("Retry-After").empty());
}
