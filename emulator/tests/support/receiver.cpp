#include "support/receiver.h"

#include "support/tls_files.h"

#include <chrono>
#include <strings.h>

namespace genesys_emulator::testing {

std::string ReceivedRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  return "";
}

Receiver::Receiver() : server_(tls_files().cert.c_str(), tls_files().key.c_str()) {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    int status;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back({req.method, req.path, req.headers, req.body});
      if (!script_.empty()) {
        status = script_.front();
        script_.erase(script_.begin());
      } else {
        status = status_;
      }
    }
    if (delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_.load()));
    res.status = status;
    if (req.path == "/token")
      res.set_content(R"({"access_token":"receiver-token","token_type":"bearer","expires_in":3600})", "application/json");
    else
      res.set_content("{}", "application/json");
  };
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

Receiver::~Receiver() {
  server_.stop();
  thread_.join();
}

std::string Receiver::url(const std::string& path) const {
  return "https://127.0.0.1:" + std::to_string(port_) + path;
}

void Receiver::script(std::vector<int> statuses) {
  std::lock_guard lock(mutex_);
  script_ = std::move(statuses);
}

std::vector<ReceivedRequest> Receiver::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool Receiver::wait_for(std::size_t count, int timeout_ms) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (requests().size() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace genesys_emulator::testing
