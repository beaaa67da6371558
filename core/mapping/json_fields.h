// Checked reads of API answers: a field that is missing or of another type than expected reads
// as absent (nullptr / nullopt / ""), never as an exception, so a surprising answer becomes a
// diagnostic rather than a crashed provider.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ge::mapping {

// The value at a dotted path ("error.message") through nested objects; nullptr when any step
// is missing or not an object.
const nlohmann::json* field_at(const nlohmann::json& object, std::string_view dotted);

// The field as text: a string as is, a number or other scalar as its JSON text; "" when the
// field is missing or null (or the path is empty).
std::string string_at(const nlohmann::json& object, std::string_view dotted);

// Parses a whole string as a decimal integer; nullopt for anything else (sign, spaces,
// overflow included).
std::optional<int64_t> parse_int(std::string_view text);

}  // namespace ge::mapping
