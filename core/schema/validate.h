// Plan-time validation of a configuration value against its schema: every validator, conflict
// and dependency rule, with the attribute path in each diagnostic. Unknown values (not yet
// known at plan time) are skipped; Terraform validates again once they are known.
#pragma once

#include <string>
#include <vector>

#include "base/attribute_path.h"
#include "base/diagnostics.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::schema {

void validate_config(const ResourceSchema& schema, const value::Value& config, base::Diagnostics& diags);

// The paths of the write-only attributes that `config` sets (non-null or unknown), at the top
// level and inside single nested attributes (the only places the loader allows them), in
// attribute (name) order. Empty when config is null.
std::vector<base::AttributePath> write_only_values(const std::vector<Attribute>& attrs, const value::Value& config);

// One error per write-only value set in `config`, for a CLI that cannot handle write-only
// attributes (Terraform < 1.11 sends no write_only_attributes_allowed capability): the error
// names the attribute and its sensitive twin, so the plan stops before any API call.
void reject_write_only(const ResourceSchema& schema, const value::Value& config, base::Diagnostics& diags);

// One validator on one known, non-null value. Messages name the attribute, and for a provider
// argument its environment variable `env` too: "`max_retries` (or GENESYSCLOUD_MAX_RETRIES)".
void check_validator(const Validator& v, const value::Value& val, const base::AttributePath& at,
                     base::Diagnostics& diags, const std::string& env = "");

}  // namespace ge::schema
