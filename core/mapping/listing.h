// List data sources (`api.list`): the whole collection, narrowed by `regex_filter` attributes
// and with `element_field` attributes holding one field of each listed object
// (docs/design/schema-files.md "List data sources").
#pragma once

#include "base/diagnostics.h"
#include "rest/client.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::mapping {

// Plan-time check: every known, non-null `regex_filter` attribute of `config` is a valid
// regular expression (ECMAScript syntax); each error names its attribute.
void validate_regex_filters(const schema::ResourceSchema& schema, const value::Value& config, base::Diagnostics& diags);

// Reads a list data source: every object of its collection (all pages), in the API's order,
// less those whose filtered field holds no match of a set `regex_filter`; attributes mapped to
// `entities` and `element_field` attributes are lists, empty rather than null when nothing is
// listed. A filter that is not a valid regular expression is an error before any request.
value::Value read_list(const schema::ResourceSchema& schema, rest::Client& client, const value::Value& config,
                       base::Diagnostics& diags);

}  // namespace ge::mapping
