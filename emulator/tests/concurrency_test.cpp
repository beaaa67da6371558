// Many clients at once: no lost updates, no duplicate objects, one winner per name.
#include "bodies.h"
#include "support/emulator_process.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

TEST_CASE("16 threads creating, updating and reading lose nothing", "[emulator][concurrency]") {
  EmulatorProcess emu;
  REQUIRE(emu.control("PATCH", "/emulator/config", {{"rateLimitPerMinute", 1000000}}).status == 200);
  auto token = emu.token();
  constexpr int kThreads = 16;
  constexpr int kPerThread = 10;
  std::atomic<int> failures{0};
  std::mutex ids_mutex;
  std::vector<std::string> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto body = webhook_body("hook-" + std::to_string(t) + "-" + std::to_string(i));
        auto created = emu.request("POST", "/api/v2/events/webhooks", &body, token);
        if (created.status != 201) {
          ++failures;
          continue;
        }
        std::string path = "/api/v2/events/webhooks/" + created.body["id"].get<std::string>();
        body["version"] = 1;
        body["description"] = "updated";
        if (emu.request("PUT", path, &body, token).status != 200) ++failures;
        auto read = emu.request("GET", path, nullptr, token);
        if (read.status != 200 || read.body["version"] != 2 || read.body["description"] != "updated") ++failures;
        std::lock_guard lock(ids_mutex);
        ids.push_back(created.body["id"].get<std::string>());
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == kThreads * kPerThread);
  auto page = emu.get("/api/v2/events/webhooks?pageSize=1").body;
  CHECK(page["total"] == kThreads * kPerThread);
}

TEST_CASE("concurrent creates of one name and updates of one version have one winner", "[emulator][concurrency]") {
  EmulatorProcess emu;
  auto token = emu.token();
  std::atomic<int> created{0}, conflicts{0};
  std::mutex statuses_mutex;
  std::vector<std::string> statuses;
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      auto body = webhook_body(t % 2 ? "SAME" : "same");
      auto res = emu.request("POST", "/api/v2/events/webhooks", &body, token);
      if (res.status == 201) ++created;
      if (res.status == 409 && res.body["code"] == "duplicate.name") ++conflicts;
      std::lock_guard lock(statuses_mutex);
      statuses.push_back(std::to_string(res.status) + " " + res.raw);
    });
  }
  for (auto& th : threads) th.join();
  INFO("answers: " << nlohmann::json(statuses).dump());
  CHECK(created == 1);
  CHECK(conflicts == 15);

  auto id = emu.get("/api/v2/events/webhooks").body["entities"][0]["id"].get<std::string>();
  std::atomic<int> updated{0}, mismatched{0};
  threads.clear();
  statuses.clear();
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      auto body = webhook_body("same");
      body["version"] = 1;
      body["description"] = "writer " + std::to_string(t);
      auto res = emu.request("PUT", "/api/v2/events/webhooks/" + id, &body, token);
      if (res.status == 200) ++updated;
      if (res.status == 409 && res.body["code"] == "version.mismatch") ++mismatched;
      std::lock_guard lock(statuses_mutex);
      statuses.push_back(std::to_string(res.status) + " " + res.raw);
    });
  }
  for (auto& th : threads) th.join();
  INFO("answers: " << nlohmann::json(statuses).dump());
  CHECK(updated == 1);
  CHECK(mismatched == 15);
}
