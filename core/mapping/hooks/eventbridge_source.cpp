// genesysevents_eventbridge_source (schemas/eventbridge_source.json): the compatibility check.
// A source's targets must carry every event type of its topic; a plan that creates or changes a
// source whose topic and targets are known reads them (once per provider process, LookupCache)
// and refuses a target that lacks some, naming it and the missing types. Design and limits:
// docs/design/source-compatibility.md.
#include <algorithm>
#include <set>

#include "mapping/hooks/eventbridge_paths.h"
#include "mapping/json_fields.h"
#include "mapping/type_hooks.h"

namespace ge::mapping::hooks {
namespace {

using value::Value;

std::vector<std::string> strings_at(const nlohmann::json& object, const char* field) {
  std::vector<std::string> out;
  if (!object.is_object()) return out;
  auto it = object.find(field);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

void check_compatibility(const schema::ResourceSchema&, Plan& plan, const Value&, HookContext& context,
                         base::Diagnostics& diags) {
  if (context.client == nullptr) return;  // provider configuration unknown until apply
  const Value& planned = plan.planned;
  // A plan that leaves the source as it is keeps every computed value, `version` included
  // (mapping/planner.h); a create or a change leaves it unknown. Only those are checked.
  if (planned.attribute("id").is_known() && !planned.attribute("id").is_null() &&
      planned.attribute("version").is_known()) {
    return;
  }
  const std::string topic_id = known_string(planned.attribute("event_topic_id"));
  const Value& targets = planned.attribute("targets");
  if (topic_id.empty() || targets.is_null() || !targets.is_known()) return;
  std::vector<std::string> target_ids;
  for (const Value& t : targets.elements()) {
    std::string id = known_string(t.is_known() && !t.is_null() ? t.attribute("target_id") : Value());
    if (!id.empty() && std::find(target_ids.begin(), target_ids.end(), id) == target_ids.end()) {
      target_ids.push_back(id);
    }
  }
  if (target_ids.empty()) return;

  auto not_checked = [&](const std::string& what, const rest::Error& error) {
    diags.warning("Compatibility not checked", "The event types of " + what +
                                                   " could not be read, so this plan did not check that the "
                                                   "source's targets carry its topic's event types: " +
                                                   error.summary());
  };
  auto topic = context.cache.get(*context.client, topic_path(topic_id));
  if (!topic.ok()) {
    // An unknown topic fails the source's job with topic.not.active: the API's own message.
    if (topic.error().http_status != 404) not_checked("topic " + topic_id, topic.error());
    return;
  }
  const std::vector<std::string> topic_types = strings_at(*topic, "eventTypes");
  for (const std::string& id : target_ids) {
    auto target = context.cache.get_as_planned(*context.client, target_path(id));
    if (!target.ok()) {
      // A missing target fails the source's job with target.not.verified.
      if (target.error().http_status != 404) not_checked("target " + id, target.error());
      continue;
    }
    const auto carried = strings_at(*target, "eventTypes");
    const std::set<std::string> has(carried.begin(), carried.end());
    std::vector<std::string> missing;
    for (const auto& type : topic_types) {
      if (!has.count(type)) missing.push_back(type);
    }
    if (missing.empty()) continue;
    const std::string name = string_at(*target, "name");  // "" when absent or null, never a throw
    diags.error(
        "EventBridge target \"" + (name.empty() ? id : name) + "\" lacks event types of topic \"" + topic_id + "\"",
        "The source's targets must carry every event type of its topic \"" + topic_id + "\" (" +
            quoted_list(topic_types) + "). The EventBridge target " + (name.empty() ? "" : "\"" + name + "\" ") +
            "(id " + id + ") lacks: " + quoted_list(missing) +
            ". Add them to the target's `event_types`, e.g. `event_types = "
            "data.genesysevents_eventbridge_topic.<name>.event_types`. The target was judged as this plan "
            "leaves it (docs/design/source-compatibility.md).",
        base::AttributePath("targets"));
  }
}

}  // namespace

extern const TypeHooks eventbridge_source;
const TypeHooks eventbridge_source = {.modify_plan = check_compatibility};

}  // namespace ge::mapping::hooks
