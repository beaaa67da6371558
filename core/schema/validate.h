// Plan-time validation of a configuration value against its schema: every validator, conflict
// and dependency rule, with the attribute path in each diagnostic. Unknown values (not yet
// known at plan time) are skipped; Terraform validates again once they are known.
#pragma once

#include "base/diagnostics.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::schema {

void validate_config(const ResourceSchema& schema, const value::Value& config, base::Diagnostics& diags);

// One validator on one known, non-null value; exposed for tests.
void check_validator(const Validator& v, const value::Value& val, const base::AttributePath& at,
                     base::Diagnostics& diags);

}  // namespace ge::schema
