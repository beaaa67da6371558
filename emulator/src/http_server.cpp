#include "http_server.h"

#include "identifiers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>
#include <thread>

namespace genesys_emulator {
namespace {

constexpr std::size_t kWorkerThreads = 64;  // >= 32 concurrent keep-alive clients, each holds a thread
// Larger request bodies are refused with 413 (docs/reference/platform-api.md).
constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
constexpr const char* kCorrelationHeader = "ININ-Correlation-Id";

// The server's clock as an HTTP date (RFC 9110 IMF-fixdate), sent on every answer as the
// platform does: clients judge creation times by it rather than by their own clock.
std::string http_date_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

int port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return -1;
}

// Calls `visit` with each open file descriptor of this process until it returns true. Used to
// find sockets cpp-httplib keeps to itself.
template <typename Visit>
void for_each_own_descriptor(Visit visit) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = -1;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (...) {
      continue;
    }
    if (visit(fd)) return;
  }
}

// A fault with status 0 must look like a dropped connection: no status line at
// all. cpp-httplib does not hand the socket to handlers, so find it among our own
// descriptors by its (local port, peer port) pair and shut it down; the pending
// response write then fails and the server closes the connection.
void drop_connection(const httplib::Request& request) {
  for_each_own_descriptor([&](int fd) {
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) return false;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) return false;
    if (port_of(local) != request.local_port || port_of(peer) != request.remote_port) return false;
    ::shutdown(fd, SHUT_RDWR);
    return true;
  });
}

// cpp-httplib (as packaged, compiled in) listens with a backlog of 5, so a burst
// of 16+ clients connecting at once overflows it and waits for SYN retransmits.
// Calling listen() again on the bound socket raises the backlog; find it by port.
void widen_listen_backlog(int port) {
  for_each_own_descriptor([&](int fd) {
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0 || port_of(local) != port) return false;
    int listening = 0;
    socklen_t size = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0 && listening &&
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0)
      ::listen(fd, 1024);
    return false;
  });
}

// The contract's error code for a status answered outside the handlers (a fault, or
// an error raised inside cpp-httplib); nullptr when no standard code fits.
const char* standard_error_code(int status) {
  static const std::pair<int, const char*> kCodes[] = {{400, "bad.request"},
                                                       {401, "bad.credentials"},
                                                       {403, "forbidden"},
                                                       {404, "not.found"},
                                                       {405, "method.not.allowed"},
                                                       {409, "conflict"},
                                                       {411, "length.required"},
                                                       {413, "request.entity.too.large"},
                                                       {414, "request.uri.too.long"},
                                                       {416, "range.not.satisfiable"},
                                                       {429, "too.many.requests.retry.after"},
                                                       {500, "internal.server.error"},
                                                       {502, "bad.gateway"},
                                                       {503, "service.unavailable"},
                                                       {504, "gateway.timeout"}};
  for (const auto& [s, code] : kCodes)
    if (s == status) return code;
  return nullptr;
}

ApiError fault_error(int status) {
  const char* code = standard_error_code(status);
  ApiError error{status, code ? code : "fault.injected", "Injected fault: HTTP " + std::to_string(status), {}, {}, {},
                 {}};
  if (status == 429) {
    error.message = "Rate limit exceeded the maximum. Retry the request in [1] seconds";
    error.headers.emplace_back("Retry-After", "1");
  }
  return error;
}

// An error cpp-httplib answers on its own, before any handler runs.
ApiError http_layer_error(int status, const httplib::Request& request) {
  std::string message;
  if (status == 400) message = "The request could not be read: malformed request line, headers or body";
  else if (status == 413) message = "The request body is larger than " + std::to_string(kMaxBodyBytes) + " bytes";
  else if (status == 414)
    message = "The request line is longer than " + std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) + " bytes";
  else message = "HTTP " + std::to_string(status) + " for " + request.method + " " + request.path;
  const char* code = standard_error_code(status);
  return ApiError{status, code ? code : "http.error", std::move(message), {}, {}, {}, {}};
}

// Whether a client holding `held` may call a route that admits `wanted` (any one; none = any token).
bool admits(const std::vector<std::string>& wanted, const std::set<std::string>& held) {
  if (wanted.empty()) return true;
  for (const auto& scope : wanted)
    if (held.count(scope)) return true;
  return false;
}

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string text;
  for (const auto& scope : scopes) text += (text.empty() ? "" : " or ") + scope;
  return text;
}

// Methods after whose headers cpp-httplib reads a body.
bool reads_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// JSON text of an answer; strings that are not valid UTF-8 (a request path with %FF
// quoted in a message) are repaired rather than failing the answer.
std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

