// Runtime configuration changed through GET/PATCH /emulator/config. Thread-safe;
// readers take a snapshot so one request sees one consistent configuration.
#pragma once

#include "api_error.h"
#include "faults.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace genesys_emulator {

struct ConfigValues {
  std::int64_t rate_limit_per_minute = 300;  // per token, docs/reference/api-contract.md "Rate limit"
  // "token" (the platform's per-token budget) or "client": every token of one OAuth client
  // shares one budget, as several runs with one client share an organization's.
  std::string rate_limit_scope = "token";
  std::int64_t token_lifetime_seconds = 86400;
  std::int64_t token_grants_per_minute = 120;         // per client; beyond it /oauth/token answers 400
  std::int64_t verification_delay_ms = 200;           // before a target's verification call
  std::int64_t verification_timeout_ms = 2000;        // the call's timeout; exceeded = TIMEOUT
  std::int64_t job_duration_ms = 300;                 // queued -> running at half, finished at full
  std::int64_t subscription_limit = 25;               // EventBridge subscriptions per organization
  std::int64_t delivery_timeout_ms = 5000;            // per webhook delivery attempt
  double retry_interval_scale = 0.01;                 // webhook retry wait = retryIntervalSeconds*1000ms*scale
  std::int64_t job_retry_after_seconds = 0;           // >0: unfinished job answers carry Retry-After
  std::int64_t integration_state_delay_ms = 300;      // ACTIVATING -> ACTIVE/ERROR, DEACTIVATING -> INACTIVE
  std::int64_t integration_visible_after_ms = 0;      // reads of a new integration answer 404 this long
  std::int64_t integration_delete_linger_ms = 0;      // reads of a deleted integration answer 200 this long
  std::int64_t integration_stale_state_ms = 0;        // reads show the reportedState of before a write this long
  std::int64_t integration_read_flap_ms = 0;          // a new integration's reads alternate 200/404 this long
  std::vector<std::string> rejected_aws_account_ids;  // enabling an EventBridge integration for one ends in ERROR
  std::vector<Fault> faults;
};

class RuntimeConfig {
 public:
  ConfigValues snapshot() const;
  nlohmann::json to_json() const;
  // Applies a partial update atomically: either every given key is valid and
  // applied, or none is and the field errors come back.
  std::optional<ApiError> patch(const nlohmann::json& body);
  std::optional<Fault> take_fault(const std::string& method, const std::string& path);

 private:
  mutable std::mutex mutex_;
  ConfigValues values_;
};

}  // namespace genesys_emulator
