// The provider's operational outputs through the real CLI (docs/operations.md): the audit log,
// the Prometheus metrics file and signed change notifications, checked against what the
// emulator saw and what the HTTPS receiver got.
#include <catch2/catch.hpp>
#include <openssl/evp.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "harness.h"

using namespace ge::e2e;
using nlohmann::json;

namespace {

const char* kNotifySecret = "notify-signing-secret-7531";
const char* kWebhookKey = "webhook-signing-key-8642";

std::string hcl_string(const std::string& s) { return json(s).dump(); }

std::vector<json> audit_lines(const Workspace& ws) {
  std::istringstream in(ws.read("audit.jsonl"));
  std::vector<json> out;
  std::string line;
  while (std::getline(in, line)) {
    INFO(line);
    json j = json::parse(line, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    out.push_back(j);
  }
  return out;
}

// One sample of the text exposition: name, labels, value.
struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// A strict reader of the text format: every non-comment line must be a sample, every sample's
// family must have had a # TYPE line before it.
std::vector<Sample> parse_prometheus(const std::string& text) {
  static const std::regex sample_re(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([-+0-9.eE]+|\+Inf)$)");
  static const std::regex label_re(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?)re");
  static const std::regex type_re(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
  std::vector<Sample> out;
  std::set<std::string> typed;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    INFO(line);
    std::smatch m;
    if (std::regex_match(line, m, type_re)) {
      typed.insert(m[1]);
      continue;
    }
    if (line.rfind("# HELP ", 0) == 0) continue;
    REQUIRE(std::regex_match(line, m, sample_re));
    Sample s;
    s.name = m[1];
    std::string labels = m[2];
    std::string consumed;
    for (auto it = std::sregex_iterator(labels.begin(), labels.end(), label_re); it != std::sregex_iterator(); ++it) {
      s.labels[(*it)[1]] = (*it)[2];
      consumed += it->str();
    }
    CHECK(consumed == labels);
    s.value = std::stod(m[3]);
    std::string family = std::regex_replace(s.name, std::regex("_(bucket|sum|count)$"), "");
    CHECK((typed.count(s.name) || typed.count(family)));
    out.push_back(s);
  }
  return out;
}

double sum_of(const std::vector<Sample>& samples, const std::string& name,
              const std::map<std::string, std::string>& match = {}) {
  double total = 0;
  for (const auto& s : samples) {
    if (s.name != name) continue;
    bool ok = true;
    for (const auto& [k, v] : match) ok = ok && s.labels.count(k) && s.labels.at(k) == v;
    if (ok) total += s.value;
  }
  return total;
}

std::string provider_extra(const Workspace& ws, const HttpsReceiver& receiver, const std::string& webhook_url) {
  return "  audit_log_path = " + hcl_string((ws.dir() / "audit.jsonl").string()) + "\n" +
         "  metrics_path   = " + hcl_string((ws.dir() / "metrics.prom").string()) + "\n" +
         "  ca_cert_file   = " + hcl_string(receiver.ca_file()) + "\n" +
         "  change_webhook = {\n    url            = " + hcl_string(webhook_url) +
         "\n    signing_secret = " + hcl_string(kNotifySecret) + "\n  }\n";
}

std::string webhooks_hcl() {
  return std::string("resource \"genesysevents_webhook\" \"w\" {\n"
         "  count           = 4\n"
         "  name            = \"ops-${count.index}\"\n"
         "  destination_url = \"https://hooks.example.com/ops\"\n"
         "  signing_key     = \"") + kWebhookKey + "\"\n"
         "}\n";
}

std::string async_hcl(const HttpsReceiver& receiver) {
  return "data \"genesysevents_eventbridge_topic\" \"cx\" {\n  name = \"Genesys CX events\"\n}\n"
         "resource \"genesysevents_eventbridge_target\" \"t\" {\n"
         "  name         = \"ops-target\"\n"
         "  endpoint_url = " + hcl_string(receiver.url("/target")) + "\n"
         "  event_types  = data.genesysevents_eventbridge_topic.cx.event_types\n"
         "}\n"
         "resource \"genesysevents_eventbridge_source\" \"s\" {\n"
         "  name           = \"ops-source\"\n"
         "  event_topic_id = data.genesysevents_eventbridge_topic.cx.id\n"
         "  targets        = [{ target_id = genesysevents_eventbridge_target.t.id, priority = 1 }]\n"
         "}\n";
}

}  // namespace

TEST_CASE("audit log, metrics file and signed change notifications over create, update and destroy",
          "[operations]") {
  HttpsReceiver receiver(200);
  Emulator emu(Emulator::Options{.trust_file = receiver.ca_file()});
  Workspace ws;
  ws.use_emulator(emu, provider_extra(ws, receiver, receiver.url("/changes")));
  ws.write("main.tf", webhooks_hcl() + async_hcl(receiver));
  ws.init();
  const int64_t seq0 = emu.last_request_seq();

  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  // Rename one webhook: exactly one update.
  ws.write("main.tf", std::regex_replace(webhooks_hcl(), std::regex("ops-\\$\\{count.index\\}"),
                                         "ops-${count.index}${count.index == 0 ? \"-renamed\" : \"\"}") +
                          async_hcl(receiver));
  r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("0 added, 1 changed, 0 destroyed") != std::string::npos);
  std::map<std::string, std::string> ids;  // address -> id, before the destroy
  for (const auto& [address, res] : ws.resources()) {
    if (res.value("mode", "") == "managed") ids[address] = res["values"]["id"];
  }
  REQUIRE(ids.size() == 6);
  r = ws.run({"destroy", "-auto-approve", "-no-color"});
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  const auto requests = emu.api_requests_since(seq0);  // no test request since seq0

