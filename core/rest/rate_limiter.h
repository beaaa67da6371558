// Client-side pacing, so a large apply stays under the API's per-token budget instead of
// bouncing off 429s (docs/reference/api-contract.md "Pacing large applies").
//
// One RateLimiter per Client, shared by all its threads. It is a token bucket in its GCRA form:
// requests are spaced 60/requests_per_minute seconds apart, with a burst of up to kMaxBurst
// (never more than one second's worth) allowed back to back after an idle spell. Each caller
// reserves its own start time under a lock, so N threads waiting at once leave in order, evenly
// spaced.
//
// It adapts to the server (docs/reference/api-contract.md "Rate limit"): every response carries
// inin-ratelimit-count (used in the window), inin-ratelimit-allowed (the budget) and
// inin-ratelimit-reset (seconds until the window resets).
//  - When the budget is lower than requests_per_minute, pacing slows to the budget.
//  - When the window is nearly spent (remaining <= max(1, allowed/50)), every caller waits
//    until the reset: the few requests already in flight can use the rest.
//  - A 429's Retry-After holds every caller, not just the one that got it (pause_until).
// Waits observe the Cancellation.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "base/cancellation.h"

namespace ge::rest {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kMaxBurst = 5;
  // Longest server-requested pause honoured; the API's window is one minute.
  static constexpr std::chrono::seconds kMaxPause{120};

  // requests_per_minute <= 0 turns pacing off (server pauses still apply).
  RateLimiter(double requests_per_minute, std::shared_ptr<base::Cancellation> cancel);

  // Waits until the caller may send one request. False when cancelled while waiting.
  bool acquire();

  // Reserves the next slot as of `now` and returns when it starts; acquire() = reserve + sleep.
  // Exposed so the pacing arithmetic can be tested without sleeping.
  Clock::time_point reserve(Clock::time_point now);

  // Feeds back a response's headers (lower-case names).
  void observe(const std::map<std::string, std::string>& headers, Clock::time_point now);

  // Holds every caller until `until` (a 429's Retry-After).
  void pause_until(Clock::time_point until);

 private:
  Clock::duration interval_locked() const;

  const double configured_rpm_;
  std::shared_ptr<base::Cancellation> cancel_;
  std::mutex mu_;
  double server_allowed_ = 0;  // last inin-ratelimit-allowed; 0 = unknown
  Clock::time_point tat_{};    // GCRA theoretical arrival time
  Clock::time_point paused_until_{};
};

}  // namespace ge::rest
