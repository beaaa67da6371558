// Turns REST errors into Terraform diagnostics that carry the API's own message, its error
// code, the correlation id to quote to Genesys support, the attribute the API blamed, and for a
// duplicate name the import command that adopts the existing object.
#pragma once

#include <string>

#include "base/diagnostics.h"
#include "rest/error.h"
#include "schema/schema.h"

namespace ge::mapping {

// `operation` is a verb phrase such as "create" or "read"; `address_hint` is used in the import
// command of a duplicate-name error (e.g. "genesysevents_webhook.<name>").
// An error whose code is the schema's `collection_limit.error_code` (the API's own limit check,
// e.g. after a race with another client) gets collection_limit_diagnostic's message.
// `section` is the `as` of the section (read_also with write) the failed request wrote: its
// field errors name fields relative to it (`properties.awsAccountId` of the configuration), so
// they are looked up under it first.
base::Diagnostic api_error_diagnostic(const schema::ResourceSchema& schema, const std::string& operation,
                                      const rest::Error& error, const std::string& section = "");

// The error for a create refused by the schema's `collection_limit` (which must be set): one
// summary and one piece of advice whether the provider's preflight found the collection full or
// the API refused the create; `detail` says which, first.
base::Diagnostic collection_limit_diagnostic(const schema::ResourceSchema& schema, const std::string& detail);

}  // namespace ge::mapping
