// Enforces the JSON Schema documents the emulator serves for integration
// configurations (docs/reference/platform-api.md: "the served JSON Schema is
// authoritative"), so what a client reads from .../configschemas/properties is
// exactly what a configuration PUT is held to.
//
// The subset of draft-04 those documents use: type (object, array, string, integer,
// number, boolean), required, properties, additionalProperties (boolean), enum,
// pattern (ECMAScript, searched as the draft says), minLength, maxLength, items,
// minItems, maxItems, uniqueItems.
#pragma once

#include "validation.h"

#include <nlohmann/json.hpp>

#include <string>

namespace genesys_emulator {

// Records one FieldError per violation in `reader`, named by JSON path under `path`
// (e.g. `properties.eventFilter[1]`), with the codes of docs/emulator.md.
void check_json_schema(const nlohmann::json& schema, const nlohmann::json& value, const std::string& path,
                       FieldReader& reader);

}  // namespace genesys_emulator
