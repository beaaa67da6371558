// Formatting of the operational outputs: audit lines, the metrics textfile (histograms,
// endpoint templates, accumulation across flushes, recording during a flush), the notification
// body (credential headers masked) and its signature.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <latch>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "mapping/audit_log.h"
#include "mapping/change_notifier.h"
#include "mapping/engine_test_support.h"
#include "mapping/metrics.h"
#include "support/wait.h"

using namespace ge::mapping;
using nlohmann::json;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ge-ops-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

}  // namespace

TEST_CASE("audit line: documented fields, order, nulls and the error of a failure") {
  AuditRecord r;
  r.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764151200123));  // 2025-11-26T10:00:00.123Z
  r.operation = Operation::kCreate;
  r.resource_type = "genesysevents_webhook";
  r.id = "abc";
  r.latency = std::chrono::milliseconds(42);
  r.requests = 2;
  r.retries = 1;
  r.ok = true;
  r.correlation_id = "c-1";
  std::string line = format_audit_line(r);
  CHECK(line ==
        R"({"time":"2025-11-26T10:00:00.123Z","operation":"create","resource_type":"genesysevents_webhook","id":"abc",)"
        R"("latency_ms":42,"requests":2,"retries":1,"outcome":"success","correlation_id":"c-1"})");
  r.ok = false;
  r.id.clear();
  r.correlation_id.clear();
  r.error = "Failed to create genesysevents_webhook";
  json j = json::parse(format_audit_line(r));
  CHECK(j["outcome"] == "error");
  CHECK(j["id"].is_null());
  CHECK(j["correlation_id"].is_null());
  CHECK(j["error"] == "Failed to create genesysevents_webhook");
}

TEST_CASE("audit log appends whole lines from many threads") {
  // Threads append at once, with no lock of the test's. Long lines (a 64 KB error) make interleaved
  // pieces all but certain if append() wrote a line in more than one write without its locks (an
  // append writing 1 KB pieces unlocked failed every run tried). Only the main thread asserts
  // (Catch2's assertions are not thread-safe).
  constexpr int kThreads = 8, kLinesPerThread = 25;
  const std::string long_error(64 * 1024, 'e');
  auto dir = temp_dir();
  AuditLog log((dir / "audit.jsonl").string());
  std::latch start(kThreads);
  std::vector<int> failed_appends(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kLinesPerThread; ++i) {
        AuditRecord r;
        r.operation = Operation::kUpdate;
        r.resource_type = "genesysevents_webhook";
        r.id = std::to_string(t) + "-" + std::to_string(i);
        r.error = long_error;  // written for failures (ok stays false)
        if (!log.append(r).ok()) ++failed_appends[t];
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failed_appends == std::vector<int>(kThreads, 0));
  std::istringstream in(slurp(dir / "audit.jsonl"));
  std::string line;
  std::set<std::string> ids;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    INFO("line " << lines << ": " << line.substr(0, 200));
    REQUIRE(j.is_object());
    CHECK(j["error"] == long_error);
    ids.insert(j["id"].get<std::string>());
  }
  CHECK(lines == kThreads * kLinesPerThread);
  std::set<std::string> expected_ids;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kLinesPerThread; ++i) expected_ids.insert(std::to_string(t) + "-" + std::to_string(i));
  }
  CHECK(ids == expected_ids);
  std::filesystem::remove_all(dir);
}