  SECTION("audit log: one line per mutation, with the documented fields") {
    auto lines = audit_lines(ws);
    REQUIRE(lines.size() == 13);  // 6 creates, 1 update, 6 deletes
    std::map<std::string, int> per_operation;
    std::set<std::string> correlation_ids;
    for (const auto& l : lines) {
      INFO(l.dump());
      ++per_operation[l.at("operation").get<std::string>()];
      CHECK(std::regex_match(l.at("time").get<std::string>(),
                             std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
      CHECK(l.at("resource_type").get<std::string>().rfind("genesysevents_", 0) == 0);
      CHECK(l.at("outcome") == "success");
      CHECK(l.at("latency_ms").get<int64_t>() >= 0);
      CHECK(l.at("retries") == 0);
      CHECK(l.at("requests").get<int>() >= 1);
      std::string id = l.at("id").get<std::string>();
      bool known = false;
      for (const auto& [address, known_id] : ids) known = known || known_id == id;
      CHECK(known);
      std::string cid = l.at("correlation_id").get<std::string>();
      CHECK(std::regex_match(cid, std::regex("[0-9a-f-]{36}")));
      correlation_ids.insert(cid);
      // The mutation the line describes is in the emulator's request log, with that correlation id.
      std::string method = l["operation"] == "create" ? "POST" : l["operation"] == "update" ? "PUT" : "DELETE";
      bool seen = false;
      for (const auto& q : requests) {
        std::string path = q.value("path", "");
        bool path_ok = method == "POST" ? path.find(id) == std::string::npos
                                        : path.size() > id.size() && path.compare(path.size() - id.size(), id.size(), id) == 0;
        seen = seen || (q.value("method", "") == method && path_ok && q.value("status", 0) / 100 == 2 &&
                        q.contains("correlationId") && q["correlationId"] == cid);
      }
      CHECK(seen);
    }
    CHECK(per_operation["create"] == 6);
    CHECK(per_operation["update"] == 1);
    CHECK(per_operation["delete"] == 6);
    CHECK(correlation_ids.size() == lines.size());  // each mutation its own request
    CHECK(ws.read("audit.jsonl").find(kWebhookKey) == std::string::npos);
    CHECK(ws.read("audit.jsonl").find(kNotifySecret) == std::string::npos);
  }

  SECTION("metrics file: parses, and its counts are the emulator's") {
    std::string text = ws.read("metrics.prom");
    INFO(text);
    auto samples = parse_prometheus(text);
    REQUIRE_FALSE(samples.empty());
    // Every request the emulator saw, by method and status, is counted once.
    std::map<std::pair<std::string, std::string>, int> seen;
    for (const auto& q : requests) ++seen[{q.value("method", ""), std::to_string(q.value("status", 0))}];
    double total = 0;
    for (const auto& [key, n] : seen) {
      INFO(key.first << " " << key.second);
      CHECK(sum_of(samples, "genesysevents_api_requests_total", {{"method", key.first}, {"code", key.second}}) == n);
      total += n;
    }
    CHECK(sum_of(samples, "genesysevents_api_requests_total") == total);
    // Per endpoint: PUTs of one webhook and DELETEs of the webhooks, ids templated away.
    int webhook_deletes = 0;
    for (const auto& q : requests) {
      webhook_deletes += q.value("method", "") == "DELETE" &&
                         q.value("path", "").rfind("/api/v2/events/webhooks/", 0) == 0;
    }
    CHECK(webhook_deletes == 4);
    CHECK(sum_of(samples, "genesysevents_api_requests_total",
                 {{"method", "DELETE"}, {"endpoint", "/api/v2/events/webhooks/{id}"}}) == webhook_deletes);
    CHECK(sum_of(samples, "genesysevents_api_request_duration_seconds_count",
                 {{"method", "PUT"}, {"endpoint", "/api/v2/events/webhooks/{id}"}}) == 1);
    CHECK(sum_of(samples, "genesysevents_api_request_duration_seconds_bucket",
                 {{"method", "PUT"}, {"endpoint", "/api/v2/events/webhooks/{id}"}, {"le", "+Inf"}}) == 1);
    for (const auto& [address, id] : ids) CHECK(text.find(id) == std::string::npos);
    // Waits: the target's verification and the source's create and delete jobs.
    CHECK(sum_of(samples, "genesysevents_wait_duration_seconds_count", {{"kind", "verification"}}) == 1);
    CHECK(sum_of(samples, "genesysevents_wait_duration_seconds_count", {{"kind", "job"}}) == 2);
    CHECK(sum_of(samples, "genesysevents_wait_duration_seconds_sum", {{"kind", "job"}}) > 0);
    CHECK(sum_of(samples, "genesysevents_operations_total", {{"operation", "create"}, {"outcome", "success"}}) == 6);
    CHECK(sum_of(samples, "genesysevents_api_throttled_total") == 0);
    CHECK(sum_of(samples, "genesysevents_api_retries_total") == 0);
  }

  SECTION("notifications: one per mutation, signed, without secrets") {
    auto posts = receiver.requests("/changes");
    REQUIRE(posts.size() == 13);
    std::map<std::string, int> per_operation;
    for (const auto& p : posts) {
      INFO(p.body);
      CHECK(p.headers.at("content-type") == "application/json");
      const std::string& signature = p.headers.at("x-genesysevents-signature");
      REQUIRE(signature.rfind("sha256=", 0) == 0);
      CHECK(signature_verifies(kNotifySecret, p.body, signature.substr(7)));
      json body = json::parse(p.body);
      std::string op = body.at("operation");
      ++per_operation[op];
      CHECK(body.at("resource_type").get<std::string>().rfind("genesysevents_", 0) == 0);
      CHECK_FALSE(body.at("id").get<std::string>().empty());
      CHECK(body.at("time").is_string());
      if (op == "delete") {
        CHECK(body.at("attributes").is_null());
      } else {
        CHECK(body.at("attributes").at("id") == body.at("id"));
        if (body["resource_type"] == "genesysevents_webhook") {
          CHECK(body["attributes"].contains("destination_url"));
          CHECK_FALSE(body["attributes"].contains("signing_key"));
        }
      }
      CHECK(p.body.find(kWebhookKey) == std::string::npos);
      CHECK(p.body.find(kNotifySecret) == std::string::npos);
    }
    CHECK(per_operation["create"] == 6);
    CHECK(per_operation["update"] == 1);
    CHECK(per_operation["delete"] == 6);
    // The signature the provider sent does not verify a tampered copy of its body, nor its body
    // under another secret.
    const std::string sent = posts[0].headers.at("x-genesysevents-signature").substr(7);
    CHECK_FALSE(signature_verifies(kNotifySecret, with_one_byte_changed(posts[0].body), sent));
    CHECK_FALSE(signature_verifies("another-secret", posts[0].body, sent));
  }
}

TEST_CASE("a failed create is audited with the API's correlation id", "[operations]") {
  Emulator emu;
  REQUIRE(emu.api("POST", "/api/v2/events/webhooks",
                  {{"name", "taken"}, {"destinationUrl", "https://hooks.example.com/t"}}).status == 201);
  HttpsReceiver receiver(200);
  Workspace ws;
  ws.use_emulator(emu, provider_extra(ws, receiver, receiver.url("/changes")));
  ws.write("main.tf", "resource \"genesysevents_webhook\" \"w\" {\n  name = \"taken\"\n"
                      "  destination_url = \"https://hooks.example.com/x\"\n}\n");
  ws.init();
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 1);
  std::smatch m;
  REQUIRE(std::regex_search(r.err, m, std::regex("Correlation id: ([0-9a-f-]{36})")));
  auto lines = audit_lines(ws);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["operation"] == "create");
  CHECK(lines[0]["outcome"] == "error");
  CHECK(lines[0]["id"].is_null());
  CHECK(lines[0]["correlation_id"] == m[1].str());
  CHECK_FALSE(lines[0]["error"].get<std::string>().empty());
  CHECK(receiver.requests("/changes").empty());  // only successful changes are notified
  auto samples = parse_prometheus(ws.read("metrics.prom"));
  CHECK(sum_of(samples, "genesysevents_api_requests_total", {{"method", "POST"}, {"code", "409"}}) == 1);
  CHECK(sum_of(samples, "genesysevents_operations_total", {{"operation", "create"}, {"outcome", "error"}}) == 1);
}

