#include "support/dropping_servers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <optional>
#include <stdexcept>
#include <utility>

namespace ge::test_support {
namespace {

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

namespace detail {

AcceptLoop::AcceptLoop(const char* what, std::function<void(int)> on_connection)
    : fd_(listen_on_loopback(what)), port_(bound_port(fd_)), on_connection_(std::move(on_connection)) {
  thread_ = std::thread([this] {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      on_connection_(c);
      close(c);
    }
  });
}

AcceptLoop::~AcceptLoop() {
  stop_ = true;
  thread_.join();
  close(fd_);
}

std::string AcceptLoop::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

}  // namespace detail

DroppingServer::DroppingServer()
    : loop_("dropping server", [this](int c) {
        ++connections_;
        read_head(c);  // the whole request arrives; then the connection drops unanswered
      }) {}

ReusedConnectionDroppingServer::ReusedConnectionDroppingServer()
    : loop_("reused-connection dropping server", [this](int c) {
        for (int request = 1; request <= 2; ++request) {
          auto head = read_head(c);
          if (!head) return;
          {
            std::lock_guard lock(mu_);
            methods_.push_back(head->substr(0, head->find(' ')));
          }
          if (request == 2) return;
          static constexpr char kAnswer[] =
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
          send(c, kAnswer, sizeof kAnswer - 1, MSG_NOSIGNAL);
        }
      }) {}

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

}  // namespace ge::test_support
