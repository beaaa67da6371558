#include "mapping/audit_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

namespace ge::mapping {

std::string format_utc(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

std::string format_audit_line(const AuditRecord& r) {
  // ordered_json keeps the documented field order, which makes the file easy to read by eye.
  nlohmann::ordered_json j;
  j["time"] = format_utc(r.time);
  j["operation"] = operation_name(r.operation);
  j["resource_type"] = r.resource_type;
  j["id"] = r.id.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.id);
  j["latency_ms"] = r.latency.count();
  j["requests"] = r.requests;
  j["retries"] = r.retries;
  j["outcome"] = r.ok ? "success" : "error";
  j["correlation_id"] = r.correlation_id.empty() ? nlohmann::ordered_json(nullptr)
                                                 : nlohmann::ordered_json(r.correlation_id);
  if (!r.ok) j["error"] = r.error;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

base::Status AuditLog::append(const AuditRecord& record) {
  std::string line = format_audit_line(record) + "\n";
  std::lock_guard lock(mu_);
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return base::Internal("audit log " + path_ + ": cannot open: " + std::strerror(errno));
  base::Status status;
  if (::flock(fd, LOCK_EX) != 0) {
    status = base::Internal("audit log " + path_ + ": cannot lock: " + std::strerror(errno));
  } else {
    ssize_t n = ::write(fd, line.data(), line.size());
    if (n != static_cast<ssize_t>(line.size())) {
      status = base::Internal("audit log " + path_ + ": short write: " + std::strerror(errno));
    }
  }
  ::close(fd);  // releases the flock
  return status;
}

}  // namespace ge::mapping
