#include "support/emulator_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace genesys_emulator::testing {

std::string Response::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  return "";
}

EmulatorProcess::EmulatorProcess(std::vector<std::string> args, std::string ca_file) : ca_file_(std::move(ca_file)) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> argv_strings = {GENESYS_EMULATOR_BINARY, "--port", "0"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<char*> argv;
    for (auto& s : argv_strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  // Read the announcement line only; the rest of stdout is left unread.
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char c;
    if (read(out[0], &c, 1) != 1) break;
    line.push_back(c);
  }
  close(out[0]);
  if (line.empty() || line.back() != '\n') {
    stop();
    throw std::runtime_error("emulator did not announce itself: '" + line + "'");
  }
  line.pop_back();
  announcement_ = line;
  url_ = line.substr(line.rfind(' ') + 1);
}

EmulatorProcess::~EmulatorProcess() { stop(); }

int EmulatorProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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

Response EmulatorProcess::get(const std::string& path) {
  if (default_token_.empty()) default_token_ = token();
  return request("GET", path, nullptr, default_token_);
}
Response EmulatorProcess::post(const std::string& path, const nlohmann::json& body) {
  if (default_token_.empty()) default_token_ = token();
  return request("POST", path, &body, default_token_);
}
Response EmulatorProcess::put(const std::string& path, const nlohmann::json& body) {
  if (default_token_.empty()) default_token_ = token();
  return request("PUT", path, &body, default_token_);
}
Response EmulatorProcess::patch(const std::string& path, const nlohmann::json& body) {
  if (default_token_.empty()) default_token_ = token();
  return request("PATCH", path, &body, default_token_);
}
Response EmulatorProcess::del(const std::string& path) {
  if (default_token_.empty()) default_token_ = token();
  return request("DELETE", path, nullptr, default_token_);
}
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

}  // namespace genesys_emulator::testing
