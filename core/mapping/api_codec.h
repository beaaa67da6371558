// Converts between a resource's Terraform value and its API JSON object, guided only by the
// schema's `api` field names and types (docs/reference/terraform-surface.md "Naming rule").
#pragma once

#include <nlohmann/json.hpp>

#include "base/attribute_path.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::mapping {

// The request body for a create or update. `planned` is wholly known (apply time);
// write-only attributes, which are null in plans, are taken from `config`.
nlohmann::json to_api(const std::vector<schema::Attribute>& attrs, const value::Value& planned,
                      const value::Value& config);

// The state read back from an API object. Attributes the API never returns (secrets, write-only
// inputs' companions, attributes without an api field, the timeouts block) are carried over
// from `prior` (null on import). JSON-document attributes keep prior's text when semantically
// equal, so formatting never shows as drift. An empty API collection reads as null when prior
// held null, so an omitted optional map never shows as drift either.
value::Value from_api(const schema::ResourceSchema& schema, const nlohmann::json& object, const value::Value& prior);

// The attribute path of an API field path such as "retryPolicy.retryCount" or
// "filters[0].conditions[1].value"; empty when no attribute maps to it.
base::AttributePath attribute_path_for_api_field(const std::vector<schema::Attribute>& attrs,
                                                 const std::string& api_field);

// Whether two JSON texts hold the same document (key order and whitespace ignored).
bool json_text_equal(const std::string& a, const std::string& b);

}  // namespace ge::mapping
