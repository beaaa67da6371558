#include "config.h"

#include "validation.h"

namespace genesys_emulator {

ConfigValues RuntimeConfig::snapshot() const {
  std::lock_guard lock(mutex_);
  return values_;
}

nlohmann::json RuntimeConfig::to_json() const {
  ConfigValues v = snapshot();
  nlohmann::json faults = nlohmann::json::array();
  for (const auto& f : v.faults) faults.push_back(f.to_json());
  return {{"rateLimitPerMinute", v.rate_limit_per_minute},
          {"rateLimitScope", v.rate_limit_scope},
          {"tokenLifetimeSeconds", v.token_lifetime_seconds},
          {"tokenGrantsPerMinute", v.token_grants_per_minute},
          {"verificationDelayMs", v.verification_delay_ms},
          {"verificationTimeoutMs", v.verification_timeout_ms},
          {"jobDurationMs", v.job_duration_ms},
          {"subscriptionLimit", v.subscription_limit},
          {"deliveryTimeoutMs", v.delivery_timeout_ms},
          {"retryIntervalScale", v.retry_interval_scale},
          {"jobRetryAfterSeconds", v.job_retry_after_seconds},
          {"integrationStateDelayMs", v.integration_state_delay_ms},
          {"integrationVisibleAfterMs", v.integration_visible_after_ms},
          {"integrationDeleteLingerMs", v.integration_delete_linger_ms},
          {"integrationStaleStateMs", v.integration_stale_state_ms},
          {"integrationReadFlapMs", v.integration_read_flap_ms},
          {"rejectedAwsAccountIds", v.rejected_aws_account_ids},
          {"faults", faults}};
}

std::optional<ApiError> RuntimeConfig::patch(const nlohmann::json& body) {
  if (!body.is_object()) return bad_request("The config patch must be a JSON object");
  FieldReader reader;
  std::lock_guard lock(mutex_);
  ConfigValues next = values_;
  auto number = [&](const char* key, std::int64_t& out, std::int64_t min, std::int64_t max) {
    if (body.contains(key) && body[key].is_null()) {
      reader.add(key, "invalid.type", std::string(key) + " must be an integer");
      return;
    }
    if (auto v = reader.integer(body, "", key, {.min = min, .max = max})) out = *v;
  };
  number("rateLimitPerMinute", next.rate_limit_per_minute, 1, 100000000);
  number("tokenLifetimeSeconds", next.token_lifetime_seconds, 1, 10LL * 365 * 86400);
  number("tokenGrantsPerMinute", next.token_grants_per_minute, 1, 100000000);
  number("verificationDelayMs", next.verification_delay_ms, 0, 600000);
  number("verificationTimeoutMs", next.verification_timeout_ms, 1, 600000);
  number("jobDurationMs", next.job_duration_ms, 0, 600000);
  number("subscriptionLimit", next.subscription_limit, 0, 100000);
  number("deliveryTimeoutMs", next.delivery_timeout_ms, 1, 600000);
  number("jobRetryAfterSeconds", next.job_retry_after_seconds, 0, 3600);
  number("integrationStateDelayMs", next.integration_state_delay_ms, 0, 600000);
  number("integrationVisibleAfterMs", next.integration_visible_after_ms, 0, 600000);
  number("integrationDeleteLingerMs", next.integration_delete_linger_ms, 0, 600000);
  number("integrationStaleStateMs", next.integration_stale_state_ms, 0, 600000);
  number("integrationReadFlapMs", next.integration_read_flap_ms, 0, 600000);
  if (const auto* accounts = reader.array(body, "", "rejectedAwsAccountIds", false, 0, 1000)) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < accounts->size(); ++i)
      if (reader.check_string((*accounts)[i], index_path("rejectedAwsAccountIds", i), {.min_length = 1}))
        ids.push_back((*accounts)[i].get<std::string>());
    next.rejected_aws_account_ids = std::move(ids);
  }
  if (auto scope = reader.string(body, "", "rateLimitScope", {.one_of = {"token", "client"}})) {
    next.rate_limit_scope = *scope;
  }
  if (auto it = body.find("retryIntervalScale"); it != body.end()) {
    if (!it->is_number() || it->get<double>() < 0.0 || it->get<double>() > 1.0)
      reader.add("retryIntervalScale", "out.of.range", "retryIntervalScale must be a number 0..1");
    else next.retry_interval_scale = it->get<double>();
  }
  if (auto it = body.find("faults"); it != body.end()) {
    if (it->is_null()) {
      next.faults.clear();
    } else if (auto faults = parse_faults(*it, "faults", reader)) {
      next.faults = std::move(*faults);
    }
  }
  for (auto it = body.begin(); it != body.end(); ++it) {
    static const char* kKnown[] = {"rateLimitPerMinute",
                                   "rateLimitScope",
                                   "tokenLifetimeSeconds",
                                   "tokenGrantsPerMinute",
                                   "verificationDelayMs",
                                   "verificationTimeoutMs",
                                   "jobDurationMs",
                                   "subscriptionLimit",
                                   "deliveryTimeoutMs",
                                   "retryIntervalScale",
                                   "jobRetryAfterSeconds",
                                   "integrationStateDelayMs",
                                   "integrationVisibleAfterMs",
                                   "integrationDeleteLingerMs",
                                   "integrationStaleStateMs",
                                   "integrationReadFlapMs",
                                   "rejectedAwsAccountIds",
                                   "faults"};
    bool known = false;
    for (const char* k : kKnown) known = known || it.key() == k;
    // Strict on purpose: a typo in a test's PATCH should fail loudly, not be ignored.
    if (!known) reader.add(it.key(), "unknown.field", it.key() + " is not a config key");
  }
  if (!reader.ok()) return field_errors(reader.take_errors());
  values_ = std::move(next);
  return std::nullopt;
}

std::optional<Fault> RuntimeConfig::take_fault(const std::string& method, const std::string& path) {
  std::lock_guard lock(mutex_);
  if (values_.faults.empty()) return std::nullopt;
  return genesys_emulator::take_fault(values_.faults, method, path);
}

}  // namespace genesys_emulator
