#include "test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace ge::rest::testing {
namespace {

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "ge-rest-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

void configure(httplib::Server& s) {
  // Enough workers for the concurrency tests: each kept-alive connection holds one.
  s.new_task_queue = [] { return new httplib::ThreadPool(32); };
  s.set_keep_alive_timeout(1);
}

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

int bound_port(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

}  // namespace

TestServer::TestServer() : server_(std::make_unique<httplib::Server>()), scheme_("http") { configure(*server_); }

TestServer::TestServer(const std::string& cert_file, const std::string& key_file)
    : server_(std::make_unique<httplib::SSLServer>(cert_file.c_str(), key_file.c_str())), scheme_("https") {
  configure(*server_);
}

void TestServer::start() {
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("test server could not bind");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs, so a quick test could otherwise hang on join.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TestServer::~TestServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string TestServer::url() const { return scheme_ + "://127.0.0.1:" + std::to_string(port_); }

namespace {

// Reads one request head from `c` (nullopt when the peer closed or went quiet for a second).
std::optional<std::string> read_head(int c) {
  std::string head;
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    pollfd q{c, POLLIN, 0};
    if (poll(&q, 1, 1000) <= 0) return std::nullopt;
    ssize_t n = recv(c, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    head.append(buf, static_cast<size_t>(n));
  }
  return head;
}

// A socket listening on a free loopback port; throws naming `what` when it cannot.
int listen_on_loopback(const char* what) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  auto a = loopback(0);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd, 16) != 0) {
    throw std::runtime_error(std::string(what) + " could not bind");
  }
  return fd;
}

}  // namespace

DroppingServer::DroppingServer() {
  fd_ = listen_on_loopback("dropping server");
  port_ = bound_port(fd_);
  thread_ = std::thread([this] {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      ++connections_;
      read_head(c);  // the whole request arrives; then the connection drops unanswered
      close(c);
    }
  });
}

DroppingServer::~DroppingServer() {
  stop_ = true;
  thread_.join();
  close(fd_);
}

std::string DroppingServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

ReusedConnectionDroppingServer::ReusedConnectionDroppingServer() {
  fd_ = listen_on_loopback("reused-connection dropping server");
  port_ = bound_port(fd_);
  thread_ = std::thread([this] {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      for (int request = 1; request <= 2; ++request) {
        auto head = read_head(c);
        if (!head) break;
        {
          std::lock_guard lock(mu_);
          methods_.push_back(head->substr(0, head->find(' ')));
        }
        if (request == 2) break;
        static constexpr char kAnswer[] =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        send(c, kAnswer, sizeof kAnswer - 1, MSG_NOSIGNAL);
      }
      close(c);
    }
  });
}

ReusedConnectionDroppingServer::~ReusedConnectionDroppingServer() {
  stop_ = true;
  thread_.join();
  close(fd_);
}

std::string ReusedConnectionDroppingServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<std::string> ReusedConnectionDroppingServer::methods() const {
  std::lock_guard lock(mu_);
  return methods_;
}

int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  auto a = loopback(0);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  int port = bound_port(fd);
  close(fd);  // bound but never listened: connecting is refused
  return port;
}

SelfSignedCert::SelfSignedCert() : dir(make_temp_dir()) {
  cert_file = dir + "/cert.pem";
  key_file = dir + "/key.pem";
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(x, key, EVP_sha256());
  FILE* f = std::fopen(cert_file.c_str(), "w");
  PEM_write_X509(f, x);
  std::fclose(f);
  f = std::fopen(key_file.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(x);
  EVP_PKEY_free(key);
}

SelfSignedCert::~SelfSignedCert() { std::filesystem::remove_all(dir); }

StderrCapture::StderrCapture() {
  std::fflush(stderr);
  path_ = make_temp_dir() + "/stderr.log";
  int fd = open(path_.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  saved_ = dup(2);
  dup2(fd, 2);
  close(fd);
  active_ = true;
}

StderrCapture::~StderrCapture() {
  if (active_) stop();
  std::filesystem::remove_all(std::filesystem::path(path_).parent_path());
}

std::string StderrCapture::stop() {
  std::fflush(stderr);
  dup2(saved_, 2);
  close(saved_);
  active_ = false;
  std::ifstream in(path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace ge::rest::testing
