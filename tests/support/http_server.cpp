#include "support/http_server.h"

#include <chrono>
#include <stdexcept>

namespace ge::test_support {
namespace {

void configure(httplib::Server& server, const HttpServer::Options& options) {
  if (options.worker_threads > 0) {
    server.new_task_queue = [n = options.worker_threads] { return new httplib::ThreadPool(n); };
  }
  if (options.keep_alive_seconds > 0) server.set_keep_alive_timeout(options.keep_alive_seconds);
}

}  // namespace

HttpServer::HttpServer(Options options) : server_(std::make_unique<httplib::Server>()), scheme_("http") {
  configure(*server_, options);
}

HttpServer::HttpServer(const std::string& cert_file, const std::string& key_file, Options options)
    : server_(std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str())), scheme_("https") {
  if (!server_->is_valid()) throw std::runtime_error("test server cannot use " + cert_file + " and " + key_file);
  configure(*server_, options);
}

void HttpServer::start() {
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("test server could not bind");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs, so a quick test could otherwise hang on join.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

HttpServer::~HttpServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string HttpServer::url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }

}  // namespace ge::test_support
