// Batched reads (docs/design/batched-reads.md) with the real CLI: a refresh of many webhooks
// costs three single GETs and one listing instead of a GET each, and still detects drift and
// remote deletes.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <memory>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

TEST_CASE("batched reads: a refresh of 150 webhooks lists them and still sees drift and remote deletes",
          "[batched_reads]") {
  Emulator emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 100000}}).status == 200);
  Workspace ws;
  ws.use_emulator(emu, "  requests_per_minute = 100000\n");
  ws.write("main.tf",
           "resource \"genesysevents_webhook\" \"w\" {\n"
           "  count           = 150\n"
           "  name            = \"batched-${count.index}\"\n"
           "  destination_url = \"https://hooks.example.com/batched\"\n"
           "}\n");
  ws.init();
  auto r = ws.apply({"-parallelism=20"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);

  const std::string base = "/api/v2/events/webhooks";
  auto webhooks = emu.list(base);
  REQUIRE(webhooks.size() == 150);
  // One changed and one deleted behind the CLI's back.
  json changed = webhooks[7];
  changed["destinationUrl"] = "https://hooks.example.com/elsewhere";
  REQUIRE(emu.api("PUT", base + "/" + changed["id"].get<std::string>(), changed).status == 200);
  REQUIRE(emu.api("DELETE", base + "/" + webhooks[11]["id"].get<std::string>()).status == 204);

  const int64_t seq = emu.last_request_seq();
  auto plan = ws.run({"plan", "-no-color", "-parallelism=10"});
  INFO(plan.all());
  REQUIRE(plan.exit_code == 0);
  CHECK(plan.out.find("1 to add, 1 to change, 0 to destroy") != std::string::npos);
  CHECK(plan.out.find("https://hooks.example.com/elsewhere") != std::string::npos);
  int single_gets = 0, listings = 0, others = 0;
  for (const auto& request : emu.api_requests_since(seq)) {
    const std::string path = request.value("path", "");
    if (request.value("method", "") != "GET") ++others;
    else if (path == base) ++listings;
    else if (path.rfind(base + "/", 0) == 0) ++single_gets;
    else ++others;
  }
  INFO("single GETs " << single_gets << ", list pages " << listings);
  CHECK(listings == 2);          // 149 webhooks: two pages of 100, once
  CHECK(single_gets <= 3 + 1);   // the first three, and the deleted one confirmed by its own GET
  CHECK(others == 0);

  r = ws.apply({"-parallelism=20"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(ws.plan_exit_code() == 0);
}

// Targets and integrations need a second endpoint each (a target's /verify, an integration's
// config/current); their listings carry it (`expand`), so a refresh is still a few list pages.
TEST_CASE("batched reads: targets and integrations refresh from listings that carry their verification and configuration",
          "[batched_reads][asan]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 100000}}).status == 200);
  Workspace ws;
  ws.use_emulator(emu, "  requests_per_minute = 100000\n");
  ws.write("main.tf",
           "resource \"genesysevents_eventbridge_target\" \"t\" {\n"
           "  count        = 12\n"
           "  name         = \"batched-t-${count.index}\"\n"
           "  endpoint_url = \"" + receiver.url("/events") + "\"\n"
           "  event_types  = [\"CONVERSATION_STARTED\"]\n"
           "}\n"
           "resource \"genesysevents_eventbridge_integration\" \"i\" {\n"
           "  count               = 12\n"
           "  name                = \"batched-i-${count.index}\"\n"
           "  aws_account_id      = \"123456789012\"\n"
           "  aws_region          = \"us-east-1\"\n"
           "  event_source_suffix = \"batched-${count.index}\"\n"
           "  topic_filters       = [\"v2.users.{id}.presence\"]\n"
           "}\n");
  ws.init();
  auto r = ws.apply({"-parallelism=12"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);

  const std::string targets = "/api/v2/integrations/eventbridge/targets";
  const std::string integrations = "/api/v2/integrations";
  // Behind the CLI's back: a target's endpoint and an integration's filters changed, and one
  // target deleted.
  auto target_list = emu.list(targets);
  REQUIRE(target_list.size() == 12);
  json changed = target_list[3];
  changed["endpointUrl"] = receiver.url("/elsewhere");
  REQUIRE(emu.api("PUT", targets + "/" + changed["id"].get<std::string>(), changed).status == 200);
  REQUIRE(emu.api("DELETE", targets + "/" + target_list[5]["id"].get<std::string>()).status == 204);
  const std::string integration_id =
      emu.api("GET", integrations + "?integrationType=amazon-eventbridge-source&pageSize=100").body["entities"][4]["id"];
  json config = emu.api("GET", integrations + "/" + integration_id + "/config/current").body;
  config["properties"]["eventFilter"] = json({"v2.detail.events.conversation.{id}.customer.end"});
  REQUIRE(emu.api("PUT", integrations + "/" + integration_id + "/config/current", config).status == 200);

  const int64_t seq = emu.last_request_seq();
  auto plan = ws.run({"plan", "-no-color", "-parallelism=10"});
  INFO(plan.all());
  REQUIRE(plan.exit_code == 0);
  CHECK(plan.out.find("1 to add, 2 to change, 0 to destroy") != std::string::npos);
  CHECK(plan.out.find(receiver.url("/elsewhere")) != std::string::npos);
  CHECK(plan.out.find("v2.detail.events.conversation.{id}.customer.end") != std::string::npos);
  int target_pages = 0, verifications = 0, target_gets = 0, integration_pages = 0, configs = 0, integration_gets = 0;
  for (const auto& request : emu.api_requests_since(seq)) {
    const std::string path = request.value("path", "");
    if (request.value("method", "") != "GET") continue;
    if (path == targets) ++target_pages;
    else if (path.rfind(targets + "/", 0) == 0) ++(path.size() > 7 && path.substr(path.size() - 7) == "/verify" ? verifications : target_gets);
    else if (path == integrations) ++integration_pages;
    else if (path.rfind(integrations + "/", 0) == 0) ++(path.find("/config/") != std::string::npos ? configs : integration_gets);
  }
  INFO("targets: " << target_pages << " pages, " << target_gets << " GETs, " << verifications
                   << " verifications; integrations: " << integration_pages << " pages, " << integration_gets
                   << " GETs, " << configs << " configurations");
  CHECK(target_pages == 1);
  CHECK(target_gets <= 3 + 1);    // the first three, and the deleted one confirmed by its own GET
  CHECK(verifications <= 3);      // only the single reads ask /verify
  CHECK(integration_pages == 1);  // plus the hook's cached organization and topics, not counted here
  CHECK(integration_gets <= 3);
  CHECK(configs <= 3);

  r = ws.apply({"-parallelism=12"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(ws.plan_exit_code() == 0);
}

// Several runs share one organization's budget (issue 12): each provider paces itself by the
// platform's inin-ratelimit-* answers and retries 429s after Retry-After (core/rest/rate_limiter.h),
// so four concurrent applies converge without a failure. The pacing is the plugin's, the same
// under every CLI, so this long case (over a minute of rate limit) runs with OpenTofu only.
TEST_CASE("four concurrent applies of 100 webhooks each share 300 requests a minute without failures",
          "[batched_reads][rate_limit][serial]") {
  if (std::string(std::getenv("GENESYSEVENTS_E2E_CLI") ? std::getenv("GENESYSEVENTS_E2E_CLI") : "tofu") != "tofu") {
    WARN("skipped: the provider's pacing does not depend on the CLI, so this case runs with OpenTofu only");
    return;
  }
  Emulator emu;
  // One budget for the four runs (they use one OAuth client), as on a shared organization.
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 300}, {"rateLimitScope", "client"}})
              .status == 200);
  std::vector<std::unique_ptr<Workspace>> runs;
  std::vector<int> pids;
  for (int run = 0; run < 4; ++run) {
    runs.push_back(std::make_unique<Workspace>());
    Workspace& ws = *runs.back();
    ws.use_emulator(emu);
    ws.write("main.tf",
             "resource \"genesysevents_webhook\" \"w\" {\n"
             "  count           = 100\n"
             "  name            = \"run" + std::to_string(run) + "-${count.index}\"\n"
             "  destination_url = \"https://hooks.example.com/shared\"\n"
             "}\n");
    ws.init();
  }
  for (auto& ws : runs) pids.push_back(ws->start({"apply", "-auto-approve", "-no-color"}));
  for (size_t run = 0; run < runs.size(); ++run) {
    auto r = runs[run]->finish(pids[run], std::chrono::seconds(600));
    INFO("run " << run << "\n" << r.all());
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("100 added") != std::string::npos);
  }
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 100000}}).status == 200);
  CHECK(emu.list("/api/v2/events/webhooks").size() == 400);
  // They met the shared budget: some requests were refused with 429 and retried.
  int throttled = 0;
  for (const auto& request : emu.api_requests_since(0)) throttled += request.value("status", 0) == 429;
  CHECK(throttled > 0);
}
