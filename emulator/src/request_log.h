// The request log served at GET /emulator/requests: one entry per handled request,
// numbered from 1. Bounded (the oldest entries fall off past kCapacity) so a
// benchmark cannot exhaust memory.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace genesys_emulator {

struct RequestLogEntry {
  std::uint64_t seq = 0;
  std::string method;
  std::string path;
  int status = 0;
  std::string client_id;  // empty when the request carried no valid token
  std::string timestamp;
  double duration_ms = 0;
  std::string correlation_id;  // the ININ-Correlation-Id answered; empty when the connection was dropped
};

class RequestLog {
 public:
  static constexpr std::size_t kCapacity = 200000;

  void append(RequestLogEntry entry);
  // Entries with seq > since, oldest first.
  nlohmann::json since(std::uint64_t since) const;
  // Drops the entries; numbering continues so `since` cursors stay meaningful.
  void clear();

 private:
  mutable std::mutex mutex_;
  std::deque<RequestLogEntry> entries_;
  std::uint64_t next_seq_ = 1;
};

}  // namespace genesys_emulator
