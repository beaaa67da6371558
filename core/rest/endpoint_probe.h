// One look at an arbitrary HTTPS endpoint, for the check data source genesysevents_endpoint_check
// (docs/reference/terraform-surface.md "Data sources for checks"): can it be reached, is its
// certificate valid, what does it answer, when does its certificate expire. It talks to the
// endpoint only, never to the API, and needs no credentials.
//
// What is sent: one `GET <url>` with peer and host verification on (the system bundle plus
// `ca_cert_file`, as the API transport trusts: ca_bundle.h), redirects not followed, the body
// read and dropped (at most 64 KiB). When that handshake fails on the certificate (expired,
// untrusted, wrong host), a second connection without verification completes the handshake only
// (CURLOPT_CONNECT_ONLY), to read the certificate's expiry: no HTTP request ever goes over a
// connection whose certificate was not verified.
//
// A probe never fails: what went wrong is in the result. Only the caller's own inputs can be
// wrong (an unreadable ca_cert_file), and that is the result's `config_error`.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "base/cancellation.h"

namespace ge::rest {

struct ProbeOptions {
  std::string url;                             // https://host[:port][/path]
  std::string ca_cert_file;                    // extra trusted CA certificates (PEM); empty = system bundle only
  std::chrono::milliseconds timeout{10000};    // each connection, handshake and answer included
  std::string user_agent;                      // empty = "terraform-provider-genesysevents"
  const base::Cancellation* cancel = nullptr;  // StopProvider: the probe returns promptly
};

struct ProbeResult {
  // A TCP connection to the endpoint was made (whatever followed: TLS failure, no answer).
  bool reachable = false;
  // The TLS handshake completed and the certificate chain and host name verified.
  bool tls_valid = false;
  // The status of the answer to the GET; only sent once tls_valid.
  std::optional<int> http_status;
  // The notAfter of the endpoint's own (leaf) certificate, when a handshake showed it.
  std::optional<std::chrono::system_clock::time_point> certificate_expires_at;
  // Why there is no HTTP answer over verified TLS (libcurl's reason: "Connection refused",
  // "SSL certificate problem: certificate has expired", a timeout); empty when there is one,
  // whatever its status.
  std::string error;
  // The probe's input was unusable (unreadable ca_cert_file, malformed URL): nothing was sent.
  std::string config_error;
  std::chrono::milliseconds latency{0};  // of the verified attempt
};

ProbeResult probe_endpoint(const ProbeOptions& options);

// "Mar  4 12:00:00 2027 GMT" (libcurl's certinfo "Expire date", OpenSSL's ASN1_TIME_print) as a
// time point; nullopt when it does not parse. Exposed for tests.
std::optional<std::chrono::system_clock::time_point> parse_certinfo_time(const std::string& text);

}  // namespace ge::rest
