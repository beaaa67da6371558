// genesysevents_eventbridge_target (schemas/eventbridge_target.json): records the event types
// each plan gives an existing target, for the source compatibility check
// (eventbridge_source.cpp, docs/design/source-compatibility.md). A source's plan reads its
// targets from the API; a target whose update is pending in the same run would otherwise be
// judged by the event types it is about to lose or gain.
#include "mapping/hooks/eventbridge_paths.h"
#include "mapping/type_hooks.h"

namespace ge::mapping::hooks {
namespace {

using value::Value;

void record_planned_event_types(const schema::ResourceSchema&, Plan& plan, const Value&, HookContext& context,
                                base::Diagnostics&) {
  const Value& id = plan.planned.attribute("id");
  const Value& types = plan.planned.attribute("event_types");
  // A new target (or a replacement) has no id yet: nothing can refer to it by id at plan time.
  if (id.is_null() || !id.is_known() || types.is_null() || !types.is_wholly_known()) return;
  nlohmann::json list = nlohmann::json::array();
  for (const Value& t : types.elements()) list.push_back(t.as_string());
  context.cache.set_planned(target_path(id.as_string()), {{"eventTypes", std::move(list)}});
}

}  // namespace

extern const TypeHooks eventbridge_target;
const TypeHooks eventbridge_target = {.modify_plan = record_planned_event_types};

}  // namespace ge::mapping::hooks
