// Test support: waiting for a condition with a deadline instead of sleeping a fixed time and
// hoping the state was reached (docs/design/test-support.md "No fixed sleeps waiting for a state").
#pragma once

#include <chrono>
#include <thread>

namespace ge::test_support {

// Evaluates `condition` at once and then every `interval`: returns true as soon as it is true,
// false when it is still false once `timeout` has passed since the call. `condition` runs on the calling
// thread; it may make requests, take locks or record what it saw. The caller REQUIREs the result, so that a state never
// reached fails the case with its own message instead of a later, stranger assertion.
template <typename Condition>
bool wait_until(Condition&& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
}

}  // namespace ge::test_support
