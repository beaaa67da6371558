// API answers decoded into state (mapping::from_api): the JSON object of a GET/POST/PUT answer,
// read against each resource schema, with a null prior (import) and with the state it yields
// as the prior (refresh); both results are then turned back into a request body (to_api).
// Input: one byte choosing the resource schema, then the answer body.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "mapping/api_codec.h"
#include "schemas.h"
#include "value/json.h"

using ge::value::Value;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const auto& all = ge::fuzz::schemas();
  const auto& schema = all[data[0] % all.size()];
  const auto body = nlohmann::json::parse(data + 1, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return 0;
  const Value imported = ge::mapping::from_api(schema, body, Value::null(schema.object_type()));
  const Value refreshed = ge::mapping::from_api(schema, body, imported);
  // Crashes and undefined behaviour are the findings; an encoding error is a valid answer.
  if (imported.is_known()) (void)ge::value::encode_json(imported, schema.object_type());
  if (refreshed.is_known() && refreshed.is_wholly_known())
    (void)ge::mapping::to_api(schema.attributes, refreshed, refreshed);
  return 0;
}
