// Test support: an HTTPS server on 127.0.0.1 that records every request and answers
// with a configurable status and delay; stands in for webhook endpoints, target
// endpoints, OAuth token URLs and source callbacks.
#pragma once

#include <httplib.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace genesys_emulator::testing {

struct ReceivedRequest {
  std::string method;
  std::string path;
  httplib::Headers headers;
  std::string body;

  std::string header(const std::string& name) const;
};

class Receiver {
 public:
  Receiver();
  ~Receiver();

  // https://127.0.0.1:PORT + path
  std::string url(const std::string& path = "/hook") const;
  void respond_with(int status) { status_ = status; }
  void delay_ms(int ms) { delay_ms_ = ms; }
  // Statuses for the next requests in order; afterwards respond_with's status.
  void script(std::vector<int> statuses);
  std::vector<ReceivedRequest> requests() const;
  // Waits until at least `count` requests arrived; false on timeout.
  bool wait_for(std::size_t count, int timeout_ms = 5000) const;

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> status_{200};
  std::atomic<int> delay_ms_{0};
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> requests_;
  std::vector<int> script_;
};

}  // namespace genesys_emulator::testing
