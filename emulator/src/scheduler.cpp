#include "scheduler.h"

namespace genesys_emulator {

Scheduler::Scheduler(std::size_t workers) {
  for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

Scheduler::~Scheduler() { stop(); }

void Scheduler::after(std::int64_t delay_ms, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push(
        Entry{std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms), next_order_++, std::move(task)});
  }
  wake_.notify_all();
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

// Every worker waits for the earliest due task; whoever wakes first takes it.
void Scheduler::work() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto due = queue_.top().due;
    if (std::chrono::steady_clock::now() < due) {
      wake_.wait_until(lock, due);
      continue;
    }
    auto task = std::move(const_cast<Entry&>(queue_.top()).task);
    queue_.pop();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace genesys_emulator
