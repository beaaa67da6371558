#include "base/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <vector>

namespace ge::base::log {
namespace {

std::atomic<Level> g_level{Level::kOff};
std::mutex g_mutex;  // guards g_secrets and serialises writes so lines never interleave
std::vector<std::string> g_secrets;

Level parse_level(std::string v) {
  std::transform(v.begin(), v.end(), v.begin(), ::toupper);
  if (v == "TRACE" || v == "JSON") return Level::kTrace;
  if (v == "DEBUG") return Level::kDebug;
  if (v == "INFO") return Level::kInfo;
  if (v == "WARN") return Level::kWarn;
  if (v == "ERROR") return Level::kError;
  if (v == "OFF" || v.empty()) return Level::kOff;
  return Level::kTrace;  // the CLI treats an invalid level as TRACE too
}

const char* level_name(Level l) {
  switch (l) {
    case Level::kTrace: return "trace";
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    case Level::kOff: break;
  }
  return "off";
}

// hclog's TimeFormatJSON: exactly six fractional digits and a zone (docs/reference/plugin-protocol.md §6).
std::string now_timestamp() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(now);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now - secs).count();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[80];
  std::snprintf(out, sizeof out, "%s.%06lldZ", buf, static_cast<long long>(micros));
  return out;
}

std::string redact_locked(std::string text) {
  for (const auto& s : g_secrets) {
    for (size_t pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos)) {
      text.replace(pos, s.size(), "(redacted)");
      pos += 10;
    }
  }
  return text;
}

}  // namespace

void init_from_environment() {
  for (const char* name : {"TF_LOG_PROVIDER_GENESYSEVENTS", "TF_LOG_PROVIDER", "TF_LOG"}) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') {
      set_level(parse_level(v));
      return;
    }
  }
  set_level(Level::kOff);
}

void set_level(Level level) { g_level.store(level); }
Level level() { return g_level.load(); }
bool enabled(Level l) { return l != Level::kOff && l >= g_level.load(); }

void register_secret(std::string secret) {
  // Very short values would redact ordinary words; API secrets are far longer than this.
  if (secret.size() < 4) return;
  std::lock_guard lock(g_mutex);
  if (std::find(g_secrets.begin(), g_secrets.end(), secret) == g_secrets.end()) {
    g_secrets.push_back(std::move(secret));
  }
}

std::string redact(std::string text) {
  std::lock_guard lock(g_mutex);
  return redact_locked(std::move(text));
}

std::string format_line(Level level, std::string_view message, std::initializer_list<Field> fields,
                        std::string_view timestamp) {
  nlohmann::json line = nlohmann::json::object();
  line["@level"] = level_name(level);
  line["@message"] = std::string(message);
  line["@module"] = "genesysevents";
  if (!timestamp.empty()) line["@timestamp"] = std::string(timestamp);
  for (const auto& [k, v] : fields) line[std::string(k)] = v;
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write(Level l, std::string_view message, std::initializer_list<Field> fields) {
  if (!enabled(l)) return;
  std::string text = format_line(l, message, fields, now_timestamp());
  std::lock_guard lock(g_mutex);
  text = redact_locked(std::move(text));
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace ge::base::log
