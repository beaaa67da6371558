// Per-token request budget (docs/reference/api-contract.md "Rate limit"): a fixed one-minute window
// that starts with the token's first request in it. Requests over the budget are
// refused and do not count.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace genesys_emulator {

struct RateDecision {
  bool allowed = true;
  std::int64_t count = 0;           // requests counted in the current window
  std::int64_t limit = 0;           // inin-ratelimit-allowed
  std::int64_t reset_seconds = 60;  // until the window ends (inin-ratelimit-reset, Retry-After)
};

class RateLimiter {
 public:
  RateDecision hit(const std::string& key, std::int64_t limit);
  void clear();

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    std::int64_t count = 0;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace genesys_emulator
