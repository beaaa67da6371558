#include "support/emulator_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <stdexcept>

extern char** environ;

namespace ge::test_support {

std::string Response::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  return "";
}

std::string emulator_binary() {
  const char* v = std::getenv("GENESYSEVENTS_EMULATOR_BINARY");
  return v && *v ? v : GE_TEST_SUPPORT_EMULATOR_BINARY;
}

namespace {

// Reads `fd` up to the first newline or `timeout`; returns what it read (the newline
// included when it came). Bytes after the newline are dropped.
std::string read_first_line(int fd, std::chrono::milliseconds timeout) {
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[512];
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    line.append(buffer, static_cast<std::size_t>(n));
  }
  if (auto newline = line.find('\n'); newline != std::string::npos) line.resize(newline + 1);
  return line;
}

}  // namespace

EmulatorProcess::EmulatorProcess(std::vector<std::string> args, std::string ca_file, std::string stderr_file)
    : ca_file_(std::move(ca_file)) {
  std::vector<std::string> argv_strings = {emulator_binary(), "--port", "0"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  if (!stderr_file.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    pid_ = -1;
    throw std::runtime_error("cannot start " + argv_strings[0] + ": " + std::strerror(rc));
  }

  std::string line = read_first_line(out[0], std::chrono::seconds(10));
  std::smatch m;
  if (line.empty() || line.back() != '\n' ||
      !std::regex_match(line, m, std::regex(R"((genesys-emulator listening on (https?://\S+))\n)"))) {
    close(out[0]);
    stop();
    throw std::runtime_error("emulator did not announce itself: '" + line + "'");
  }
  announcement_ = m[1];
  url_ = m[2];
  drain_ = std::thread([fd = out[0]] {
    char buffer[4096];
    for (;;) {
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n > 0 || (n < 0 && errno == EINTR)) continue;
      break;
    }
    close(fd);
  });
}

EmulatorProcess::~EmulatorProcess() { stop(); }

int EmulatorProcess::stop() {
  int result = -1;
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    pid_t done;
    while ((done = waitpid(pid_, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (done == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    } else if (done == pid_ && WIFEXITED(status)) {
      result = WEXITSTATUS(status);
    }
    pid_ = -1;
  }
  if (drain_.joinable()) drain_.join();
  return result;
}

httplib::Client EmulatorProcess::client() const {
  httplib::Client c(url_);
  if (!ca_file_.empty()) c.set_ca_cert_path(ca_file_.c_str());
  c.set_connection_timeout(5);
  c.set_read_timeout(10);
  return c;
}

std::string EmulatorProcess::token(const std::string& client_id, const std::string& secret) {
  auto c = client();
  c.set_basic_auth(client_id.c_str(), secret.c_str());
  auto res = c.Post("/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
  if (!res || res->status != 200) throw std::runtime_error("token request failed");
  return nlohmann::json::parse(res->body)["access_token"].get<std::string>();
}

Response EmulatorProcess::request(const std::string& method, const std::string& path, const nlohmann::json* body,
                                  const std::string& token, const httplib::Headers& extra) {
  auto c = client();
  httplib::Headers headers = extra;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  std::string payload = body && !body->is_null() ? body->dump() : "";
  httplib::Result res{nullptr, httplib::Error::Unknown};
  if (method == "GET") res = c.Get(path.c_str(), headers);
  else if (method == "POST") res = c.Post(path.c_str(), headers, payload, "application/json");
  else if (method == "PUT") res = c.Put(path.c_str(), headers, payload, "application/json");
  else if (method == "PATCH") res = c.Patch(path.c_str(), headers, payload, "application/json");
  else if (method == "DELETE") res = c.Delete(path.c_str(), headers);
  Response out;
  if (!res) return out;
  out.status = res->status;
  out.headers = res->headers;
  out.raw = res->body;
  if (!res->body.empty()) out.body = nlohmann::json::parse(res->body, nullptr, false);
  return out;
}

const std::string& EmulatorProcess::default_token() {
  if (default_token_.empty()) default_token_ = token();
  return default_token_;
}

Response EmulatorProcess::get(const std::string& path) { return request("GET", path, nullptr, default_token()); }
Response EmulatorProcess::post(const std::string& path, const nlohmann::json& body) {
  return request("POST", path, &body, default_token());
}
Response EmulatorProcess::put(const std::string& path, const nlohmann::json& body) {
  return request("PUT", path, &body, default_token());
}
Response EmulatorProcess::patch(const std::string& path, const nlohmann::json& body) {
  return request("PATCH", path, &body, default_token());
}
Response EmulatorProcess::del(const std::string& path) { return request("DELETE", path, nullptr, default_token()); }
Response EmulatorProcess::control(const std::string& method, const std::string& path, const nlohmann::json& body) {
  return request(method, path, &body);
}

nlohmann::json EmulatorProcess::wait_for(const std::string& path, const std::string& field,
                                         const std::vector<std::string>& values, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  nlohmann::json last;
  while (std::chrono::steady_clock::now() < deadline) {
    last = get(path).body;
    if (last.is_object() && last.contains(field) && last[field].is_string())
      for (const auto& v : values)
        if (last[field] == v) return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return last;
}

}  // namespace ge::test_support
