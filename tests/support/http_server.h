// Test support: an in-process HTTP or HTTPS server on 127.0.0.1 (cpp-httplib) whose answers
// the test writes as handlers (docs/design/test-support.md).
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <thread>

namespace ge::test_support {

struct HttpServerOptions {
  int worker_threads = 0;      // 0: cpp-httplib's default pool; each kept-alive connection holds one worker
  int keep_alive_seconds = 0;  // 0: cpp-httplib's default (5 s)
};

// Register handlers on http(), then start(); the destructor stops the server and joins its
// thread. Requests are served on cpp-httplib's worker pool, so handlers run concurrently and
// must guard what they share.
class HttpServer {
 public:
  using Options = HttpServerOptions;
  explicit HttpServer(Options options);  // plain HTTP
  HttpServer() : HttpServer(Options{}) {}
  // HTTPS with this certificate (chain) and key, read now: throws std::runtime_error when
  // cpp-httplib cannot use them.
  HttpServer(const std::string& cert_file, const std::string& key_file, Options options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  httplib::Server& http() { return *server_; }
  // Binds a free port on 127.0.0.1 and serves on a thread of its own; returns once the server
  // accepts connections. Throws std::runtime_error when it cannot bind. Call once.
  void start();
  // http(s)://127.0.0.1:<port>; valid after start().
  std::string url() const;
  int port() const { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::string scheme_;
  int port_ = 0;
  std::thread thread_;
};

// The REST and mapping suites' fake API: an HttpServer with 32 workers (the concurrency tests
// hold many kept-alive connections at once) and a 1 s keep-alive timeout.
class TestServer : public HttpServer {
 public:
  TestServer() : HttpServer(kOptions) {}
  TestServer(const std::string& cert_file, const std::string& key_file) : HttpServer(cert_file, key_file, kOptions) {}

 private:
  static constexpr Options kOptions{.worker_threads = 32, .keep_alive_seconds = 1};
};

}  // namespace ge::test_support
