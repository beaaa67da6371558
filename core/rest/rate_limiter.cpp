#include "rest/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <thread>

namespace ge::rest {
namespace {

double header_number(const std::map<std::string, std::string>& h, const char* name) {
  auto it = h.find(name);
  if (it == h.end()) return -1;
  char* end = nullptr;
  double v = std::strtod(it->second.c_str(), &end);
  // "inf", "nan" and 1e400 are numbers to strtod, not to a rate limit.
  return (end == it->second.c_str() || !std::isfinite(v) || v < 0) ? -1 : v;
}

}  // namespace

RateLimiter::RateLimiter(double requests_per_minute, std::shared_ptr<base::Cancellation> cancel)
    : configured_rpm_(requests_per_minute), cancel_(std::move(cancel)) {}

RateLimiter::Clock::duration RateLimiter::interval_locked() const {
  double rpm = configured_rpm_;
  if (server_allowed_ > 0 && (rpm <= 0 || server_allowed_ < rpm)) rpm = server_allowed_;
  if (rpm <= 0) return Clock::duration::zero();
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(60.0 / rpm));
}

RateLimiter::Clock::time_point RateLimiter::reserve(Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto interval = interval_locked();
  auto start = std::max(now, paused_until_);
  if (interval == Clock::duration::zero()) return start;
  // Burst: at most kMaxBurst, and at most one second's worth of requests (at least one).
  auto per_second = std::chrono::seconds(1) / interval;
  auto burst = std::clamp<long long>(per_second, 1, kMaxBurst);
  Clock::duration tolerance = interval * static_cast<Clock::rep>(burst - 1);
  auto tat = std::max(tat_, start);
  start = std::max(start, tat - tolerance);
  tat_ = tat + interval;
  return start;
}

bool RateLimiter::acquire() {
  auto start = reserve(Clock::now());
  auto wait = start - Clock::now();
  if (wait <= Clock::duration::zero()) return !(cancel_ && cancel_->cancelled());
  if (cancel_) return !cancel_->sleep_for(wait);
  std::this_thread::sleep_for(wait);
  return true;
}

void RateLimiter::observe(const std::map<std::string, std::string>& headers, Clock::time_point now) {
  double count = header_number(headers, "inin-ratelimit-count");
  double allowed = header_number(headers, "inin-ratelimit-allowed");
  double reset = header_number(headers, "inin-ratelimit-reset");
  if (allowed <= 0) return;
  std::lock_guard lock(mu_);
  server_allowed_ = allowed;
  if (count < 0 || reset <= 0) return;
  double margin = std::max(1.0, allowed / 50);
  if (allowed - count <= margin) {
    // Bounded before the conversion: a huge reset would overflow the clock's integer (and pause
    // nothing at all).
    const double seconds = std::min(reset, static_cast<double>(kMaxPause.count()));
    auto pause = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    paused_until_ = std::max(paused_until_, now + pause);
  }
}

void RateLimiter::pause_until(Clock::time_point until) {
  std::lock_guard lock(mu_);
  paused_until_ = std::max(paused_until_, std::min(until, Clock::now() + kMaxPause));
}

}  // namespace ge::rest
