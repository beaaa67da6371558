// Test support: the real genesys-emulator binary as a child process on a free loopback port,
// and the HTTP calls tests make to it (docs/design/test-support.md).
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/types.h>

#include <string>
#include <thread>
#include <vector>

namespace ge::test_support {

// One HTTP answer.
struct Response {
  int status = 0;            // 0: no HTTP answer (a transport error)
  nlohmann::json body;       // the body as JSON: null when empty, is_discarded() when not JSON
  httplib::Headers headers;  // as received
  std::string raw;           // the body as received

  // The first value of header `name` (any case), or "" when absent.
  std::string header(const std::string& name) const;
};

// The emulator binary tests run: $GENESYSEVENTS_EMULATOR_BINARY when set and not empty, else
// the genesys-emulator of this build tree. A suite that starts it must depend on the
// genesys-emulator target so that it is built first.
std::string emulator_binary();

// One emulator process. Not copyable; the destructor stops it.
class EmulatorProcess {
 public:
  // Starts `emulator_binary() --port 0 <args...>` (the emulator picks a free port) and waits
  // up to 10 s for its first stdout line, "genesys-emulator listening on <url>"; the rest of its
  // stdout is read and dropped on a thread of its own, so the emulator never blocks on it.
  // Throws std::runtime_error, after stopping the process, when it cannot start or does not
  // announce itself in time.
  // - ca_file: what the calls below trust when the emulator serves HTTPS (--tls-cert).
  // - stderr_file: where the emulator's stderr goes (created or truncated); "" leaves it on the
  //   test process's stderr.
  explicit EmulatorProcess(std::vector<std::string> args = {}, std::string ca_file = "", std::string stderr_file = "");
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  const std::string& url() const { return url_; }                    // http(s)://127.0.0.1:<port>
  const std::string& announcement() const { return announcement_; }  // the whole first line
  const std::string& ca_file() const { return ca_file_; }
  // SIGTERM, then up to 5 s for the exit (SIGKILL after that). Returns the exit status, or -1
  // when the process was killed, died of a signal or was already stopped.
  int stop();

  // A client for url(): 5 s to connect, 10 s to read, trusting ca_file() when set.
  httplib::Client client() const;
  // A fresh token from POST /oauth/token (client credentials, HTTP Basic). Throws
  // std::runtime_error unless the answer is 200.
  std::string token(const std::string& client_id = "demo-client", const std::string& secret = "demo-secret");

  // One request: `body` (when not null) is sent as JSON, `token` (when not empty) as a bearer
  // token. Methods: GET, POST, PUT, PATCH, DELETE; any other is a transport error (status 0).
  Response request(const std::string& method, const std::string& path, const nlohmann::json* body = nullptr,
                   const std::string& token = "", const httplib::Headers& extra = {});
  // Requests with the default client's token (demo-client), fetched on first use and kept.
  Response get(const std::string& path);
  Response post(const std::string& path, const nlohmann::json& body);
  Response put(const std::string& path, const nlohmann::json& body);
  Response patch(const std::string& path, const nlohmann::json& body);
  Response del(const std::string& path);
  // Unauthenticated: the /emulator/ controls.
  Response control(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr);

  // Polls GET `path` every 20 ms until its string `field` equals one of `values` or
  // `timeout_ms` passes; returns the last body either way.
  nlohmann::json wait_for(const std::string& path, const std::string& field, const std::vector<std::string>& values,
                          int timeout_ms = 5000);

 private:
  const std::string& default_token();
  pid_t pid_ = -1;
  std::thread drain_;  // reads stdout after the announcement until the process closes it
  std::string url_;
  std::string announcement_;
  std::string ca_file_;
  std::string default_token_;
};

}  // namespace ge::test_support
