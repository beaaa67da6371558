// Batched reads (read_batcher.h) against an in-process collection of 250 objects served in
// pages of 100 (docs/reference/api-contract.md "Paging").
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <stdexcept>
#include <mutex>
#include <thread>
#include <vector>

#include "mapping/engine_test_support.h"
#include "mapping/read_batcher.h"
#include "support/http_server.h"

using namespace ge::mapping;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

using ge::mapping::testing::schema_from;

const char* kPlain = R"({"type_name": "genesysevents_plain", "description": "P.", "import": "Id.",
  "api": {"collection_path": "/p", "item_path": "/p/{id}"},
  "attributes": {"id": {"type": "string", "computed": true, "api": "id", "description": "Id."}}})";

const char* kWithReadAlso = R"({"type_name": "genesysevents_verified", "description": "V.", "import": "Id.",
  "api": {"collection_path": "/p", "item_path": "/p/{id}", "read_also": [{"path": "/p/{id}/verify", "as": "v"}]},
  "attributes": {"id": {"type": "string", "computed": true, "api": "id", "description": "Id."}}})";

// Its listing carries the /verify answer when asked (`expand=verification`), and the collection
// holds other kinds too (`list_query`, `object_match`).
const char* kExpandable = R"({"type_name": "genesysevents_expandable", "description": "E.", "import": "Id.",
  "api": {"collection_path": "/p", "item_path": "/p/{id}", "list_query": {"kind": "a"}, "object_match": {"kind": "a"},
          "read_also": [{"path": "/p/{id}/verify", "as": "v",
                         "in_listing": {"query": {"expand": "verification"}, "field": "expanded.verification"}}]},
  "attributes": {"id": {"type": "string", "computed": true, "api": "id", "description": "Id."}}})";

struct Collection {
  ge::test_support::TestServer server;
  std::atomic<int> pages{0};
  std::atomic<bool> fail{false};
  int size = 250;
  std::mutex mu;
  std::string last_query;  // of the last page request: "kind=a&expand=verification"
  Collection() {
    server.http().Get("/p", [this](const httplib::Request& req, httplib::Response& res) {
      ++pages;
      {
        std::lock_guard lock(mu);
        last_query = "kind=" + req.get_param_value("kind") + "&expand=" + req.get_param_value("expand");
      }
      std::this_thread::sleep_for(20ms);  // long enough for concurrent readers to pile up
      if (fail) {
        res.status = 500;
        res.set_content(R"({"status":500,"code":"internal.server.error","message":"down"})", "application/json");
        return;
      }
      const int page = std::stoi(req.get_param_value("pageNumber"));
      const int page_count = (size + 99) / 100;
      json entities = json::array();
      for (int i = (page - 1) * 100; i < std::min(size, page * 100); ++i) {
        json entity = {
            {"id", "o-" + std::to_string(i)}, {"name", "n" + std::to_string(i)}, {"kind", i == 6 ? "b" : "a"}};
        // o-5: the server left out its expansion.
        if (req.get_param_value("expand") == "verification" && i != 5) {
          entity["expanded"] = {{"verification", {{"status", "VERIFIED"}, {"n", i}}}};
        }
        entities.push_back(std::move(entity));
      }
      res.set_content(
          json({{"entities", entities}, {"pageNumber", page}, {"pageSize", 100}, {"pageCount", page_count}}).dump(),
          "application/json");
    });
    server.start();
  }
};

ge::rest::Client client_for(Collection& c) {
  auto config = ge::mapping::testing::fake_api_client_config(c.server.url());
  config.max_retries = 0;
  return ge::rest::Client(config, nullptr);
}

}  // namespace

TEST_CASE("batched reads: the first reads of a type are single GETs, the rest come from one listing") {
  Collection c;
  auto client = client_for(c);
  ReadBatcher batcher(3);
  for (int i = 0; i < 3; ++i) CHECK_FALSE(batcher.lookup(schema_from(kPlain), client, "o-" + std::to_string(i)));
  CHECK(c.pages == 0);
  for (int i = 3; i < 250; ++i) {
    auto object = batcher.lookup(schema_from(kPlain), client, "o-" + std::to_string(i));
    REQUIRE(object);
    CHECK((*object)["name"] == "n" + std::to_string(i));
  }
  CHECK(c.pages == 3);  // 250 objects: three pages, once
  // Not in the listing: a single GET confirms before the object leaves state.
  CHECK_FALSE(batcher.lookup(schema_from(kPlain), client, "o-9999"));
  // Written in this process: read again on its own.
  batcher.forget("genesysevents_plain", "o-10");
  CHECK_FALSE(batcher.lookup(schema_from(kPlain), client, "o-10"));
  CHECK(c.pages == 3);
}

