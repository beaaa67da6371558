// The wall clock the emulator judges request-time deadlines by: token expiry and the
// integration windows (`integrationVisibleAfterMs`, `integrationDeleteLingerMs`,
// `integrationStaleStateMs`, `integrationReadFlapMs`). It is the
// system clock plus an offset that only POST /emulator/clock/advance moves, so a test can step
// past a deadline instead of sleeping until it (docs/emulator.md "Controls"). Scheduled work
// (verifications, jobs, state transitions, deliveries) keeps real time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace genesys_emulator {

class EmulatorClock {
 public:
  // Milliseconds since the Unix epoch, advanced by offset_ms().
  std::int64_t now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
               .count() +
           offset_.load();
  }
  // Moves the clock `ms` (>= 0) forward; returns the new offset.
  std::int64_t advance(std::int64_t ms) { return offset_ += ms; }
  std::int64_t offset_ms() const { return offset_.load(); }

 private:
  std::atomic<std::int64_t> offset_{0};
};

}  // namespace genesys_emulator
