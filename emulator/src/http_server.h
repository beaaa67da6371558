// The HTTP(S) front of the emulator: binds the address, runs every request through
// the common pipeline, and serves until stop().
//
// Pipeline (docs/emulator.md): correlation id -> /emulator/ controls (loopback
// only, no auth) | faults -> POST /oauth/token | /api/v2: bearer token (401) ->
// per-token rate limit (429) -> route (404) -> scope (403) -> handler. Every
// response carries ININ-Correlation-Id and the inin-ratelimit-* headers; every
// request except GET /emulator/requests is logged. Errors cpp-httplib raises itself
// (malformed request, 413, 414) and exceptions that escape get the same error body,
// headers and log entry; a request without Content-Length has an empty body.
#pragma once

#include "app.h"

#include <httplib.h>

#include <memory>
#include <string>

namespace genesys_emulator {

// True for IPv4 127/8, ::1 and IPv4-mapped 127/8: the only peers the controls answer.
bool is_loopback(const std::string& address);

class HttpServer {
 public:
  explicit HttpServer(App& app);
  ~HttpServer();

  // Binds host:port (port 0 = any free port); returns the URL to announce, or
  // nullopt with `error` set.
  std::optional<std::string> bind(std::string& error);
  // Serves until stop(); returns false when the listener failed.
  bool run();
  // Safe from any thread.
  void stop();

 private:
  void handle(const httplib::Request& request, httplib::Response& response);
  // Status, correlation id, rate-limit headers and the JSON body of `reply`.
  static void render(const Reply& reply, const std::string& correlation, const RateDecision& rate,
                     httplib::Response& response);
  // Answers and logs an error raised before or after the pipeline (inside cpp-httplib).
  void answer_outside_pipeline(const httplib::Request& request, httplib::Response& response, ApiError error);

  App& app_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace genesys_emulator
