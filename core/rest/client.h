// The HTTP client every resource uses: JSON over HTTPS to the Genesys Cloud API (or the
// emulator), with OAuth, pacing, retries and error parsing (docs/reference/api-contract.md "Hosts, auth and
// common behaviour"). It knows HTTP and JSON only, never Terraform values.
//
// Thread-safety: one Client per provider configuration, called from many threads at once
// (Terraform runs 10 RPCs concurrently). Everything it holds (connection pool, token, rate
// limiter) is shared across those threads and internally locked.
//
// One send() is:
//   wait for the rate limiter -> get the token -> one HTTP attempt -> on 401, drop the token,
//   mint a fresh one and try once more (not counted as a retry) -> on a retriable failure
//   (retry_policy.h: 429, 500/502/503/504, transient transport failures; POST only when the
//   request never left) back off and try again, up to max_retries times.
// Each attempt is logged at debug ("HTTP request": method, path, status, latency_ms, attempt,
// correlation_id; never headers, tokens or bodies). At trace level request and response
// bodies are logged with secret fields masked (secret_fields.h).
// StopProvider (the Cancellation) interrupts rate-limit waits, back-offs and GETs in flight,
// and stops new attempts; send() then returns Error kCancelled. A mutation already on the wire
// runs to its answer (transport.h, docs/design/cancellation.md) so the caller learns what it
// created; a failed one is then not retried.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/cancellation.h"
#include "base/status.h"
#include "rest/error.h"
#include "rest/rate_limiter.h"
#include "rest/retry_policy.h"
#include "rest/token_source.h"
#include "rest/transport.h"

namespace ge::rest {

// What one send() did, handed to the RequestObserver: the raw material of metrics and the
// audit log. Never carries headers, tokens or bodies.
struct RequestOutcome {
  std::string method;  // upper case
  std::string path;    // as in Request::path (ids substituted), without the query
  // The HTTP status of every attempt in order; 0 for an attempt that got no answer (dropped
  // connection, timeout, TLS failure). Its size is the number of requests the server saw at most.
  std::vector<int> attempt_statuses;
  int retries = 0;                       // back-off retries (429, 5xx, transport); the one 401 token refresh is not one
  std::chrono::milliseconds latency{0};  // the whole send(): pacing, back-offs and retries included
  std::string correlation_id;            // ININ-Correlation-Id of the last answer; empty without one
  bool ok = false;                       // send() returned a 2xx Response
  // Whether an attempt may have acted on the server without the caller seeing it succeed: it
  // was sent and got no answer (dropped connection, timeout) or was answered 5xx. A 429, a
  // 4xx and a request that never left (refused connection) are known not to have acted.
  bool in_doubt = false;
};

// Called once per send() that made at least one attempt, after the last attempt and before
// send() returns, on the calling thread (so a caller may attribute outcomes to the operation
// running on that thread). Called from many threads at once: it must be thread-safe and fast,
// and must not call back into the Client.
using RequestObserver = std::function<void(const RequestOutcome&)>;

struct ClientConfig {
  std::string api_base;    // e.g. https://api.mypurecloud.com or http://127.0.0.1:8787
  std::string login_base;  // e.g. https://login.mypurecloud.com; empty = same as api_base
  std::string client_id, client_secret;
  std::string access_token;  // used as is when set: no grant is ever made
  std::string ca_cert_file;  // extra trusted CAs (PEM), added to the system bundle
  int max_retries = 3;
  double requests_per_minute = 300;  // the API's default per-token budget; <= 0 = no pacing
  std::chrono::milliseconds connect_timeout{10000}, request_timeout{60000};
  std::string user_agent;  // empty = "terraform-provider-genesysevents"
  // Back-off of retry_policy.h: first delay and cap. Defaults suit the real API; tests shorten them.
  std::chrono::milliseconds retry_base_delay{500}, retry_max_delay{30000};
  RequestObserver observer;  // empty = nobody observes
};

struct Request {
  std::string method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;    // "/api/v2/events/webhooks/{id}" with the id already substituted
  std::vector<std::pair<std::string, std::string>> query;  // percent-encoded by the client
  std::optional<nlohmann::json> body;                      // sent as application/json when set
  // false: an attempt whose outcome is in doubt (RequestOutcome::in_doubt: a 5xx, or no answer
  // after the request was sent) is not re-sent; its error is returned for the caller to
  // reconcile. For a create whose names are not unique, where a re-send would make a second
  // object nobody can tell from the first (docs/design/engine-rules.md "Adopting a lost create").
  bool resend_in_doubt = true;
};

struct Response {
  int status = 0;
  nlohmann::json body;                         // null when the body is empty
  std::string correlation_id;                  // ININ-Correlation-Id
  std::map<std::string, std::string> headers;  // lower-case names
  // The server's clock when it answered (the Date header); nullopt when it sent none.
  std::optional<std::chrono::system_clock::time_point> server_time;
  std::chrono::milliseconds latency{0};  // the whole send(): waits and retries included
  int attempts = 1;
};

class Client {
 public:
  // Never fails: a configuration problem (no api_base, no credentials, unreadable CA file) is
  // returned as Error kConfig by every call, so the provider can report it as a diagnostic.
  // A null `cancel` means the client is never cancelled.
  explicit Client(ClientConfig config, std::shared_ptr<base::Cancellation> cancel);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // A 2xx answer, or an Error: kHttp for other statuses (kAuth for 401), kTransport, kTimeout,
  // kCancelled, kConfig. A 2xx body that is not JSON is an Error kTransport.
  // The observer (ClientConfig::observer) hears of it once the attempts are over; so does
  // `outcome` when given (whether or not an attempt was made).
  base::Result<Response, Error> send(const Request& request, RequestOutcome* outcome = nullptr);

  // GETs every page of a list endpoint (docs/reference/api-contract.md "Paging": pageSize=100, pageNumber
  // 1..pageCount) and returns all entities in order. `query` is added to every page request
  // (e.g. {"name", "x"}). A page without an `entities` array is an Error kHttp.
  base::Result<std::vector<nlohmann::json>, Error> list_all(
      const std::string& path, std::vector<std::pair<std::string, std::string>> query = {});

 private:
  // send() without the observer; fills `outcome` as the attempts go.
  base::Result<Response, Error> attempt(const Request& request, RequestOutcome& outcome);

  ClientConfig config_;
  std::shared_ptr<base::Cancellation> cancel_;
  std::optional<Error> config_error_;
  RetryPolicy retry_;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<TokenSource> tokens_;
  RateLimiter limiter_;
};

}  // namespace ge::rest
