// One HTTP exchange over libcurl, with no policy: no retries, auth or pacing (client.h adds
// those). Thread-safe: many threads may call perform() at once.
//
// Connections: a pool of (multi, easy) handle pairs. A transfer borrows a pair, so the
// connection it leaves open is reused by the next transfer that borrows the same pair; DNS
// answers and TLS sessions are shared by all pairs through a curl share handle. Connection
// caches are deliberately not shared: libcurl does not support sharing connections between
// concurrent threads (CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT). POST and PATCH never reuse a
// connection (CURLOPT_FRESH_CONNECT): libcurl silently re-sends a request whose kept-alive
// connection died before the answer, which for a create would be a second, unseen create.
//
// TLS: peer and host verification are always on. `ca_cert_file` is trusted *in addition to*
// the system bundle: CURLOPT_CAINFO (and CURLOPT_CAINFO_BLOB, which overrides it) replace the
// default bundle, so the transport loads libcurl's default bundle (CURLINFO_CAINFO, else
// /etc/ssl/certs/ca-certificates.crt) and the extra file into one PEM blob given as
// CURLOPT_CAINFO_BLOB (ca_bundle.h, shared with the endpoint probe). A private CA for an
// emulator or a TLS-inspecting proxy then works without losing the public roots that
// api.mypurecloud.com needs.
//
// Proxies: libcurl reads http_proxy, https_proxy/HTTPS_PROXY, all_proxy/ALL_PROXY and
// no_proxy/NO_PROXY itself. It ignores upper-case HTTP_PROXY on purpose (the CGI "httpoxy"
// issue, irrelevant to a provider); Go tools (Terraform, the official Genesys provider)
// honour it, so the transport passes HTTP_PROXY on for http:// URLs when http_proxy is unset.
// no_proxy still applies.
//
// Cancellation: the transfer is driven by curl_multi_poll in slices of at most 50 ms. A GET is
// aborted as soon as the Cancellation fires, so StopProvider interrupts a slow server promptly
// (a progress callback alone can go a second between calls on an idle connection). A mutation
// already on the wire is not aborted: it may have taken effect, and its answer is what lets
// the caller record the object in state. Nothing new starts once cancelled.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/cancellation.h"
#include "base/status.h"
#include "rest/error.h"

namespace ge::rest {

struct TransportConfig {
  std::string ca_cert_file;  // extra trusted CA certificates (PEM); empty = system bundle only
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds request_timeout{60000};  // whole transfer, connect included
  std::string user_agent;
};

struct HttpRequest {
  std::string method;                // GET, POST, PUT, PATCH, DELETE
  std::string url;                   // absolute, query included
  std::vector<std::string> headers;  // "Name: value"
  std::optional<std::string> body;   // sent as is (with no Content-Type unless given in headers)
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; last value wins
  std::string body;
  std::chrono::milliseconds latency{0};
};

// A transfer that produced no HTTP answer.
struct TransportFailure {
  Error error;  // kind kTransport, kTimeout, kCancelled or kConfig
  // True when the failure may go away on a second try (connect refused, reset, timeout);
  // false for configuration and TLS verification problems.
  bool transient = false;
  // False only when not one byte of the request was sent (DNS, connect, TLS handshake
  // failures): the server cannot have acted on it, so even a POST may be retried.
  bool request_sent = true;
};

class Transport {
 public:
  // Never fails: a configuration problem (unreadable ca_cert_file) is kept and returned by
  // every perform() as a kConfig failure, so construction can stay infallible.
  Transport(TransportConfig config, std::shared_ptr<base::Cancellation> cancel);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  base::Result<HttpResponse, TransportFailure> perform(const HttpRequest& request);

 private:
  struct Slot;
  struct Shared;

  std::unique_ptr<Slot> borrow();
  void give_back(std::unique_ptr<Slot> slot);

  TransportConfig config_;
  std::shared_ptr<base::Cancellation> cancel_;
  std::unique_ptr<Shared> shared_;  // share handle + its locks; outlives every slot
  std::string ca_blob_;             // system bundle + ca_cert_file, when ca_cert_file is set
  std::optional<Error> config_error_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<Slot>> pool_;
};

}  // namespace ge::rest
