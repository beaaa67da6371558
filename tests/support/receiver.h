// Test support: an HTTPS endpoint on 127.0.0.1 that records every request and answers with a
// status the test sets. It stands in for whatever the emulator or the provider calls out to:
// webhook deliveries, EventBridge target verifications, OAuth token URLs, source callbacks and
// change notifications (docs/design/test-support.md).
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/tls_files.h"

namespace ge::test_support {

// Contract:
// - POST and PUT to any path are recorded, then answered; other methods get cpp-httplib's
//   404 and are not recorded.
// - The status of an answer is the next one from script(), else the last set_status() (at
//   first the constructor's). The body is `{}` (application/json), except for the path
//   `/token`, which answers an OAuth token: {"access_token":"receiver-token","token_type":
//   "bearer","expires_in":3600}.
// - delay_ms() holds each answer back that long, after recording the request.
// - Served on a thread pool: requests() and friends may be called while requests arrive.
class Receiver {
 public:
  struct Request {
    std::string method;
    std::string path;                            // without the query string
    std::map<std::string, std::string> headers;  // names in lower case; a repeated header keeps its first value
    std::string body;                            // exactly the bytes received

    // The value of header `name` (any case), or "" when absent.
    std::string header(const std::string& name) const;
  };

  // Serves a certificate from a CA of its own (TlsFiles::ca_signed): whoever calls it must
  // trust ca_file(); no other receiver shares that CA.
  explicit Receiver(int status = 200);
  // Serves `tls`'s certificate and key (read now; `tls` need not outlive the receiver);
  // ca_file() is tls.ca_file(). For several receivers behind one trust file.
  explicit Receiver(const TlsFiles& tls, int status = 200);
  ~Receiver();
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  // https://127.0.0.1:<port><path>
  std::string url(const std::string& path = "/events") const;
  const std::string& ca_file() const { return ca_file_; }

  void set_status(int status);
  // Statuses for the next requests, in order; afterwards set_status's again.
  void script(std::vector<int> statuses);
  void delay_ms(int ms);

  // How many POSTs arrived so far.
  int posts() const;
  // Every recorded request so far, oldest first; only those to `path` when it is not empty.
  std::vector<Request> requests(const std::string& path = "") const;
  // Waits until at least `count` requests were recorded; false when `timeout_ms` passed first.
  bool wait_for(std::size_t count, int timeout_ms = 5000) const;

 private:
  struct State;
  void serve(const std::string& cert_file, const std::string& key_file, int status);
  std::optional<TlsFiles> own_tls_;
  std::string ca_file_;
  std::unique_ptr<State> state_;
};

}  // namespace ge::test_support
