// UpgradeResourceState's JSON path (mapping::Provider::upgrade_state → value::decode_json with
// ignore_unknown_attributes): RawState.json written by any earlier provider version.
// Input: one byte choosing the resource schema, one byte the stored schema version, then JSON.
#include <cstdint>
#include <string>

#include "schemas.h"
#include "value/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const auto& all = ge::fuzz::schemas();
  const auto& schema = all[data[0] % all.size()];
  const int64_t version = data[1] % 3;
  const std::string json(reinterpret_cast<const char*>(data + 2), size - 2);
  ge::base::Diagnostics diags;
  const ge::value::Value state = ge::fuzz::provider().upgrade_state(schema, version, json, diags);
  // A state read without error is written back by the plugin (as msgpack and JSON). The fuzzer
  // looks for crashes and undefined behaviour on the way; an encoding error is a valid answer.
  if (!diags.has_errors() && state.is_known()) (void)ge::value::encode_json(state, schema.object_type());
  return 0;
}
