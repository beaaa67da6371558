#include "request_log.h"

namespace genesys_emulator {

void RequestLog::append(RequestLogEntry entry) {
  std::lock_guard lock(mutex_);
  entry.seq = next_seq_++;
  entries_.push_back(std::move(entry));
  if (entries_.size() > kCapacity) entries_.pop_front();
}

nlohmann::json RequestLog::since(std::uint64_t since) const {
  std::lock_guard lock(mutex_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : entries_) {
    if (e.seq <= since) continue;
    out.push_back(
        {{"seq", e.seq},
         {"method", e.method},
         {"path", e.path},
         {"status", e.status},
         {"clientId", e.client_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.client_id)},
         {"timestamp", e.timestamp},
         {"durationMs", e.duration_ms},
         {"correlationId", e.correlation_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.correlation_id)}});
  }
  return out;
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace genesys_emulator
