// Test support: loopback servers that fail at the connection level, for the transport's retry
// and reconnect rules (docs/design/test-support.md). Plain HTTP/1.1 over raw sockets.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ge::test_support {

// Accepts connections, reads one request head, closes without answering: a "dropped
// connection" after the request was sent. Counts the connections it accepted.
class DroppingServer {
 public:
  DroppingServer();  // listening on a free 127.0.0.1 port; throws std::runtime_error when it cannot
  ~DroppingServer();
  std::string url() const;  // http://127.0.0.1:<port>
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
  ReusedConnectionDroppingServer();  // as DroppingServer
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

// A 127.0.0.1 port with nothing listening (connection refused): bound once and released, so
// another process could take it in the meantime; good enough for a test's "nobody there".
int closed_port();

}  // namespace ge::test_support
