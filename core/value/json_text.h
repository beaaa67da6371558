// Internal to ge_value: a small JSON document model that keeps number text exactly as written,
// and Go-compatible string quoting. Not part of the library's public contract.
//
// Why not nlohmann::json directly: it turns 12345678901234567890123 and 0.1 into doubles, and
// cty numbers must round-trip exactly (docs/reference/plugin-protocol.md trap 9). The parser here is driven by
// nlohmann's SAX interface, which hands over the original text of every non-integer number.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "value/type.h"

namespace ge::value::detail {

struct JsonMember;

struct JsonNode {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;                 // string value, or number text
  std::vector<JsonNode> items;      // array elements
  std::vector<JsonMember> members;  // object members, document order
};

// A named struct rather than std::pair<std::string, JsonNode>: a pair may not be instantiated
// while JsonNode is still incomplete (libstdc++ asserts it under clang).
struct JsonMember {
  std::string first;
  JsonNode second;
};

// Parses one complete JSON document (no trailing content). Nesting deeper than 512 levels is
// rejected so hostile input cannot exhaust the stack of the recursive consumers.
base::Result<JsonNode> parse_json(std::string_view text);

// Appends s as a JSON string literal the way Go's encoding/json.Marshal does (cty uses it for
// strings and type JSON): HTML-sensitive <, >, & and U+2028/U+2029 as \u escapes, invalid UTF-8
// bytes as \ufffd.
void append_json_string(std::string& out, std::string_view s);

// Converts a parsed cty type JSON document into a Type (defined in type.cpp).
base::Result<Type> type_from_json_node(const JsonNode& node);

}  // namespace ge::value::detail
