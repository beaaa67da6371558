// Test support: an HTTPS endpoint on 127.0.0.1 for what probes one: the REST endpoint probe
// (core/rest/endpoint_probe.h) and the genesysevents_endpoint_check data source
// (docs/design/test-support.md).
#pragma once

#include <atomic>
#include <string>

#include "support/http_server.h"
#include "support/tls_files.h"

namespace ge::test_support {

// Contract:
// - every GET, whatever its path, is counted, then answered with the constructor's status and
//   the body `{}` (application/json); other methods get cpp-httplib's 404 and are not counted;
// - the certificate is TlsFiles::self_signed(validity): trusting cert_file() trusts it, a
//   window in the past serves an expired certificate, and a client trusting nothing else
//   rejects it as self-signed;
// - served on a thread pool from construction until destruction; throws std::runtime_error
//   when it cannot start.
class HttpsEndpoint {
 public:
  explicit HttpsEndpoint(int status = 200, Validity validity = {});

  // https://127.0.0.1:<port><path>
  std::string url(const std::string& path = "/health") const;
  const std::string& cert_file() const { return tls_.cert_file(); }
  const TlsFiles& tls() const { return tls_; }
  // How many GETs arrived so far.
  int gets() const { return gets_.load(); }

 private:
  TlsFiles tls_;
  std::atomic<int> gets_{0};
  HttpServer server_;  // last: stopped before the counter it updates goes
};

}  // namespace ge::test_support
