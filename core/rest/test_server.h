// Test-only helpers for the rest tests: an in-process HTTP(S) server on 127.0.0.1 (cpp-httplib),
// a TCP server that drops every connection after reading the request, a self-signed
// certificate, and a capture of stderr (where base::log writes).
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ge::rest::testing {

// Register handlers on http(), then start(); the destructor stops the server.
class TestServer {
 public:
  TestServer();  // plain HTTP
  TestServer(const std::string& cert_file, const std::string& key_file);  // HTTPS
  ~TestServer();
  httplib::Server& http() { return *server_; }
  void start();
  std::string url() const;  // http(s)://127.0.0.1:<port>

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  int port_ = 0;
  std::thread thread_;
};

// Accepts connections, reads one request head, closes without answering: a "dropped
// connection" after the request was sent.
class DroppingServer {
 public:
  DroppingServer();
  ~DroppingServer();
  std::string url() const;
  int connections() const { return connections_.load(); }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// Answers the first request on each connection (200, `{}`, kept alive) and closes the
// connection after reading the head of the second one: a kept-alive connection that dies
// under the next request. Records the method of every request head it read, in order.
class ReusedConnectionDroppingServer {
 public:
  ReusedConnectionDroppingServer();
  ~ReusedConnectionDroppingServer();
  std::string url() const;
  std::vector<std::string> methods() const;

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<std::string> methods_;
  std::thread thread_;
};

// A 127.0.0.1 port with nothing listening (connection refused).
int closed_port();

// A self-signed certificate for 127.0.0.1 (subjectAltName IP:127.0.0.1) in a fresh temp dir.
struct SelfSignedCert {
  SelfSignedCert();
  ~SelfSignedCert();
  std::string dir, cert_file, key_file;
};

// Redirects file descriptor 2 to a temp file until stop() (or destruction).
class StderrCapture {
 public:
  StderrCapture();
  ~StderrCapture();
  std::string stop();  // restores stderr and returns what was written

 private:
  int saved_ = -1;
  std::string path_;
  bool active_ = false;
};

}  // namespace ge::rest::testing