ApiError api_error(int status, std::string code, std::string message) {
  return ApiError{status, std::move(code), std::move(message), {}, {}, {}, {}};
}

}  // namespace

bool is_loopback(const std::string& address) {
  return starts_with(address, "127.") || address == "::1" || starts_with(address, "::ffff:127.");
}

HttpServer::HttpServer(App& app) : app_(app) {
  if (app.options.tls())
    server_ = std::make_unique<httplib::SSLServer>(app.options.tls_cert.c_str(), app.options.tls_key.c_str());
  else server_ = std::make_unique<httplib::Server>();
  server_->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  // httplib closes keep-alive connections after 5 requests by default; clients
  // (and wrk) expect a connection to stay usable.
  server_->set_keep_alive_max_count(1u << 30);
  server_->set_tcp_nodelay(true);
  auto handler = [this](const httplib::Request& request, httplib::Response& response) { handle(request, response); };
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Patch(".*", handler);
  server_->Delete(".*", handler);
  server_->Options(".*", handler);
  server_->set_payload_max_length(kMaxBodyBytes);
  using Outcome = httplib::Server::HandlerResponse;
  // A request without Content-Length or Transfer-Encoding has no body (RFC 9112
  // section 6.3), as a body-less `curl -X POST` sends it; cpp-httplib would instead
  // wait for the peer to close the connection and then answer 400.
  server_->set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
    if (!reads_body(request.method) || request.has_header("Content-Length") || request.has_header("Transfer-Encoding"))
      return Outcome::Unhandled;
    handle(request, response);
    return Outcome::Handled;
  });
  server_->set_exception_handler(
      [this](const httplib::Request& request, httplib::Response& response, std::exception_ptr thrown) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(thrown);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        answer_outside_pipeline(request, response, api_error(500, "internal.server.error", "Internal error: " + what));
      });
  // cpp-httplib calls this for every answer of status >= 400. Answers of the pipeline
  // (a dropped connection's too) already carry a correlation id; the others are
  // errors cpp-httplib raised itself (malformed request, 413, 414, ...).
  server_->set_error_handler(
      httplib::Server::HandlerWithResponse([this](const httplib::Request& request, httplib::Response& response) {
        if (response.has_header(kCorrelationHeader)) return Outcome::Unhandled;
        answer_outside_pipeline(request, response, http_layer_error(response.status, request));
        return Outcome::Handled;
      }));
}

HttpServer::~HttpServer() = default;

std::optional<std::string> HttpServer::bind(std::string& error) {
  if (!server_->is_valid()) {
    error = "cannot load --tls-cert/--tls-key";
    return std::nullopt;
  }
  int port = app_.options.port;
  if (port == 0) {
    port = server_->bind_to_any_port(app_.options.host);
    if (port < 0) port = 0;
  } else if (!server_->bind_to_port(app_.options.host, port)) {
    port = 0;
  }
  if (port == 0) {
    error = "cannot listen on " + app_.options.host + ":" + std::to_string(app_.options.port);
    return std::nullopt;
  }
  widen_listen_backlog(port);
  std::string host = app_.options.host.find(':') != std::string::npos ? "[" + app_.options.host + "]"
                                                                      : app_.options.host;
  return std::string(app_.options.tls() ? "https" : "http") + "://" + host + ":" + std::to_string(port);
}

bool HttpServer::run() { return server_->listen_after_bind(); }

void HttpServer::stop() { server_->stop(); }

void HttpServer::render(const Reply& reply, const std::string& correlation, const RateDecision& rate,
                        httplib::Response& response) {
  response.status = reply.status;
  response.set_header("Date", http_date_now());
  response.set_header(kCorrelationHeader, correlation);
  response.set_header("inin-ratelimit-count", std::to_string(rate.count));
  response.set_header("inin-ratelimit-allowed", std::to_string(rate.limit));
  response.set_header("inin-ratelimit-reset", std::to_string(rate.reset_seconds));
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
  if (reply.error) {
    for (const auto& [name, value] : reply.error->headers) response.set_header(name, value);
    response.set_content(json_text(reply.error->to_json(correlation)), "application/json");
  } else if (reply.body) {
    response.set_content(json_text(*reply.body), "application/json");
  }
}

void HttpServer::answer_outside_pipeline(const httplib::Request& request, httplib::Response& response, ApiError error) {
  std::string correlation = new_uuid();
  RateDecision rate{true, 0, app_.config.snapshot().rate_limit_per_minute, 60};
  render(Reply::fail(std::move(error)), correlation, rate, response);
  app_.request_log.append(
      RequestLogEntry{0, request.method, request.path, response.status, "", iso_now(), 0, correlation});
}

