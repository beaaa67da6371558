#include "rest/retry_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <random>
#include <string>

namespace ge::rest {
namespace {

// A day: far beyond RetryPolicy::max_retry_after, so such a wait ends the retries, and far
// within what a clock's time_point can add.
constexpr long long kMaxRetryAfterSeconds = 86400;

}  // namespace

bool RetryPolicy::retriable_status(int s) { return s == 429 || s == 500 || s == 502 || s == 503 || s == 504; }

bool RetryPolicy::retriable_failure(std::string_view method, bool transient, bool request_sent) {
  if (!transient) return false;
  if (!request_sent) return true;
  return method != "POST" && method != "PATCH";
}

std::optional<std::chrono::milliseconds> RetryPolicy::delay(
    int retry, std::optional<std::chrono::milliseconds> retry_after) const {
  if (retry_after) {
    if (*retry_after > max_retry_after) return std::nullopt;
    return *retry_after;
  }
  auto d = base_delay;
  for (int i = 1; i < retry && d < max_delay; ++i) d *= 2;
  d = std::min(d, max_delay);
  if (d.count() <= 1) return d;
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<long long> pick(d.count() / 2, d.count());
  return std::chrono::milliseconds(pick(rng));
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) {
  std::string v(value);
  v.erase(0, v.find_first_not_of(" \t"));
  v.erase(v.find_last_not_of(" \t") + 1);
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
    // More digits than any wait worth honouring: the longest one, so a caller gives up rather
    // than overflowing.
    if (v.size() > 9) return std::chrono::seconds(kMaxRetryAfterSeconds);
    return std::chrono::seconds(std::min<long long>(std::stoll(v), kMaxRetryAfterSeconds));
  }
  // RFC 9110 allows an HTTP date too; libcurl already knows how to read one.
  time_t when = curl_getdate(v.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  time_t now = std::time(nullptr);
  return std::chrono::seconds(std::clamp<time_t>(when - now, 0, kMaxRetryAfterSeconds));
}

}  // namespace ge::rest
