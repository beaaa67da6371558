// Per-type code for what a schema file cannot say. A type has at most one small hook file,
// core/mapping/hooks/<type>.cpp, registered in type_hooks.cpp; everything else about the type
// stays in its schema file (docs/design/schema-files.md "Hooks"). The engine calls the hooks at
// fixed points and stays generic; a hook sees the REST client only through HookContext.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/cancellation.h"
#include "base/diagnostics.h"
#include "base/status.h"
#include "mapping/planner.h"
#include "rest/client.h"
#include "schema/schema.h"
#include "value/value.h"

namespace ge::mapping {

// GET answers kept for the life of the provider process. Terraform starts one provider process
// per plan and per apply, so "once per process" is "once per plan": lookups of data that changes
// rarely (the organization, the topic catalog) cost one request however many resources ask.
// Thread-safe; a failed GET is not kept (the next caller tries again).
class LookupCache {
 public:
  base::Result<nlohmann::json, rest::Error> get(rest::Client& client, const std::string& path,
                                                const std::vector<std::pair<std::string, std::string>>& query = {});

  // What this process planned for an object, recorded by the plan hook of the object's own type
  // (a target's `eventTypes` while its update is pending): get_as_planned() lays these fields
  // over the API's answer, so a hook of another type judges the object as the apply will leave
  // it. Terraform plans a resource before those that refer to it, so the record is there when a
  // referring resource's hook asks.
  void set_planned(const std::string& path, nlohmann::json fields);
  base::Result<nlohmann::json, rest::Error> get_as_planned(rest::Client& client, const std::string& path);

 private:
  std::mutex mu_;
  std::map<std::string, nlohmann::json> answers_;
  std::map<std::string, nlohmann::json> planned_;  // path -> fields (an object)
};

struct HookContext {
  // Null at plan time while the provider is not configured (its configuration is unknown until
  // apply): a hook then leaves what needs the API unknown or unchecked.
  rest::Client* client = nullptr;
  LookupCache& cache;
  // The provider's (StopProvider); for a hook's own waits and calls outside the client.
  const base::Cancellation* cancel = nullptr;
};

struct TypeHooks {
  // After the generic planner, for create and update plans (never destroy). May set computed
  // values known at plan time (they must equal what complete_state returns after apply) and add
  // diagnostics naming attributes.
  void (*modify_plan)(const schema::ResourceSchema& schema, Plan& plan, const value::Value& config,
                      HookContext& context, base::Diagnostics& diags) = nullptr;
  // On every non-null state the engine returns (apply, read, import): fills computed values the
  // API does not hold. Must not fail the operation; a problem is a warning and leaves the value
  // as it was.
  value::Value (*complete_state)(const schema::ResourceSchema& schema, value::Value state, HookContext& context,
                                 base::Diagnostics& diags) = nullptr;
  // Data sources: the whole read, instead of the engine's.
  value::Value (*read_data_source)(const schema::ResourceSchema& schema, const value::Value& config,
                                   HookContext& context, base::Diagnostics& diags) = nullptr;
};

// For hooks: a string attribute's value, or "" while it is null or unknown (at plan, a value
// computed from another resource).
inline std::string known_string(const value::Value& v) { return v.is_null() || !v.is_known() ? "" : v.as_string(); }

// The hooks of a type; nullptr for the (many) types without any.
const TypeHooks* hooks_for(std::string_view type_name);

}  // namespace ge::mapping