TEST_CASE("retries and 429s are counted, and the audit line carries the retries", "[operations]") {
  Emulator emu;
  HttpsReceiver receiver(200);
  Workspace ws;
  ws.use_emulator(emu, provider_extra(ws, receiver, receiver.url("/changes")));
  ws.write("main.tf", "resource \"genesysevents_webhook\" \"w\" {\n  name = \"throttled\"\n"
                      "  destination_url = \"https://hooks.example.com/x\"\n}\n");
  ws.init();
  REQUIRE(emu.control("PATCH", "/emulator/config",
                      {{"faults", json::array({{{"path", "/api/v2/events/webhooks"}, {"method", "POST"},
                                                {"status", 429}, {"count", 2}}})}})
              .status == 200);
  auto r = ws.apply();
  INFO(r.all());
  REQUIRE(r.exit_code == 0);
  auto lines = audit_lines(ws);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["outcome"] == "success");
  CHECK(lines[0]["retries"] == 2);
  auto samples = parse_prometheus(ws.read("metrics.prom"));
  CHECK(sum_of(samples, "genesysevents_api_throttled_total", {{"method", "POST"}}) == 2);
  CHECK(sum_of(samples, "genesysevents_api_retries_total", {{"endpoint", "/api/v2/events/webhooks"}}) == 2);
  CHECK(sum_of(samples, "genesysevents_api_requests_total", {{"method", "POST"}, {"code", "429"}}) == 2);
  CHECK(sum_of(samples, "genesysevents_api_requests_total", {{"method", "POST"}, {"code", "201"}}) == 1);
}

