// The audit log: one JSON line per create, update and delete, failed ones included, appended
// to `audit_log_path` (docs/operations.md#audit-log). Lines carry no attribute values, so no
// secret can reach the file.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "base/status.h"
#include "mapping/operation.h"

namespace ge::mapping {

struct AuditRecord {
  std::chrono::system_clock::time_point time;  // when the operation started
  Operation operation = Operation::kCreate;
  std::string resource_type;             // genesysevents_webhook
  std::string id;                        // empty when a create failed before an id existed
  std::chrono::milliseconds latency{0};  // the whole operation, waits included
  int requests = 0;                      // API requests it made (send() calls)
  int retries = 0;                       // back-off retries over all its requests
  bool ok = false;
  std::string correlation_id;  // of the mutation request (POST/PUT/PATCH/DELETE); else the last answer's
  std::string error;           // the first error's summary when !ok
};

// One line, no newline: {"time":"2026-11-26T10:00:00.123Z","operation":"create",
// "resource_type":"...","id":"..."|null,"latency_ms":12,"requests":1,"retries":0,
// "outcome":"success"|"error","correlation_id":"..."|null[,"error":"..."]}
std::string format_audit_line(const AuditRecord& record);

// RFC 3339 UTC with milliseconds.
std::string format_utc(std::chrono::system_clock::time_point t);

class AuditLog {
 public:
  explicit AuditLog(std::string path) : path_(std::move(path)) {}
  // Appends the line with its newline in one write(2) on an O_APPEND descriptor, under an
  // exclusive flock: lines from concurrent RPCs and from other provider processes writing the
  // same file never interleave. Thread-safe.
  base::Status append(const AuditRecord& record);

 private:
  std::string path_;
  std::mutex mu_;
};

}  // namespace ge::mapping
