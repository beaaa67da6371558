// Cooperative cancellation shared by everything a provider process does. StopProvider calls
// cancel(); HTTP transfers, retry back-offs and polling waits observe it and return promptly.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ge::base {

class Cancellation {
 public:
  void cancel() {
    {
      std::lock_guard lock(mu_);
      cancelled_ = true;
    }
    cv_.notify_all();
  }
  bool cancelled() const {
    std::lock_guard lock(mu_);
    return cancelled_;
  }
  // Sleeps for `d` unless cancelled first. Returns true when cancelled.
  template <typename Rep, typename Period>
  bool sleep_for(std::chrono::duration<Rep, Period> d) const {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, d, [this] { return cancelled_; });
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  bool cancelled_ = false;
};

}  // namespace ge::base
