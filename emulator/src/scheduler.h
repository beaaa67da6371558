// Runs background work (target verification, source jobs, callbacks) after a delay
// on a small pool of worker threads, so request threads never wait on outbound
// calls. Tasks must not throw. stop() drops tasks not yet started and joins.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace genesys_emulator {

class Scheduler {
 public:
  explicit Scheduler(std::size_t workers = 8);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void after(std::int64_t delay_ms, std::function<void()> task);
  void stop();

 private:
  struct Entry {
    std::chrono::steady_clock::time_point due;
    std::uint64_t order;
    std::function<void()> task;
    bool operator>(const Entry& other) const { return due != other.due ? due > other.due : order > other.order; }
  };

  void work();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
  std::uint64_t next_order_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace genesys_emulator
