// Test support: runs the real genesys-emulator binary as a child process on a free
// port and talks to it with cpp-httplib.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>
#include <sys/types.h>
#include <vector>

namespace genesys_emulator::testing {

struct Response {
  int status = 0;  // 0: no HTTP answer (transport error)
  nlohmann::json body;
  httplib::Headers headers;
  std::string raw;

  std::string header(const std::string& name) const;
};

class EmulatorProcess {
 public:
  // Starts the emulator with `--port 0` plus `args`; throws std::runtime_error when
  // it does not announce itself within a few seconds.
  explicit EmulatorProcess(std::vector<std::string> args = {}, std::string ca_file = "");
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  const std::string& url() const { return url_; }
  const std::string& announcement() const { return announcement_; }
  // SIGTERM and wait; returns the exit status (or -1).
  int stop();

  // A fresh token for the default client (demo-client/demo-secret unless told).
  std::string token(const std::string& client_id = "demo-client", const std::string& secret = "demo-secret");

  Response request(const std::string& method, const std::string& path, const nlohmann::json* body = nullptr,
                   const std::string& token = "", const httplib::Headers& extra = {});
  // Requests with the cached default token.
  Response get(const std::string& path);
  Response post(const std::string& path, const nlohmann::json& body);
  Response put(const std::string& path, const nlohmann::json& body);
  Response patch(const std::string& path, const nlohmann::json& body);
  Response del(const std::string& path);
  // Unauthenticated controls.
  Response control(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);

  // Polls GET `path` until `field` equals one of `values` (or the deadline passes);
  // returns the last body.
  nlohmann::json wait_for(const std::string& path, const std::string& field, const std::vector<std::string>& values,
                          int timeout_ms = 5000);

  httplib::Client client() const;

 private:
  pid_t pid_ = -1;
  std::string url_;
  std::string announcement_;
  std::string ca_file_;
  std::string default_token_;
};

}  // namespace genesys_emulator::testing
