// When a failed attempt is tried again, and after how long.
//
// Retried (up to max_retries extra attempts):
//  - 429 and 500, 502, 503, 504: the server answered and asks us to come back; safe for every
//    method, POST included, because the server either did nothing (429, 503) or failed before
//    committing (docs/reference/api-contract.md gives no partial-success semantics for 5xx).
//    The Platform API gives no such promise: a request with Request::resend_in_doubt false (a
//    create whose names are not unique) is not re-sent after a 5xx (client.h).
//  - Transport failures that may be transient (refused or reset connection, timeout, a dropped
//    connection): for GET, PUT, DELETE and other idempotent methods always; for POST and PATCH
//    only when not one byte of the request was sent (DNS, connect or TLS handshake failure).
//    A POST whose connection dropped after it was sent may have created the object already,
//    and a second POST would create a duplicate (or fail with duplicate.name); that failure is
//    returned instead, for the caller to reconcile by reading.
// Never retried: any other 4xx (the request itself is wrong), TLS verification and
// configuration failures, cancellation.
//
// Back-off: jittered exponential, uniform in [d/2, d] where d = min(cap, base * 2^(n-1)) for
// the n-th retry, so concurrent clients that failed together do not come back together.
// A Retry-After header (delta-seconds, or an HTTP date) replaces the computed delay; one longer
// than max_retry_after ends the retries instead (the API's rate window is one minute, so a
// longer wait means something else is wrong, and the caller should hear about it).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace ge::rest {

struct RetryPolicy {
  int max_retries = 3;
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{30000};
  std::chrono::milliseconds max_retry_after{120000};

  // Whether an HTTP answer with this status is worth another attempt.
  static bool retriable_status(int http_status);
  // Whether a transport failure is worth another attempt for this method.
  static bool retriable_failure(std::string_view method, bool transient, bool request_sent);

  // Delay before retry number `retry` (1-based); `retry_after` is the server's request.
  // nullopt: the server asked for a wait longer than max_retry_after, so do not retry.
  std::optional<std::chrono::milliseconds> delay(int retry, std::optional<std::chrono::milliseconds> retry_after) const;
};

// Parses a Retry-After value: delta-seconds ("3") or an HTTP date. nullopt when absent or
// unparseable. Dates in the past give zero; a wait is at most a day (longer ones, and numbers of
// more than nine digits, read as a day), so adding it to a clock never overflows.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value);

}  // namespace ge::rest
