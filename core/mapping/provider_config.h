// Resolves the provider block plus GENESYSCLOUD_* environment variables into the REST client's
// configuration and the operational settings (audit log, metrics file, change notifications;
// docs/operations.md). Arguments win over variables (docs/reference/terraform-surface.md, provider
// configuration table). Every problem is reported as a diagnostic naming the argument and its
// variable, before any request is made.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "rest/client.h"
#include "schema/schema.h"
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

// `provider` is the provider's schema (schemas/provider.json): each argument's `env` key names
// its environment variable, and its validators check numbers from either source.

// Checks of the configured values alone, no environment and no file system
// (ValidateProviderConfig): URLs, region, the change webhook. Numbers are left to the schema's
// validators (schema::validate_config). Unknown values are skipped.
void validate_provider_config(const schema::ResourceSchema& provider, const value::Value& config,
                              base::Diagnostics& diags);

// The full resolution (ConfigureProvider): the same checks on the values from either source,
// plus numbers and the file-system checks of the audit and metrics paths. nullopt when diags
// has errors; a configuration with unknown values is an unknown_configuration_error.
std::optional<ProviderSettings> resolve_provider_config(const schema::ResourceSchema& provider,
                                                        const value::Value& config, const EnvLookup& env,
                                                        base::Diagnostics& diags);

// The arguments (dotted inside change_webhook) whose configured value is unknown: Terraform
// configures the provider during plan with values other resources produce only at apply.
std::vector<std::string> unknown_provider_arguments(const schema::ResourceSchema& provider, const value::Value& config);

// The error of an operation that needs the API while those arguments are unknown; names each
// argument with its variable. `unknown` is not empty.
void unknown_configuration_error(const schema::ResourceSchema& provider, const std::vector<std::string>& unknown,
                                 base::Diagnostics& diags);

// Every Genesys Cloud region the provider knows, with its domain (docs/reference/api-contract.md
// "Regions").
const std::map<std::string, std::string>& region_domains();
// The domain of a Genesys Cloud region; empty when unknown.
std::string region_domain(const std::string& region);

}  // namespace ge::mapping