TEST_CASE("histogram: cumulative buckets, +Inf, sum and count") {
  Series s;
  observe_histogram(s, "genesysevents_wait_duration_seconds", {{"kind", "job"}}, {0.5, 1, 5}, 0.7);
  observe_histogram(s, "genesysevents_wait_duration_seconds", {{"kind", "job"}}, {0.5, 1, 5}, 3);
  observe_histogram(s, "genesysevents_wait_duration_seconds", {{"kind", "job"}}, {0.5, 1, 5}, 9);
  std::string text = render_metrics(s);
  CHECK(text ==
        "# HELP genesysevents_wait_duration_seconds Time spent waiting for target verification or source jobs.\n"
        "# TYPE genesysevents_wait_duration_seconds histogram\n"
        "genesysevents_wait_duration_seconds_bucket{kind=\"job\",le=\"0.5\"} 0\n"
        "genesysevents_wait_duration_seconds_bucket{kind=\"job\",le=\"1\"} 1\n"
        "genesysevents_wait_duration_seconds_bucket{kind=\"job\",le=\"5\"} 2\n"
        "genesysevents_wait_duration_seconds_bucket{kind=\"job\",le=\"+Inf\"} 3\n"
        "genesysevents_wait_duration_seconds_sum{kind=\"job\"} 12.7\n"
        "genesysevents_wait_duration_seconds_count{kind=\"job\"} 3\n");
  auto parsed = parse_metrics(text);
  REQUIRE(parsed.ok());
  CHECK(render_metrics(*parsed) == text);
}

TEST_CASE("endpoint templates replace ids, never keep them") {
  EndpointTemplates t;
  t.add("/api/v2/events/webhooks");
  t.add("/api/v2/events/webhooks/{id}");
  t.add("/api/v2/asyncapi/jobs/{jobId}");
  CHECK(t.match("/api/v2/events/webhooks") == "/api/v2/events/webhooks");
  CHECK(t.match("/api/v2/events/webhooks/wh-1") == "/api/v2/events/webhooks/{id}");
  CHECK(t.match("/api/v2/asyncapi/jobs/j1?x=1") == "/api/v2/asyncapi/jobs/{jobId}");
  CHECK(t.match("/api/v2/other/3f2b8c1e-0000-4000-8000-000000000001/x") == "/api/v2/other/{id}/x");
}

