// Errors answered outside the handlers still follow the contract
// (docs/reference/api-contract.md "Error body", "Rate limit"): malformed requests,
// oversized request lines and bodies, unsupported methods, paths that are not valid
// UTF-8. And a request without Content-Length has no body (a body-less `curl -X POST`).
// These need bytes no well-behaved client sends, so they go over a raw socket.
#include "bodies.h"
#include "support/emulator_process.h"
#include "support/receiver.h"
#include "support/tls_files.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>

using namespace genesys_emulator::testing;
using namespace ge::test_support;

namespace {

struct RawAnswer {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr); }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Sends `bytes` to the emulator at `url` (http://127.0.0.1:PORT) and reads one answer:
// its head, then Content-Length bytes of body.
RawAnswer send_raw(const std::string& url, const std::string& bytes) {
  int port = std::stoi(url.substr(url.rfind(':') + 1));
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  timeval timeout{15, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    throw std::runtime_error("connect failed");
  }
  for (std::size_t sent = 0; sent < bytes.size();) {
    auto n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading everything
    sent += static_cast<std::size_t>(n);
  }
  RawAnswer answer;
  std::string raw;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    raw.append(buffer, static_cast<std::size_t>(n));
    auto head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos) continue;
    if (answer.headers.empty()) {
      std::size_t line = raw.find("\r\n") + 2;
      while (line < head_end) {
        auto next = raw.find("\r\n", line);
        auto colon = raw.find(':', line);
        if (colon < next)
          answer.headers[lower(raw.substr(line, colon - line))] = raw.substr(colon + 2, next - colon - 2);
        line = next + 2;
      }
    }
    auto length = answer.header("content-length");
    if (raw.size() - head_end - 4 >= (length.empty() ? 0 : std::stoul(length))) {
      answer.status = raw.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(raw.substr(9, 3)) : 0;
      answer.body = raw.substr(head_end + 4);
      break;
    }
  }
  close(fd);
  return answer;
}

// The contract's error body and headers on an answer of `status`.
void check_error_answer(const RawAnswer& answer, int status) {
  INFO("answer " << answer.status << ": " << answer.body);
  REQUIRE(answer.status == status);
  auto body = answer.json();
  REQUIRE(body.is_object());
  CHECK(body["status"] == status);
  CHECK(body["code"].is_string());
  CHECK(body["message"].is_string());
  CHECK(body["details"].is_array());
  CHECK(body["errors"].is_array());
  CHECK_FALSE(answer.header("inin-correlation-id").empty());
  CHECK(body["contextId"] == answer.header("inin-correlation-id"));
  CHECK(answer.header("content-type") == "application/json");
  CHECK_FALSE(answer.header("inin-ratelimit-count").empty());
  CHECK_FALSE(answer.header("inin-ratelimit-allowed").empty());
  CHECK_FALSE(answer.header("inin-ratelimit-reset").empty());
}

}  // namespace

TEST_CASE("a body-less POST or DELETE without Content-Length is handled as an empty body", "[emulator][http]") {
  Receiver receiver{process_tls_files()};
  EmulatorProcess emu({"--ca-file", process_tls_files().ca_file()});
  auto reset = send_raw(emu.url(), "POST /emulator/reset HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(reset.status == 204);

  auto token = emu.token();
  auto target = emu.post("/api/v2/integrations/eventbridge/targets", target_body("t", receiver.url()));
  REQUIRE(target.status == 201);
  std::string path = "/api/v2/integrations/eventbridge/targets/" + target.body["id"].get<std::string>();
  auto health = send_raw(emu.url(), "POST " + path + "/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                                        "\r\nConnection: close\r\n\r\n");
  INFO(health.body);
  REQUIRE(health.status == 200);
  CHECK(health.json()["status"] == "HEALTHY");

  auto webhook = emu.post("/api/v2/events/webhooks", webhook_body("w"));
  REQUIRE(webhook.status == 201);
  auto removed = send_raw(emu.url(), "DELETE /api/v2/events/webhooks/" + webhook.body["id"].get<std::string>() +
                                         " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                                         "\r\nConnection: close\r\n\r\n");
  CHECK(removed.status == 204);

  // A POST that needs a body says so in the contract's words.
  auto empty = send_raw(emu.url(), "POST /api/v2/events/webhooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                       token + "\r\nConnection: close\r\n\r\n");
  check_error_answer(empty, 400);
  CHECK(empty.json()["code"] == "bad.request");
}

TEST_CASE("errors raised by the HTTP layer carry the contract's error body and headers", "[emulator][http]") {
  EmulatorProcess emu;

  auto garbage = send_raw(emu.url(), "THIS IS NOT HTTP\r\n\r\n");
  check_error_answer(garbage, 400);
  CHECK(garbage.json()["code"] == "bad.request");

  auto bad_method = send_raw(emu.url(), "BREW /api/v2/events/webhooks HTTP/1.1\r\nHost: x\r\n\r\n");
  check_error_answer(bad_method, 400);

  auto long_line = send_raw(emu.url(), "GET /api/v2/" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  check_error_answer(long_line, 414);
  CHECK(long_line.json()["code"] == "request.uri.too.long");

  std::string big(2 * 1024 * 1024, 'x');
  auto too_large = send_raw(emu.url(),
                            "POST /api/v2/events/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: " +
                                std::to_string(big.size()) + "\r\nConnection: close\r\n\r\n" + big);
  check_error_answer(too_large, 413);
  CHECK(too_large.json()["code"] == "request.entity.too.large");

  auto options = send_raw(emu.url(),
                          "OPTIONS /api/v2/events/webhooks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  check_error_answer(options, 401);

  // Every one of them is in the request log, with the correlation id answered.
  auto log = emu.control("GET", "/emulator/requests").body;
  std::set<int> statuses;
  for (const auto& entry : log) {
    statuses.insert(entry["status"].get<int>());
    CHECK_FALSE(entry["correlationId"].get<std::string>().empty());
  }
  CHECK(statuses == std::set<int>{400, 401, 413, 414});
}

TEST_CASE("a path that is not valid UTF-8 is a 404 with the error body, and the log still reads", "[emulator][http]") {
  EmulatorProcess emu;
  auto token = emu.token();
  auto answer = send_raw(emu.url(), "GET /api/v2/nothing%FF HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                                        "\r\nConnection: close\r\n\r\n");
  check_error_answer(answer, 404);
  CHECK(answer.json()["code"] == "not.found");
  auto log = emu.control("GET", "/emulator/requests");
  REQUIRE(log.status == 200);
  CHECK(log.body.back()["status"] == 404);
}
