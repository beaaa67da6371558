#include "support/receiver.h"

#include <strings.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>

#include "support/http_server.h"

namespace ge::test_support {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string Receiver::Request::header(const std::string& name) const {
  auto it = headers.find(lower(name));
  return it == headers.end() ? "" : it->second;
}

struct Receiver::State {
  std::unique_ptr<HttpServer> server;
  std::atomic<int> status{200};
  std::atomic<int> delay_ms{0};
  mutable std::mutex mutex;
  std::vector<Request> requests;  // guarded by mutex
  std::vector<int> script;        // guarded by mutex
};

Receiver::Receiver(int status) : own_tls_(TlsFiles::ca_signed()) {
  ca_file_ = own_tls_->ca_file();
  serve(own_tls_->cert_file(), own_tls_->key_file(), status);
}

Receiver::Receiver(const TlsFiles& tls, int status) : ca_file_(tls.ca_file()) {
  serve(tls.cert_file(), tls.key_file(), status);
}

void Receiver::serve(const std::string& cert_file, const std::string& key_file, int status) {
  state_ = std::make_unique<State>();
  state_->status = status;
  state_->server = std::make_unique<HttpServer>(cert_file, key_file);
  auto handler = [s = state_.get()](const httplib::Request& req, httplib::Response& res) {
    Request recorded{req.method, req.path, {}, req.body};
    for (const auto& [name, value] : req.headers) recorded.headers.emplace(lower(name), value);
    int answer;
    {
      std::lock_guard lock(s->mutex);
      s->requests.push_back(std::move(recorded));
      if (!s->script.empty()) {
        answer = s->script.front();
        s->script.erase(s->script.begin());
      } else {
        answer = s->status;
      }
    }
    if (int ms = s->delay_ms.load(); ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    res.status = answer;
    if (req.path == "/token") {
      res.set_content(R"({"access_token":"receiver-token","token_type":"bearer","expires_in":3600})",
                      "application/json");
    } else {
      res.set_content("{}", "application/json");
    }
  };
  state_->server->http().Post(".*", handler);
  state_->server->http().Put(".*", handler);
  state_->server->start();
}

Receiver::~Receiver() {
  if (state_) state_->server.reset();  // stops serving before the state its handlers use goes
}

std::string Receiver::url(const std::string& path) const {
  return "https://127.0.0.1:" + std::to_string(state_->server->port()) + path;
}

void Receiver::set_status(int status) { state_->status = status; }

void Receiver::script(std::vector<int> statuses) {
  std::lock_guard lock(state_->mutex);
  state_->script = std::move(statuses);
}

void Receiver::delay_ms(int ms) { state_->delay_ms = ms; }

int Receiver::posts() const {
  std::lock_guard lock(state_->mutex);
  int n = 0;
  for (const auto& r : state_->requests) n += r.method == "POST" ? 1 : 0;
  return n;
}

std::vector<Receiver::Request> Receiver::requests(const std::string& path) const {
  std::lock_guard lock(state_->mutex);
  std::vector<Request> out;
  for (const auto& r : state_->requests) {
    if (path.empty() || r.path == path) out.push_back(r);
  }
  return out;
}

bool Receiver::wait_for(std::size_t count, int timeout_ms) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (requests().size() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace ge::test_support
