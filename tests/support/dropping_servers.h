// Test support: loopback servers that fail at the connection level, for the transport's retry
// and reconnect rules (docs/design/test-support.md). Plain HTTP/1.1 over raw sockets.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ge::test_support {

namespace detail {

// What both servers share: a socket listening on a free 127.0.0.1 port and a thread that
// accepts connections one at a time, hands each to `on_connection` (which reads and writes the
// connected socket as it likes) and closes it when the callback returns. The destructor stops
// accepting within 20 ms, waits for the callback in progress and closes the socket.
class AcceptLoop {
 public:
  // `what` names the server in the std::runtime_error thrown when it cannot listen.
  AcceptLoop(const char* what, std::function<void(int connection)> on_connection);
  ~AcceptLoop();
  AcceptLoop(const AcceptLoop&) = delete;
  AcceptLoop& operator=(const AcceptLoop&) = delete;
  std::string url() const;  // http://127.0.0.1:<port>

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::function<void(int)> on_connection_;
  std::thread thread_;
};

}  // namespace detail

// Accepts connections, reads one request head, closes without answering: a "dropped
// connection" after the request was sent. Counts the connections it accepted.
class DroppingServer {
 public:
  DroppingServer();  // listening on a free 127.0.0.1 port; throws std::runtime_error when it cannot
  std::string url() const { return loop_.url(); }  // http://127.0.0.1:<port>
  int connections() const { return connections_.load(); }

 private:
  std::atomic<int> connections_{0};
  detail::AcceptLoop loop_;  // last: stopped before the members its callback uses go
};

// Answers the first request on each connection (200, `{}`, kept alive) and closes the
// connection after reading the head of the second one: a kept-alive connection that dies
// under the next request. Records the method of every request head it read, in order.
class ReusedConnectionDroppingServer {
 public:
  ReusedConnectionDroppingServer();  // as DroppingServer
  std::string url() const { return loop_.url(); }
  std::vector<std::string> methods() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> methods_;
  detail::AcceptLoop loop_;  // last, as in DroppingServer
};

// A 127.0.0.1 port with nothing listening (connection refused): bound once and released, so
// another process could take it in the meantime; good enough for a test's "nobody there".
int closed_port();

}  // namespace ge::test_support
