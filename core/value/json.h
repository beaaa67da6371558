// The JSON form of cty values (go-cty cty/json/marshal.go, unmarshal.go): RawState.json in
// UpgradeResourceState (written by an older provider, in an older schema), MoveResourceState's
// source state, and schema defaults. docs/reference/plugin-protocol.md section 4 and trap 12.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "value/type.h"
#include "value/value.h"

namespace ge::value {

struct JsonDecodeOptions {
  // Drop object attributes the type does not declare instead of failing. The state upgrader sets
  // this: a state written with an older schema may hold attributes that have since been removed.
  bool ignore_unknown_attributes = false;
};

// Decodes a JSON document as a value of `type`, as cty's json.Unmarshal does:
//  - null → null of `type` (at a dynamic position too); missing object attributes → null of
//    their type; extra attributes → error naming them (unless ignore_unknown_attributes).
//  - numbers keep their exact text (12345678901234567890123 and 0.1 survive); a JSON string of
//    decimal text is accepted where a number is expected. Limitation: a JSON number literal
//    beyond double range (1e400) is rejected by the underlying parser; as a JSON string it works.
//  - strings also accept a JSON number (its text) or bool ("true"/"false"); bools accept the
//    strings "true"/"false" (cty's convert rules for primitives).
//  - dynamic positions are {"value": ..., "type": <cty type JSON>}.
// Errors are InvalidArgument with the path, e.g. "json value at .filters[0]: a string is required".
base::Result<Value> decode_json(std::string_view json, const Type& type, JsonDecodeOptions opts = {});

// Encodes v as JSON of `type`, byte-identical to cty's json.Marshal: compact, object attributes
// sorted with every attribute of `type` present (null when absent), numbers as canonical text,
// strings escaped as Go's encoding/json does, dynamic positions wrapped as {"value":…,"type":…}.
// Fails on unknown values (JSON cannot carry them), infinities, and values that do not conform to
// `type` beyond cty's primitive conversions.
base::Result<std::string> encode_json(const Value& v, const Type& type);

}  // namespace ge::value
