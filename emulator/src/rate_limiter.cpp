#include "rate_limiter.h"

namespace genesys_emulator {

RateDecision RateLimiter::hit(const std::string& key, std::int64_t limit) {
  using namespace std::chrono;
  auto now = steady_clock::now();
  std::lock_guard lock(mutex_);
  auto& window = windows_[key];
  if (window.count == 0 || now - window.start >= minutes(1)) {
    window.start = now;
    window.count = 0;
  }
  RateDecision d;
  d.limit = limit;
  auto left = duration_cast<milliseconds>(window.start + minutes(1) - now).count();
  d.reset_seconds = std::max<std::int64_t>(1, (left + 999) / 1000);
  if (window.count >= limit) {
    d.allowed = false;
  } else {
    ++window.count;
  }
  d.count = window.count;
  return d;
}

void RateLimiter::clear() {
  std::lock_guard lock(mutex_);
  windows_.clear();
}

}  // namespace genesys_emulator
