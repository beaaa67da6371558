// Resolves the provider block plus GENESYSCLOUD_* environment variables into the REST client's
// configuration and the operational settings (audit log, metrics file, change notifications;
// docs/operations.md). Arguments win over variables (docs/reference/terraform-surface.md, provider
// configuration table). Every problem is reported as a diagnostic naming the argument and its
// variable, before any request is made.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "base/diagnostics.h"
#include "rest/client.h"
#include "value/value.h"

namespace ge::mapping {

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment (empty values count as unset).
EnvLookup process_environment();

// `change_webhook { url, signing_secret }` (or GENESYSCLOUD_CHANGE_WEBHOOK_URL and
// GENESYSCLOUD_CHANGE_WEBHOOK_SIGNING_SECRET).
struct ChangeWebhook {
  std::string url;             // https://, checked
  std::string signing_secret;  // non-empty; registered with the log redactor
};

struct ProviderSettings {
  rest::ClientConfig client;
  std::string audit_log_path;  // empty = no audit log; else checked to be appendable
  std::string metrics_path;    // empty = no metrics file; else its directory is checked to be writable
  std::optional<ChangeWebhook> change_webhook;
};

// Checks of the configured values alone, no environment and no file system
// (ValidateProviderConfig): URLs, region, numbers. Unknown values are skipped.
void validate_provider_config(const value::Value& config, base::Diagnostics& diags);

// The full resolution (ConfigureProvider): the same checks on the values from either source,
// plus the file-system checks of the audit and metrics paths. nullopt when diags has errors.
std::optional<ProviderSettings> resolve_provider_config(const value::Value& config, const EnvLookup& env,
                                                        base::Diagnostics& diags);

// The domain of a Genesys Cloud region (docs/reference/api-contract.md "Regions"); empty when unknown.
std::string region_domain(const std::string& region);

}  // namespace ge::mapping