void HttpServer::handle(const httplib::Request& request, httplib::Response& response) {
  auto started = std::chrono::steady_clock::now();
  std::string timestamp = iso_now();
  std::string correlation = new_uuid();
  ConfigValues config = app_.config.snapshot();
  RateDecision rate{true, 0, config.rate_limit_per_minute, 60};
  std::string client_id;
  bool log = true;
  bool dropped = false;
  std::optional<Fault> after_fault;  // applied once the request has been handled
  Reply reply;

  try {
    if (starts_with(request.path, "/emulator/")) {
      log = !(request.method == "GET" && request.path == "/emulator/requests");
      auto match = app_.controls.match(request.method, request.path);
      if (!is_loopback(request.remote_addr)) {
        reply = Reply::fail(api_error(403, "forbidden", "Emulator controls answer only loopback clients"));
      } else if (!match || !match->route) {
        reply = Reply::fail(not_found("No emulator control " + request.method + " " + request.path));
      } else {
        RequestContext ctx{app_, request, std::move(match->params), ""};
        reply = match->route->handler(ctx);
      }
    } else {
      auto fault = app_.config.take_fault(request.method, request.path);
      if (fault && fault->after) {
        after_fault = std::move(fault);
        fault.reset();
      }
      if (fault && fault->latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault->latency_ms));
      if (fault && fault->status && *fault->status == 0) {
        drop_connection(request);
        dropped = true;
      } else if (fault && fault->status) {
        reply = Reply::fail(fault_error(*fault->status));
      } else if (request.path == "/oauth/token") {
        reply = request.method == "POST" ? app_.oauth.token_endpoint(request, config)
                                         : Reply::fail(api_error(405, "method.not.allowed", "Use POST /oauth/token"));
      } else if (starts_with(request.path, "/api/v2/")) {
        std::string authorization = request.get_header_value("Authorization");
        std::optional<TokenIdentity> identity;
        if (authorization.size() > 7 && to_lower(authorization.substr(0, 7)) == "bearer ") {
          std::string token = authorization.substr(7);
          identity = app_.oauth.validate(token);
          if (identity) {
            const std::string budget = config.rate_limit_scope == "client" ? "client:" + identity->client_id : token;
            rate = app_.rate_limiter.hit(budget, config.rate_limit_per_minute);
          }
        }
        if (identity) client_id = identity->client_id;
        auto match = identity && rate.allowed ? app_.api.match(request.method, request.path) : std::nullopt;
        if (!identity) {
          reply = Reply::fail(api_error(401, "bad.credentials",
                                        authorization.empty()
                                            ? "No authentication bearer token specified in the Authorization header"
                                            : "Invalid login credentials: the token is unknown, expired or revoked"));
        } else if (!rate.allowed) {
          ApiError error = api_error(429, "too.many.requests.retry.after",
                                     "Rate limit exceeded the maximum. Retry the request in [" +
                                         std::to_string(rate.reset_seconds) + "] seconds");
          error.headers.emplace_back("Retry-After", std::to_string(rate.reset_seconds));
          reply = Reply::fail(error);
        } else if (!match) {
          reply = Reply::fail(not_found("No resource at " + request.path));
        } else if (!match->route) {
          reply = Reply::fail(
              api_error(405, "method.not.allowed", request.method + " is not supported on " + request.path));
        } else if (!admits(match->route->scopes, identity->scopes)) {
          reply = Reply::fail(api_error(403, "missing.scope",
                                        "Missing the required scope: " + join_scopes(match->route->scopes) +
                                            " (client " + identity->client_id + ")"));
        } else {
          RequestContext ctx{app_, request, std::move(match->params), identity->client_id};
          reply = match->route->handler(ctx);
        }
      } else {
        reply = Reply::fail(not_found("No resource at " + request.path));
      }
    }
  } catch (const std::exception& e) {
    reply = Reply::fail(api_error(500, "internal.server.error", std::string("Internal error: ") + e.what()));
  }

  if (after_fault) {
    // The request was handled (a write is committed); the client learns nothing of it.
    if (after_fault->latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(after_fault->latency_ms));
    if (after_fault->status && *after_fault->status == 0) {
      drop_connection(request);
      dropped = true;
    } else if (after_fault->status) {
      reply = Reply::fail(fault_error(*after_fault->status));
    }
  }

  if (dropped) {
    response.status = 500;  // never reaches the client: the socket is already shut down
    response.set_header(kCorrelationHeader, correlation);
  } else {
    render(reply, correlation, rate, response);
  }

  if (log) {
    app_.request_log.append(
        RequestLogEntry{0, request.method, request.path, dropped ? 0 : reply.status, client_id, timestamp,
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count(),
                        dropped ? std::string() : correlation});
  }
}

}  // namespace genesys_emulator