TEST_CASE("a failing change notification is a warning, never a failed apply", "[operations]") {
  HttpsReceiver receiver(500);
  Emulator emu;
  Workspace ws;
  const std::string webhook = "resource \"genesysevents_webhook\" \"w\" {\n  name = \"notified\"\n"
                              "  destination_url = \"https://hooks.example.com/x\"\n}\n";

  SECTION("the receiver answers 500") {
    ws.use_emulator(emu, provider_extra(ws, receiver, receiver.url("/changes")));
    ws.write("main.tf", webhook);
    ws.init();
    auto r = ws.apply();
    INFO(r.all());
    CHECK(r.exit_code == 0);
    CHECK(r.all().find("Warning: Change notification failed") != std::string::npos);
    CHECK(r.all().find("HTTP 500") != std::string::npos);
    CHECK(receiver.requests("/changes").size() == 1);
  }
  SECTION("the receiver is unreachable") {
    ws.use_emulator(emu, provider_extra(ws, receiver, "https://127.0.0.1:1/changes"));
    ws.write("main.tf", webhook);
    ws.init();
    auto r = ws.apply();
    INFO(r.all());
    CHECK(r.exit_code == 0);
    CHECK(r.all().find("Warning: Change notification failed") != std::string::npos);
  }
  CHECK(emu.list("/api/v2/events/webhooks").size() == 1);
  CHECK(ws.resources().count("genesysevents_webhook.w") == 1);
  CHECK(ws.plan_exit_code() == 0);  // the object is in state as applied: nothing left to do
  auto lines = audit_lines(ws);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["outcome"] == "success");
  CHECK(ws.read("audit.jsonl").find(kNotifySecret) == std::string::npos);
}