TEST_CASE("batched reads: concurrent readers share one listing") {
  Collection c;
  auto client = client_for(c);
  ReadBatcher batcher(0);
  std::atomic<int> served{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 10; ++t) {
    readers.emplace_back([&, t] {
      for (int i = t; i < 250; i += 10) {
        if (batcher.lookup(schema_from(kPlain), client, "o-" + std::to_string(i))) ++served;
      }
    });
  }
  for (auto& r : readers) r.join();
  CHECK(served == 250);
  CHECK(c.pages == 3);
}

TEST_CASE("batched reads: a listing older than the bound is taken again") {
  Collection c;
  auto client = client_for(c);
  ReadBatcher batcher(0, 50ms);
  CHECK(batcher.lookup(schema_from(kPlain), client, "o-1"));
  CHECK(c.pages == 3);
  // Kept on purpose: the listing's age is real time (the batcher has no clock to step), and
  // sleeping past the bound can only make it older.
  std::this_thread::sleep_for(80ms);
  CHECK(batcher.lookup(schema_from(kPlain), client, "o-2"));
  CHECK(c.pages == 6);
}

TEST_CASE("batched reads: a failed listing falls back to single GETs for the rest of the process") {
  Collection c;
  c.fail = true;
  auto client = client_for(c);
  ReadBatcher batcher(0);
  CHECK_FALSE(batcher.lookup(schema_from(kPlain), client, "o-1"));
  CHECK_FALSE(batcher.lookup(schema_from(kPlain), client, "o-2"));
  CHECK(c.pages == 1);
}

TEST_CASE("batched reads: a type whose state needs another endpoint is never batched") {
  Collection c;
  auto client = client_for(c);
  ReadBatcher batcher(0);
  CHECK_FALSE(ReadBatcher::batchable(schema_from(kWithReadAlso)));
  CHECK_FALSE(batcher.lookup(schema_from(kWithReadAlso), client, "o-1"));
  CHECK(c.pages == 0);
}

TEST_CASE("batched reads: a listing that carries the other endpoint's answer serves reads shaped like a single GET") {
  Collection c;
  auto client = client_for(c);
  ReadBatcher batcher(0);
  const auto& schema = schema_from(kExpandable);
  CHECK(ReadBatcher::batchable(schema));
  auto object = batcher.lookup(schema, client, "o-7");
  REQUIRE(object);
  {
    std::lock_guard lock(c.mu);
    CHECK(c.last_query == "kind=a&expand=verification");
  }
  // The answer sits under the read_also's `as`, as ResourceEngine::fetch puts a /verify answer.
  CHECK((*object)["v"] == json({{"status", "VERIFIED"}, {"n", 7}}));
  // Without its expansion, or of another kind: read with its own GET.
  CHECK_FALSE(batcher.lookup(schema, client, "o-5"));
  CHECK_FALSE(batcher.lookup(schema, client, "o-6"));
  CHECK(batcher.lookup(schema, client, "o-249"));
  CHECK(c.pages == 3);
}

TEST_CASE("batched reads: a listing that throws leaves no reader waiting for it") {
  Collection c;
  auto client = client_for(c);
  std::atomic<int> listings{0};
  ReadBatcher batcher(0, 30s, [&](const ge::schema::ResourceSchema& schema, ge::rest::Client& cl) {
    if (listings++ == 0) throw std::runtime_error("listing blew up");
    return cl.list_all(schema.api.collection_path);
  });
  CHECK_THROWS_WITH(batcher.lookup(schema_from(kPlain), client, "o-1"), "listing blew up");
  // The next reader takes the listing itself instead of waiting forever for the one that threw.
  auto done = std::make_shared<std::promise<bool>>();
  auto answered = done->get_future();
  std::thread([&batcher, &client, done] {
    done->set_value(batcher.lookup(schema_from(kPlain), client, "o-2").has_value());
  }).detach();
  REQUIRE(answered.wait_for(5s) == std::future_status::ready);
  CHECK(answered.get());
  CHECK(listings == 2);
}
