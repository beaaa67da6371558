// Resolves the provider block plus GENESYSCLOUD_* environment variables into the REST client's
// configuration (terraform-surface.md, provider configuration table). Arguments win over
// variables. Every problem is reported as a diagnostic naming the argument and its variable.
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

// Checks that need no network and no environment (ValidateProviderConfig).
void validate_provider_config(const value::Value& config, base::Diagnostics& diags);

// The full resolution (ConfigureProvider). nullopt when diags has errors.
std::optional<rest::ClientConfig> resolve_provider_config(const value::Value& config, const EnvLookup& env,
                                                          base::Diagnostics& diags);

// The domain of a Genesys Cloud region (api-contract.md table); empty when unknown.
std::string region_domain(const std::string& region);

}  // namespace ge::mapping