TEST_CASE("metrics: per-attempt counts, retries, 429s, and accumulation across flushes") {
  auto dir = temp_dir();
  std::string path = (dir / "m.prom").string();
  EndpointTemplates t;
  t.add("/api/v2/events/webhooks/{id}");
  Metrics m(t);
  ge::rest::RequestOutcome o;
  o.method = "PUT";
  o.path = "/api/v2/events/webhooks/w1";
  o.attempt_statuses = {429, 200};
  o.retries = 1;
  o.latency = std::chrono::milliseconds(20);
  m.record_request(o);
  m.record_operation(Operation::kUpdate, "genesysevents_webhook", true);
  REQUIRE(m.flush(path).ok());
  REQUIRE(m.flush(path).ok());  // nothing pending: unchanged
  Metrics other(t);             // a second provider process writing the same file
  o.attempt_statuses = {200};
  o.retries = 0;
  other.record_request(o);
  REQUIRE(other.flush(path).ok());
  auto parsed = parse_metrics(slurp(path));
  REQUIRE(parsed.ok());
  auto value = [&](const std::string& family, std::vector<std::pair<std::string, std::string>> labels, int part = 0,
                   double le = 0) {
    return (*parsed)[SeriesKey{family, labels, part, le}];
  };
  std::vector<std::pair<std::string, std::string>> ep = {{"endpoint", "/api/v2/events/webhooks/{id}"},
                                                         {"method", "PUT"}};
  auto with_code = [&](const char* code) {
    auto l = ep;
    l.insert(l.begin(), {"code", code});
    return l;
  };
  CHECK(value("genesysevents_api_requests_total", with_code("200")) == 2);
  CHECK(value("genesysevents_api_requests_total", with_code("429")) == 1);
  CHECK(value("genesysevents_api_retries_total", ep) == 1);
  CHECK(value("genesysevents_api_throttled_total", ep) == 1);
  CHECK(value("genesysevents_api_request_duration_seconds", ep, 2) == 2);  // _count
  CHECK(value("genesysevents_api_request_duration_seconds", ep, 0, 0.025) == 2);
  CHECK(value("genesysevents_api_request_duration_seconds", ep, 0, 0.01) == 0);
  CHECK(slurp(path).find("w1") == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("notification signature is HMAC-SHA256 in lower-case hex (RFC 4231 case 2)") {
  CHECK(signature_header_value("Jefe", "what do ya want for nothing?") ==
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("metrics: recording never waits for a flush's file I/O, and no count is lost") {
  using namespace std::chrono_literals;
  auto dir = temp_dir();
  const std::string path = (dir / "metrics.prom").string();
  // Reading a FIFO blocks until a writer opens it: the flush stalls in its file I/O.
  REQUIRE(mkfifo(path.c_str(), 0600) == 0);
  Metrics m{EndpointTemplates{}};
  m.record_operation(Operation::kCreate, "genesysevents_webhook", true);
  // This flush only has to stall; what it writes is replaced below and its Status is not the point.
  std::thread flusher([&] { (void)m.flush(path); });
  // Opening a FIFO to write without blocking succeeds only once a reader has it open: then the
  // flush is inside its file I/O, holding the file lock. Holding the write end open keeps it
  // there (its read waits for data or for the last writer to close).
  int writer = -1;
  REQUIRE(ge::test_support::wait_until([&] { return (writer = ::open(path.c_str(), O_WRONLY | O_NONBLOCK)) >= 0; }, 5s,
                                       1ms));
  auto recorded = std::async(std::launch::async,
                             [&] { m.record_operation(Operation::kUpdate, "genesysevents_webhook", true); });
  const bool recorded_during_flush = recorded.wait_for(1s) == std::future_status::ready;
  ::close(writer);  // the stalled flush reads an empty file; its rename replaces the FIFO
  flusher.join();
  recorded.wait();
  CHECK(recorded_during_flush);
  REQUIRE(m.flush(path).ok());
  auto parsed = parse_metrics(slurp(path));
  REQUIRE(parsed.ok());
  auto operations = [&](const char* operation) {
    return (*parsed)[SeriesKey{
        "genesysevents_operations_total",
        {{"operation", operation}, {"outcome", "success"}, {"resource_type", "genesysevents_webhook"}}}];
  };
  CHECK(operations("create") == 1);
  CHECK(operations("update") == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("notification body: credential values of header maps are masked") {
  const ge::schema::ResourceSchema& schema = ge::mapping::testing::schema_from(R"({
    "type_name": "genesysevents_hooked", "description": "H.", "import": "Id.",
    "api": { "collection_path": "/h", "item_path": "/h/{id}" },
    "attributes": {
      "id": { "type": "string", "computed": true, "api": "id", "description": "Id." },
      "header_overrides": { "type": ["map", "string"], "optional": true, "api": "headerOverrides", "description": "H." },
      "labels": { "type": ["map", "string"], "optional": true, "api": "labels", "description": "L." }
    }
  })");
  using ge::value::Type;
  using ge::value::Value;
  auto map = [](std::map<std::string, std::string> entries) {
    std::map<std::string, Value> values;
    for (const auto& [k, v] : entries) values.emplace(k, Value::string(v));
    return Value::map(Type::string(), values);
  };
  const Type type = schema.object_type();
  Value state = Value::object(
      type,
      {{"id", Value::string("h1")},
       {"header_overrides",
        map({{"Authorization", "Bearer abc"}, {"X-Api-Key", "k-123"}, {"Cookie", "session=1"}, {"X-Team", "ops"}})},
       {"labels", map({{"api_key", "not a header"}})}});
  json body = json::parse(
      change_notification_body({Operation::kUpdate, &schema, "h1", std::chrono::system_clock::now(), state}));
  const json& headers = body["attributes"]["header_overrides"];
  CHECK(headers["Authorization"] == "(redacted)");
  CHECK(headers["X-Api-Key"] == "(redacted)");
  CHECK(headers["Cookie"] == "(redacted)");
  CHECK(headers["X-Team"] == "ops");
  CHECK(body["attributes"]["labels"]["api_key"] == "not a header");
  CHECK(body.dump().find("Bearer abc") == std::string::npos);
}
